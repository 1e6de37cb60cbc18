import { exclusionsHash } from './draw/draw-algorithm';
import type { Exclusion } from './draw/draw.events';

/**
 * The stored name and current schema version of every event type. A stored name never changes;
 * a new shape gets a new version and an upcaster from the old one (see `upcast`).
 */
export const EVENT_SCHEMA_VERSIONS: Readonly<Record<string, number>> = {
  DepartmentRegistered: 1,
  BusinessUnitAdded: 1,
  HolidayScheduleAdopted: 1,
  HolidayScheduleCorrected: 1,
  InspectorRegistered: 1,
  InspectorMovedToDepartment: 1,
  InspectorPostChanged: 1,
  InspectorQualificationsAmended: 1,
  EnforcementCertificateIssued: 1,
  EnforcementCertificateExpired: 1,
  EnforcementCertificateRevoked: 1,
  InspectorLeft: 1,
  ConflictOfInterestDeclared: 1,
  ConflictOfInterestWithdrawn: 1,
  ExpertJoinedPool: 1,
  ExpertDetailsUpdated: 1,
  ExpertLeftPool: 1,
  ChecklistItemDrafted: 1,
  ChecklistItemRevised: 1,
  ChecklistItemWithdrawn: 1,
  ChecklistDraftReviewed: 1,
  ChecklistVersionPublished: 1,
  PlanFiled: 1,
  PlanPublished: 1,
  PlanAdjusted: 1,
  PlanFiledWithSuperior: 1,
  TargetRegistered: 1,
  TargetDetailsChanged: 1,
  TargetCreditGraded: 1,
  TargetListedAsAbnormal: 1,
  TargetRemovedFromAbnormalList: 1,
  TargetListedAsSeriousViolator: 1,
  TargetRemovedFromSeriousViolationList: 1,
  TargetPenalised: 1,
  TargetMarkedTrustworthy: 1,
  TargetTrustworthyMarkRemoved: 1,
  TargetDeregistered: 1,
  TargetRevoked: 1,
  TargetJurisdictionTransferred: 1,
  TargetEnrolledInSubRegistry: 1,
  TargetsImported: 1,
  SubRegistryDefined: 1,
  DrawPoolFrozen: 2,
  EntropyContributed: 1,
  TargetsDrawn: 1,
  DrawConfirmed: 1,
  DrawVoided: 1,
  QuotaConsumed: 1,
  QuotaReleased: 1,
  DrawLimitsSet: 1,
  MatchingPoolsFrozen: 1,
  MatchingEntropyContributed: 1,
  InspectorsMatched: 2,
  InspectorsSwappedOnRecusal: 1,
  InspectorWithdrewOnRecusal: 1,
  InspectorReleasedWithApproval: 1,
  ReplacementInspectorDrawn: 1,
  TaskSetUp: 1,
  ImplementationPlanFiled: 1,
  TaskListLocked: 1,
  TaskDispatched: 1,
  TaskAnnounced: 1,
  TaskCompleted: 1,
  NonRandomInspectionRecorded: 1,
  DutySupervisionOrdered: 1,
  AccountabilityPursued: 1,
  AnnualSummaryPublished: 1,
  AnnualSummaryCorrected: 1,
  UnreachableListReported: 1,
  JointTaskAccepted: 1,
  ResultPublished: 1,
  PublicationExempted: 1,
  ResultCorrected: 1,
  ObjectionReceived: 1,
  ObjectionReviewed: 1,
  ObjectionReviewFedBack: 1,
  InspectorCommentReceived: 1,
  InspectionOpened: 1,
  PreCheckRecorded: 1,
  OnSiteInspectionRecorded: 1,
  ItemResultRecorded: 1,
  TestResultRecorded: 1,
  TargetFoundUnreachable: 1,
  InspectionHandedOver: 1,
  InspectionTakenOver: 1,
  InspectionReported: 1,
  FeedbackDelivered: 1,
  ResultsEntered: 1,
  ViolationReferred: 1,
  TreeHeadSigned: 1,
  TreeHeadCosigned: 1,
};

type Upcaster = (data: unknown) => unknown;

/** Upcasters by `${type}@${fromVersion}`, each lifting data one version up. */
const UPCASTERS: Readonly<Record<string, Upcaster>> = {
  // version 2 leaves out each group's and drawn expert's sub-pool, which verification recomputes;
  // a version-1 matching keeps what it recorded
  'InspectorsMatched@1': (data) => data,
  // version 1 published every exclusion in the freeze; version 2 publishes their count and hash,
  // which a version-1 freeze yields from its own list (kept, so its pages still show it)
  'DrawPoolFrozen@1': (data) => {
    const frozen = data as { strata: { excluded: Exclusion[] }[] };
    return {
      ...frozen,
      strata: frozen.strata.map((s) => ({ ...s, excludedCount: s.excluded.length, excludedHash: exclusionsHash(s.excluded) })),
    };
  },
};

export function schemaVersionOf(type: string): number {
  const version = EVENT_SCHEMA_VERSIONS[type];
  if (version === undefined) throw new Error(`event type ${type} has no registered schema version`);
  return version;
}

/** Reads an old event as the current version of its type, without rewriting what is stored. */
export function upcast(type: string, schemaVersion: number, data: unknown): unknown {
  const current = EVENT_SCHEMA_VERSIONS[type] ?? schemaVersion;
  let lifted = data;
  for (let version = schemaVersion; version < current; version++) {
    const upcaster = UPCASTERS[`${type}@${version}`];
    if (!upcaster) throw new Error(`no upcaster for ${type} from version ${version}`);
    lifted = upcaster(lifted);
  }
  return lifted;
}
