import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Command, CommandAccepted, CommandContext, CommandGateway } from '@app/platform';
import { RecordCaseInspectionDto } from './case-inspections.dto';
import { RecordCaseInspectionCommand } from './case-inspections.handlers';

/** 非随机检查 — inspections outside the random regime (000 §11, 002 §2). */
@ApiTags('case-inspections')
@Controller()
export class CaseInspectionsController {
  constructor(private readonly commands: CommandGateway) {}

  @Post('departments/:departmentId/case-inspections')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Record an inspection prompted by a complaint, tip-off, referral, assignment or emergency: it uses no random-inspection quota, and complaints count towards the many-complaints exemption (002 §15)',
  })
  @ApiCreatedResponse({ type: CommandAccepted })
  record(@Param('departmentId') departmentId: string, @Body() body: RecordCaseInspectionDto, @Command() context: CommandContext) {
    return this.commands.send(new RecordCaseInspectionCommand(departmentId, body, context));
  }
}
