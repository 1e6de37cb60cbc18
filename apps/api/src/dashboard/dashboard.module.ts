import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';

/** The dashboard pages; they read through the queries the statistics, organisation and public-page modules register. */
@Module({ controllers: [DashboardController] })
export class DashboardModule {}
