import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Command, CommandAccepted, CommandContext, CommandGateway } from '@app/platform';
import { OrderSupervisionDto, PursueAccountabilityDto } from './escalation.dto';
import { OrderSupervisionCommand, PursueAccountabilityCommand } from './escalation.handlers';

/** The escalation ladder's recorded acts (003 §3(4)); `dutyId` as GET /deadlines names it. */
@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('duties/:dutyId')
export class EscalationController {
  constructor(private readonly commands: CommandGateway) {}

  @Post('supervision')
  @ApiOperation({ summary: '督办 — order supervision of a duty overdue today; notifies the people answerable (003 §3(4))' })
  @ApiCreatedResponse({ type: CommandAccepted })
  supervise(@Param('dutyId') dutyId: string, @Body() body: OrderSupervisionDto, @Command() context: CommandContext) {
    return this.commands.send(new OrderSupervisionCommand(dutyId, body, context));
  }

  @Post('accountability')
  @ApiOperation({ summary: '问责 — pursue accountability for a duty closed late or still overdue; notifies the people answerable (003 §3(4), 002 §36)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  pursue(@Param('dutyId') dutyId: string, @Body() body: PursueAccountabilityDto, @Command() context: CommandContext) {
    return this.commands.send(new PursueAccountabilityCommand(dutyId, body, context));
  }
}
