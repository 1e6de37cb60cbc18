import { CreditGrade } from './target.events';
import { RawTargetRecord } from './target-record';
import { ClassificationIndicator } from './subregistry.events';

/** The when and the where-from every status change carries. */
interface StatusCommandFacts {
  readonly targetId: string;
  /** YYYY-MM-DD */
  readonly effectiveDate: string;
  readonly source: string;
}

/** Registers one target; refused when the target is already in the registry. */
export interface RegisterTarget {
  readonly type: 'RegisterTarget';
  readonly departmentId: string;
  readonly record: RawTargetRecord;
}

/**
 * One row of an import: registers a new target, records the changed fields of a known one, or
 * appends nothing when the row matches the registry.
 */
export interface ImportTargetRecord {
  readonly type: 'ImportTargetRecord';
  readonly departmentId: string;
  readonly record: RawTargetRecord;
}

export interface GradeTargetCredit extends StatusCommandFacts {
  readonly type: 'GradeTargetCredit';
  readonly grade: CreditGrade;
}
export interface ListTargetAsAbnormal extends StatusCommandFacts {
  readonly type: 'ListTargetAsAbnormal';
  readonly reason: string;
}
export interface RemoveTargetFromAbnormalList extends StatusCommandFacts {
  readonly type: 'RemoveTargetFromAbnormalList';
  readonly reason: string;
}
export interface ListTargetAsSeriousViolator extends StatusCommandFacts {
  readonly type: 'ListTargetAsSeriousViolator';
  readonly reason: string;
}
export interface RemoveTargetFromSeriousViolationList extends StatusCommandFacts {
  readonly type: 'RemoveTargetFromSeriousViolationList';
  readonly reason: string;
}
export interface RecordTargetPenalty extends StatusCommandFacts {
  readonly type: 'RecordTargetPenalty';
  readonly decisionNumber: string;
}
export interface MarkTargetTrustworthy extends StatusCommandFacts {
  readonly type: 'MarkTargetTrustworthy';
}
export interface RemoveTargetTrustworthyMark extends StatusCommandFacts {
  readonly type: 'RemoveTargetTrustworthyMark';
  readonly reason: string;
}
export interface RecordTargetDeregistration extends StatusCommandFacts {
  readonly type: 'RecordTargetDeregistration';
}
export interface RecordTargetRevocation extends StatusCommandFacts {
  readonly type: 'RecordTargetRevocation';
  readonly decisionNumber: string;
}

export interface TransferTargetJurisdiction extends StatusCommandFacts {
  readonly type: 'TransferTargetJurisdiction';
  readonly toDepartmentId: string;
  /** Whether the receiving department is registered, as the organisation registry knows it. */
  readonly toDepartmentRegistered: boolean;
}

export interface EnrolTargetInSubRegistry {
  readonly type: 'EnrolTargetInSubRegistry';
  readonly targetId: string;
  readonly subRegistryId: string;
  /** The sub-registry's build standard as defined; null when no such sub-registry exists. */
  readonly standard: { readonly departmentId: string; readonly indicators: readonly ClassificationIndicator[] } | null;
  /** The target's owning department and its superiors, nearest first: whose sub-registries may hold it. */
  readonly ownerChain: readonly string[];
  readonly values: Readonly<Record<string, string>>;
  readonly effectiveDate: string;
}

export type TargetStatusCommand =
  | GradeTargetCredit
  | ListTargetAsAbnormal
  | RemoveTargetFromAbnormalList
  | ListTargetAsSeriousViolator
  | RemoveTargetFromSeriousViolationList
  | RecordTargetPenalty
  | MarkTargetTrustworthy
  | RemoveTargetTrustworthyMark
  | RecordTargetDeregistration
  | RecordTargetRevocation
  | TransferTargetJurisdiction;

export type TargetCommand = RegisterTarget | ImportTargetRecord | TargetStatusCommand | EnrolTargetInSubRegistry;
