import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/domain';
import { CurrentActor } from '@app/platform';
import { NotificationListDto, NotificationsQueryDto } from './notifications.dto';
import { ListNotificationsQuery } from './notifications.handlers';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'The 督办 and 问责 notices addressed to the signed-in person (or a person or department the reader may read), newest first' })
  @ApiOkResponse({ type: NotificationListDto })
  list(@Query() query: NotificationsQueryDto, @CurrentActor() actor: Actor) {
    return this.queries.execute(new ListNotificationsQuery(query, actor));
  }
}
