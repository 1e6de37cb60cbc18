import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** 督办 — supervision of an overdue duty (003 §3(4)). */
export class OrderSupervisionDto {
  @ApiProperty({ example: '请于三个工作日内报送检查报告，逾期将启动问责', description: 'what the people answerable are told to do, and by when' })
  @IsString({ message: 'instruction must be text' })
  @Length(1, 2000, { message: 'instruction must be 1–2000 characters' })
  instruction!: string;
}

/** 问责 — accountability for a duty closed late or still overdue (003 §3(4), 002 §36). */
export class PursueAccountabilityDto {
  @ApiProperty({ example: '督办后仍未报送检查报告，责令作出书面检查', description: 'why, and what follows' })
  @IsString({ message: 'reason must be text' })
  @Length(1, 2000, { message: 'reason must be 1–2000 characters' })
  reason!: string;
}
