import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { Command, CommandAccepted, CommandContext, CommandGateway, CurrentActor } from '@app/platform';
import {
  AcceptJointTaskDto,
  AnnouncementsQueryDto,
  DepartmentTasksQueryDto,
  FileImplementationPlanDto,
  LockTaskListDto,
  SetUpTaskDto,
  TaskAnnouncementDto,
  TaskAnnouncementPageDto,
  VisitsQueryDto,
} from './tasks.dto';
import {
  AcceptJointTaskCommand,
  FileImplementationPlanCommand,
  GetAnnouncementQuery,
  GetTargetVisitsQuery,
  GetTaskQuery,
  GetTaskVisitsQuery,
  ListAnnouncementsQuery,
  ListDepartmentTasksQuery,
  LockTaskListCommand,
  SetUpTaskCommand,
} from './tasks.handlers';

/** 抽查任务 — tasks set up under a published plan, locked, dispatched and announced (DOMAIN.md, The double draw). */
@ApiTags('tasks')
@Controller()
export class TasksController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly queries: QueryBus,
  ) {}

  @Post('tasks')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Set up a task under the owning department's published plan, optionally delegated to subordinates or joint with other departments" })
  @ApiCreatedResponse({ type: CommandAccepted })
  setUp(@Body() body: SetUpTaskDto, @Command() context: CommandContext) {
    return this.commands.send(new SetUpTaskCommand(body, context));
  }

  @Post('tasks/:taskId/implementation-plan')
  @ApiBearerAuth()
  @ApiOperation({ summary: "File the task's implementation plan (实施方案) with the superior department, before the task starts (004 §4(5))" })
  @ApiCreatedResponse({ type: CommandAccepted })
  fileImplementationPlan(@Param('taskId') taskId: string, @Body() body: FileImplementationPlanDto, @Command() context: CommandContext) {
    return this.commands.send(new FileImplementationPlanCommand(taskId, body, context));
  }

  @Post('tasks/:taskId/lock')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Lock the list of the task's confirmed draw, dispatch it to the executing departments and publish the announcement" })
  @ApiCreatedResponse({ type: CommandAccepted })
  lock(@Param('taskId') taskId: string, @Body() body: LockTaskListDto, @Command() context: CommandContext) {
    return this.commands.send(new LockTaskListCommand(taskId, body, context));
  }

  @Post('tasks/:taskId/joint-acceptances')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'An invited department joins a joint task before its draw, for items of its own published checklist (004 §2(4))' })
  @ApiCreatedResponse({ type: CommandAccepted })
  acceptJoint(@Param('taskId') taskId: string, @Body() body: AcceptJointTaskDto, @Command() context: CommandContext) {
    return this.commands.send(new AcceptJointTaskCommand(taskId, body, context));
  }

  @Get('tasks/:taskId')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'A task with its locked list and dispatches (staff of its departments and their superiors, oversight)' })
  get(@Param('taskId') taskId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetTaskQuery(taskId, actor));
  }

  @Get('tasks/:taskId/visits')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Per target of the locked list, the visit covering the task and every task merged into it (进一次门、查多项事)' })
  visits(@Param('taskId') taskId: string, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetTaskVisitsQuery(taskId, actor));
  }

  @Get('departments/:departmentId/tasks')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Tasks a department owns, executes or takes part in jointly, newest first' })
  list(@Param('departmentId') departmentId: string, @Query() query: DepartmentTasksQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListDepartmentTasksQuery(departmentId, query, actor));
  }

  @Get('targets/:targetId/visits')
  @ApiBearerAuth()
  @ApiOperation({ summary: "A target's visits in a year: locked tasks with overlapping windows merged into one visit" })
  targetVisits(@Param('targetId') targetId: string, @Query() query: VisitsQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new GetTargetVisitsQuery(targetId, query.year, actor));
  }

  @Get('public/announcements')
  @ApiOperation({ summary: 'Task announcements (任务公告), newest first: title, department, items, window, number of targets' })
  @ApiOkResponse({ type: TaskAnnouncementPageDto })
  announcements(@Query() query: AnnouncementsQueryDto) {
    return this.queries.execute(new ListAnnouncementsQuery(query));
  }

  @Get('public/announcements/:taskId')
  @ApiOperation({ summary: 'The public announcement of a task: its department, items and the drawn targets' })
  @ApiOkResponse({ type: TaskAnnouncementDto })
  announcement(@Param('taskId') taskId: string) {
    return this.queries.execute(new GetAnnouncementQuery(taskId));
  }
}
