import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';
import { TASK_HANDLERS } from './tasks.handlers';

@Module({ controllers: [TasksController], providers: [...TASK_HANDLERS] })
export class TasksModule {}
