import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { ListNotificationsHandler } from './notifications.handlers';

@Module({ controllers: [NotificationsController], providers: [ListNotificationsHandler] })
export class NotificationsModule {}
