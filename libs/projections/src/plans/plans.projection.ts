/**
 * Annual plans as staff and the public read them: one document per plan with every version
 * (published or not) and its filings with the superior. Queries show the public only the
 * published versions (004 §4(4): plans are published; 002 §6: pushed to the public system).
 * Indexes list a department's plans, and separately those with a published version, by year.
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, indexAdd, update } from '@app/read-store';
import type { PlanContent, PlanEvent } from '@app/domain';

export interface PlanVersionView {
  version: number;
  reason: string | null;
  content: PlanContent;
  publishedOn: string | null;
  /** When the version was filed or adjusted in the system. */
  recordedAt: string;
}

export interface PlanFilingView {
  version: number;
  superiorId: string;
  filedOn: string;
  deadline: string;
  onTime: boolean;
}

export interface PlanView {
  planId: string;
  departmentId: string;
  year: number;
  versions: PlanVersionView[];
  /** The latest published version; null before the first publication. */
  currentPublishedVersion: number | null;
  /** Latest version published: draws may run under the plan. */
  isExecutable: boolean;
  filings: PlanFilingView[];
}

export const PLANS = 'plans';
/** Every plan of a department, scored by year. */
export const departmentPlansIndex = (departmentId: string) => `plans:department:${departmentId}`;
/** Plans of a department with at least one published version, scored by year. */
export const publishedPlansIndex = (departmentId: string) => `plans:published:${departmentId}`;

export const plansProjection: Projection = {
  name: 'plans',
  eventTypes: ['PlanFiled', 'PlanPublished', 'PlanAdjusted', 'PlanFiledWithSuperior'],
  project(recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as PlanEvent;
    const { planId } = event.data;
    const change = (apply: (plan: PlanView) => PlanView) => update<PlanView>(PLANS, planId, (current) => current && apply(current));
    switch (event.type) {
      case 'PlanFiled': {
        const { departmentId, year, version, content } = event.data;
        return [
          update<PlanView>(PLANS, planId, () => ({
            planId,
            departmentId,
            year,
            versions: [{ version, reason: null, content, publishedOn: null, recordedAt: recorded.metadata.recordedAt }],
            currentPublishedVersion: null,
            isExecutable: false,
            filings: [],
          })),
          indexAdd(departmentPlansIndex(departmentId), planId, year),
        ];
      }
      case 'PlanPublished': {
        const { departmentId, year, version, publishedOn } = event.data;
        return [
          change((plan) => {
            const versions = plan.versions.map((v) => (v.version === version ? { ...v, publishedOn } : v));
            return { ...plan, versions, currentPublishedVersion: version, isExecutable: versions[versions.length - 1].publishedOn !== null };
          }),
          indexAdd(publishedPlansIndex(departmentId), planId, year),
        ];
      }
      case 'PlanAdjusted': {
        const { version, reason, content } = event.data;
        return [
          change((plan) => ({
            ...plan,
            versions: [...plan.versions, { version, reason, content, publishedOn: null, recordedAt: recorded.metadata.recordedAt }],
            isExecutable: false,
          })),
        ];
      }
      case 'PlanFiledWithSuperior': {
        const { version, superiorId, filedOn, deadline, onTime } = event.data;
        return [change((plan) => ({ ...plan, filings: [...plan.filings, { version, superiorId, filedOn, deadline, onTime }] }))];
      }
    }
  },
};
