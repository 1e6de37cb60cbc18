/**
 * The target registry as staff and the public read it (000 §13–14, 002 §10): one document per
 * target (its id is the credit code, so an exact code is one lookup), and one member set per
 * filter value — department, area, industry prefix, subject type, scale, status, credit grade,
 * sub-registry — and per two-character piece of the name (名称 bigrams), so that a directional
 * query or a search for any part of a name is an intersection of sets, not a walk of documents.
 *
 * Sets are chunked bitmaps over the registry's member numbers (the order targets were first
 * registered), so every set lists targets in registration order and a million-target registry
 * answers from the 512-byte chunks of each set. Every event names what it changes (a change of details
 * carries the previous values), so memberships move without reading the document.
 * How the query intersects filters: apps/api/src/targets/targets.handlers.ts.
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, ReadChange, indexAdd, replace, setAdd, setRemove, update } from '@app/read-store';
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
/** The universe of the registry's member sets. */
export const TARGET_SETS = 'targets';
export const TARGETS_ALL = 'all';
export const targetsByDepartment = (departmentId: string) => `dept:${departmentId}`;
export const targetsByArea = (areaCode: string) => `area:${areaCode}`;
/** One set per industry prefix: 'C', 'C13', 'C139', 'C1391' all hold a C1391 target. */
export const targetsByIndustry = (industryPrefix: string) => `industry:${industryPrefix}`;
export const targetsByType = (subjectType: string) => `type:${subjectType}`;
export const targetsByScale = (scale: string) => `scale:${scale}`;
export const targetsByStatus = (status: TargetStatus) => `status:${status}`;
export const targetsByCreditGrade = (grade: CreditGrade) => `credit:${grade}`;
export const targetsBySubRegistry = (subRegistryId: string) => `sub:${subRegistryId}`;
export const targetsByNameGram = (gram: string) => `name:${gram}`;

/** Name search folds width and case (ＡＢＣ（） → abc()) so that what a clerk types matches what was registered. */
export const normaliseName = (name: string) => name.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
/** Every two-character piece of a name (by code point): a name contains a text only if it has all the text's pieces. */
export function nameGrams(name: string): string[] {
  const chars = [...normaliseName(name)];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
  return [...grams];
}
export const NAME_GRAM_LENGTH = 2;

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

const detailSets = (details: Partial<TargetDetails>): string[] => [
  ...(details.areaCode ? [targetsByArea(details.areaCode)] : []),
  ...(details.industry ? industryPrefixes(details.industry).map(targetsByIndustry) : []),
  ...(details.subjectType ? [targetsByType(details.subjectType)] : []),
  ...(details.scale ? [targetsByScale(details.scale)] : []),
  ...(details.name ? nameGrams(details.name).map(targetsByNameGram) : []),
];

export const targetsProjection: Projection = {
  name: 'targets',
  eventTypes: TARGET_EVENT_TYPES,
  project(recorded: RecordedEvent): ReadChange[] {
    const event = { type: recorded.type, data: recorded.data } as TargetEvent;
    const at = recorded.metadata.recordedAt;
    const id = event.data.targetId;
    const change = (apply: (view: TargetView) => Partial<TargetView>) =>
      update<TargetView>(TARGETS, id, (view) => view && { ...view, ...apply(view), updatedAt: at });
    const add = (set: string) => setAdd(TARGET_SETS, set, id);
    const remove = (set: string) => setRemove(TARGET_SETS, set, id);
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
          replace<TargetView>(TARGETS, targetId, view),
          add(TARGETS_ALL),
          add(targetsByDepartment(departmentId)),
          add(targetsByStatus('active')),
          ...detailSets(details).map(add),
        ];
      }
      case 'TargetDetailsChanged': {
        const { changed, previous } = event.data;
        const before = new Set(detailSets(previous));
        const after = new Set(detailSets(changed));
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
