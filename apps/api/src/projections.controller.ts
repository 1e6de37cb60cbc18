import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { PROJECTION_RUNNER } from '@app/platform';
import { ProjectionRunner, ProjectionStatus } from '@app/read-store';

@ApiTags('service')
@ApiBearerAuth()
@Controller('projections')
export class ProjectionsController {
  constructor(@Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner) {}

  /** Checkpoint, head of the log and the lag between them. */
  @Get('status')
  @ApiOperation({ summary: "The projector's checkpoint, the head of the log and the lag between them" })
  status(): Promise<ProjectionStatus> {
    return this.runner.status();
  }
}
