/**
 * The target registry as staff and the public read it (000 §13–14, 002 §10): one document per
 * target, and one sorted index per filter value so that a directional query (by department,
 * area, industry, subject type, scale, status, credit grade, sub-registry, name prefix) starts
 * from the members of one index instead of the whole registry.
 *
 * An index entry's score is the log position of the event that put the target into it, so each
 * index lists targets in the order they joined it. Every event names what it changes (a change
 * of details carries the previous values), so index entries move without reading the document.
 * How the query intersects filters: apps/api/src/targets/targets.handlers.ts.
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, ReadChange, indexAdd, indexRemove, update } from '@app/read-store';
import { ClassificationIndicator, CreditGrade, SubRegistryEvent, TargetDetails, TargetEvent, TARGET_EVENT_TYPES, industryPrefixes } from '@app/domain';

export interface TargetStatusFactView {
  effectiveDate: string;
  source: string;
}

export interface TargetView extends TargetDetails {
  targetId: string;
  /** The owning jurisdiction (谁管辖、谁维护). */
  departmentId: string;
  creditGrade: (TargetStatusFactView & { grade: CreditGrade }) | null;
  abnormal: (TargetStatusFactView & { reason: string }) | null;
  seriousViolation: (TargetStatusFactView & { reason: string }) | null;
  penalties: (TargetStatusFactView & { decisionNumber: string })[];
  trustworthy: TargetStatusFactView | null;
  revoked: (TargetStatusFactView & { decisionNumber: string }) | null;
  deregistered: TargetStatusFactView | null;
  subRegistries: { subRegistryId: string; values: Record<string, string>; effectiveDate: string }[];
  registeredAt: string;
  updatedAt: string;
}

/** Statuses a query can filter by. */
export const TARGET_STATUSES = ['active', 'abnormal', 'serious-violation', 'penalised', 'trustworthy', 'revoked', 'deregistered'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

export const TARGETS = 'targets';
export const TARGETS_INDEX = 'targets:all';
export const targetsByDepartment = (departmentId: string) => `targets:dept:${departmentId}`;
export const targetsByArea = (areaCode: string) => `targets:area:${areaCode}`;
/** One index per industry prefix: 'C', 'C13', 'C139', 'C1391' all hold a C1391 target. */
export const targetsByIndustry = (industryPrefix: string) => `targets:industry:${industryPrefix}`;
export const targetsByType = (subjectType: string) => `targets:type:${subjectType}`;
export const targetsByScale = (scale: string) => `targets:scale:${scale}`;
export const targetsByStatus = (status: TargetStatus) => `targets:status:${status}`;
export const targetsByCreditGrade = (grade: CreditGrade) => `targets:credit:${grade}`;
export const targetsBySubRegistry = (subRegistryId: string) => `targets:sub:${subRegistryId}`;
/** Names are indexed by their first one and two characters; a longer prefix filters the two-character index. */
export const targetsByNamePrefix = (prefix: string) => `targets:name:${prefix}`;
export const NAME_PREFIX_LENGTH = 2;
export const namePrefixes = (name: string) => [...new Set([name.slice(0, 1), name.slice(0, NAME_PREFIX_LENGTH)])];

export interface SubRegistryView {
  subRegistryId: string;
  departmentId: string;
  code: string;
  name: string;
  objectType: string;
  indicators: ClassificationIndicator[];
  requirements: string[];
  definedAt: string;
}
export const SUB_REGISTRIES = 'subregistries';
export const subRegistriesOf = (departmentId: string) => `subregistries:dept:${departmentId}`;

const detailIndexes = (details: Partial<TargetDetails>): string[] => [
  ...(details.areaCode ? [targetsByArea(details.areaCode)] : []),
  ...(details.industry ? industryPrefixes(details.industry).map(targetsByIndustry) : []),
  ...(details.subjectType ? [targetsByType(details.subjectType)] : []),
  ...(details.scale ? [targetsByScale(details.scale)] : []),
  ...(details.name ? namePrefixes(details.name).map(targetsByNamePrefix) : []),
];

export const targetsProjection: Projection = {
  name: 'targets',
  eventTypes: TARGET_EVENT_TYPES,
  project(recorded: RecordedEvent): ReadChange[] {
    const event = { type: recorded.type, data: recorded.data } as TargetEvent;
    const at = recorded.metadata.recordedAt;
    const score = Number(recorded.position.commit);
    const id = event.data.targetId;
    const change = (apply: (view: TargetView) => Partial<TargetView>) =>
      update<TargetView>(TARGETS, id, (view) => view && { ...view, ...apply(view), updatedAt: at });
    const add = (index: string) => indexAdd(index, id, score);
    const remove = (index: string) => indexRemove(index, id);
    const fact = 'effectiveDate' in event.data && 'source' in event.data ? { effectiveDate: event.data.effectiveDate, source: event.data.source } : null;
    switch (event.type) {
      case 'TargetRegistered': {
        const { targetId, departmentId, ...details } = event.data;
        const view: TargetView = {
          ...details,
          targetId,
          departmentId,
          creditGrade: null,
          abnormal: null,
          seriousViolation: null,
          penalties: [],
          trustworthy: null,
          revoked: null,
          deregistered: null,
          subRegistries: [],
          registeredAt: at,
          updatedAt: at,
        };
        return [
          update<TargetView>(TARGETS, targetId, () => view),
          add(TARGETS_INDEX),
          add(targetsByDepartment(departmentId)),
          add(targetsByStatus('active')),
          ...detailIndexes(details).map(add),
        ];
      }
      case 'TargetDetailsChanged': {
        const { changed, previous } = event.data;
        const before = new Set(detailIndexes(previous));
        const after = new Set(detailIndexes(changed));
        return [change(() => changed), ...[...before].filter((i) => !after.has(i)).map(remove), ...[...after].filter((i) => !before.has(i)).map(add)];
      }
      case 'TargetCreditGraded': {
        const { grade, previousGrade } = event.data;
        return [
          change(() => ({ creditGrade: { grade, effectiveDate: event.data.effectiveDate, source: event.data.source } })),
          ...(previousGrade && previousGrade !== grade ? [remove(targetsByCreditGrade(previousGrade))] : []),
          add(targetsByCreditGrade(grade)),
        ];
      }
      case 'TargetListedAsAbnormal':
        return [change(() => ({ abnormal: { ...fact!, reason: event.data.reason } })), add(targetsByStatus('abnormal'))];
      case 'TargetRemovedFromAbnormalList':
        return [change(() => ({ abnormal: null })), remove(targetsByStatus('abnormal'))];
      case 'TargetListedAsSeriousViolator':
        return [change(() => ({ seriousViolation: { ...fact!, reason: event.data.reason } })), add(targetsByStatus('serious-violation'))];
      case 'TargetRemovedFromSeriousViolationList':
        return [change(() => ({ seriousViolation: null })), remove(targetsByStatus('serious-violation'))];
      case 'TargetPenalised':
        return [change((v) => ({ penalties: [...v.penalties, { ...fact!, decisionNumber: event.data.decisionNumber }] })), add(targetsByStatus('penalised'))];
      case 'TargetMarkedTrustworthy':
        return [change(() => ({ trustworthy: fact })), add(targetsByStatus('trustworthy'))];
      case 'TargetTrustworthyMarkRemoved':
        return [change(() => ({ trustworthy: null })), remove(targetsByStatus('trustworthy'))];
      case 'TargetRevoked':
        return [
          change(() => ({ revoked: { ...fact!, decisionNumber: event.data.decisionNumber } })),
          remove(targetsByStatus('active')),
          add(targetsByStatus('revoked')),
        ];
      case 'TargetDeregistered':
        return [change(() => ({ deregistered: fact })), remove(targetsByStatus('active')), add(targetsByStatus('deregistered'))];
      case 'TargetJurisdictionTransferred':
        return [
          change(() => ({ departmentId: event.data.toDepartmentId })),
          remove(targetsByDepartment(event.data.fromDepartmentId)),
          add(targetsByDepartment(event.data.toDepartmentId)),
        ];
      case 'TargetEnrolledInSubRegistry': {
        const { subRegistryId, values, effectiveDate } = event.data;
        return [change((v) => ({ subRegistries: [...v.subRegistries, { subRegistryId, values, effectiveDate }] })), add(targetsBySubRegistry(subRegistryId))];
      }
    }
  },
};

export const subRegistriesProjection: Projection = {
  name: 'subregistries',
  eventTypes: ['SubRegistryDefined'],
  project(recorded: RecordedEvent): ReadChange[] {
    const event = { type: recorded.type, data: recorded.data } as SubRegistryEvent;
    switch (event.type) {
      case 'SubRegistryDefined': {
        const subRegistryId = `${event.data.departmentId}-${event.data.code}`;
        return [
          update<SubRegistryView>(SUB_REGISTRIES, subRegistryId, () => ({ subRegistryId, ...event.data, definedAt: recorded.metadata.recordedAt })),
          indexAdd(subRegistriesOf(event.data.departmentId), subRegistryId, Number(recorded.position.commit)),
        ];
      }
    }
  },
};
