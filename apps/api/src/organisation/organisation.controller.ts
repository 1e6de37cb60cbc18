import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Command, CommandAccepted, CommandContext, CommandGateway } from '@app/platform';
import { AddBusinessUnitDto, DepartmentViewDto, RegisterDepartmentDto } from './organisation.dto';
import { AddBusinessUnitCommand, GetDepartmentQuery, ListDepartmentsQuery, RegisterDepartmentCommand } from './organisation.handlers';

@ApiTags('organisation')
@Controller('departments')
export class OrganisationController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Register a department (province, city or county)' })
  @ApiCreatedResponse({ type: CommandAccepted })
  register(@Body() body: RegisterDepartmentDto, @Command() context: CommandContext) {
    return this.commands.send(new RegisterDepartmentCommand(body, context));
  }

  @Post(':departmentId/units')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add a business, credit-supervision, legal or discipline unit to a department' })
  @ApiCreatedResponse({ type: CommandAccepted })
  addUnit(@Param('departmentId') departmentId: string, @Body() body: AddBusinessUnitDto, @Command() context: CommandContext) {
    return this.commands.send(new AddBusinessUnitCommand(departmentId, body, context));
  }

  @Get()
  @ApiOperation({ summary: 'Every registered department with its level, superior and business units' })
  @ApiOkResponse({ type: [DepartmentViewDto] })
  list() {
    return this.queries.execute(new ListDepartmentsQuery());
  }

  @Get(':departmentId')
  @ApiOperation({ summary: 'One department with its level, superior and business units' })
  @ApiOkResponse({ type: DepartmentViewDto })
  get(@Param('departmentId') departmentId: string) {
    return this.queries.execute(new GetDepartmentQuery(departmentId));
  }
}
