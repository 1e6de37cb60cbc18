import { Projection } from '@app/read-store';
import { departmentsProjection } from './departments/departments.projection';
import { inspectorsProjection } from './inspectors/inspectors.projection';
import { expertsProjection } from './inspectors/experts.projection';
import { checklistsProjection } from './checklists/checklists.projection';
import { plansProjection } from './plans/plans.projection';
import { subRegistriesProjection, targetsProjection } from './targets/targets.projection';
import { drawsProjection } from './draws/draws.projection';
import { matchingsProjection } from './matchings/matchings.projection';
import { tasksProjection } from './tasks/tasks.projection';
import { visitsProjection } from './tasks/visits.projection';
import { resultsProjection } from './publication/results.projection';
import { annualSummariesProjection } from './publication/annual-summaries.projection';
import { annualSummaryDocumentsProjection } from './publication/annual-summary-documents.projection';
import { historyProjection } from './history/history.projection';
import { deadlinesProjection } from './deadlines/deadlines.projection';
import { inspectionsProjection } from './inspections/inspections.projection';
import { statisticsProjection } from './statistics/statistics.projection';
import { notificationsProjection } from './notifications/notifications.projection';

export * from './departments/departments.projection';
export * from './inspectors/inspectors.projection';
export * from './inspectors/experts.projection';
export * from './checklists/checklists.projection';
export * from './plans/plans.projection';
export * from './targets/targets.projection';
export * from './draws/draws.projection';
export * from './matchings/matchings.projection';
export * from './tasks/tasks.projection';
export * from './tasks/visits.projection';
export * from './publication/results.projection';
export * from './publication/annual-summaries.projection';
export * from './publication/annual-summary-documents.projection';
export * from './history/history.projection';
export * from './deadlines/deadlines.projection';
export * from './inspections/inspections.projection';
export * from './statistics/statistics.projection';
export * from './statistics/statistics.assessment';
export * from './notifications/notifications.projection';

/**
 * The shape of everything the projections write. A persistent read store made by another version
 * is rebuilt from the log instead of resumed: change this whenever a projection's output changes.
 */
export const PROJECTIONS_VERSION = '2026-12-03.4'; // draws: a freeze's pools carry the count and hash of their exclusions

/** Every read model the projector maintains, in the order they are applied to each event. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  departmentsProjection,
  inspectorsProjection,
  expertsProjection,
  checklistsProjection,
  plansProjection,
  targetsProjection,
  subRegistriesProjection,
  drawsProjection,
  matchingsProjection,
  tasksProjection,
  visitsProjection,
  resultsProjection,
  annualSummariesProjection,
  annualSummaryDocumentsProjection,
  historyProjection,
  deadlinesProjection,
  inspectionsProjection,
  statisticsProjection,
  notificationsProjection,
];
