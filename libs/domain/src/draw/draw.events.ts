/**
 * The verifiable target draw of a task (DOMAIN.md, The double draw; docs/draw-algorithm.md).
 * Stream `draw-<drawId>`; every protocol step is an event: the pool is frozen and published
 * before any randomness exists, entropy is revealed after it, the draw is computed from both,
 * and a draw is never deleted — voiding keeps the original.
 */
import { DomainEvent } from '../shared/decider';
import { EntropyContribution } from './draw-algorithm';

/** Why a target is not in the pool; every exclusion carries one (002 §16–19). */
export type ExclusionReason =
  'quota-reached' | 'inspected-by-superior' | 'inspected-by-other-unit' | 'superior-found-nothing' | 'deregistered' | 'revoked' | 'trustworthy-skipped';

export interface Exclusion {
  readonly targetId: string;
  readonly reason: ExclusionReason;
  /** What the reason rests on, e.g. 'drawn by task t-17 of yongzhou on 2026-03-02'. */
  readonly detail: string;
}

/** One part of a draw with its own pool and count: a target class, or its trustworthy share. */
export interface FrozenStratum {
  readonly stratumId: string;
  readonly classId: string;
  readonly poolHash: string;
  readonly poolSize: number;
  readonly count: number;
  /** Members exempt from the limits (abnormal list, blacklist, penalised, key items, campaigns): drawing them uses no quota. */
  readonly exemptMembers: number;
  /** How many targets of the class the rules kept out of this stratum's pools, each with a reason. */
  readonly excludedCount: number;
  /** SHA-256 of those exclusions (exclusionsHash, docs/draw-algorithm.md); the list is recomputed from the log at `eligibilityPosition`. */
  readonly excludedHash: string;
  /**
   * The exclusions themselves, on freezes recorded as version 1 only: a list of one entry per
   * excluded target can outgrow a store's largest write (1 MiB on EventStoreDB by default).
   */
  readonly excluded?: Exclusion[];
}

export type DrawPoolFrozen = DomainEvent<
  'DrawPoolFrozen',
  {
    drawId: string;
    taskId: string;
    departmentId: string;
    year: number;
    algorithm: string;
    /**
     * The version of the eligibility rules the pools were computed under; absent on freezes
     * recorded before rules had versions, which used `dsr-eligibility-1` (pool-request.ts).
     */
    eligibilityRules?: string;
    /** The log position the eligible set was computed at: anyone can recompute it from the log up to here. */
    eligibilityPosition: string;
    strata: FrozenStratum[];
    /** SHA-256 of the server's secret entropy, revealed after the witnesses. */
    serverCommitment: string;
    /** A public beacon value named in advance, revealed later; null when none is used. */
    beacon: { source: string; round: string } | null;
    /** The actor who froze the pool; absent on freezes recorded before it was kept. */
    frozenBy?: string;
    frozenOn: string;
    /**
     * 001 §2(2)1 (原则上): targets the freeze drew although a superior found nothing at them within
     * the months the rule sets, and why; absent when the rule was lifted for none.
     */
    sixMonthRuleLifted?: { targetIds: string[]; reason: string };
  }
>;

export type EntropyContributed = DomainEvent<
  'EntropyContributed',
  {
    drawId: string;
    departmentId: string;
    contribution: EntropyContribution;
    /** The actor who entered it (absent on the server's value and on contributions recorded before it was kept). */
    contributedBy?: string;
  }
>;

export interface DrawnStratum {
  readonly stratumId: string;
  readonly selected: string[];
  /** Pool members passed over at draw time because another draw used up their quota after the freeze. */
  readonly skipped: { targetId: string; detail: string }[];
}

export type TargetsDrawn = DomainEvent<
  'TargetsDrawn',
  {
    drawId: string;
    departmentId: string;
    /** Which kinds of entropy were used, in order. */
    entropyKinds: string[];
    /** Revision of the quota ledger the draw was decided against. */
    ledgerRevision: number;
    strata: DrawnStratum[];
    drawnOn: string;
  }
>;

export type DrawConfirmed = DomainEvent<'DrawConfirmed', { drawId: string; departmentId: string; confirmedOn: string }>;

/** Why a drawn result may be voided: a fixed list, each with its public label, plus the text of the case. */
export const VOID_REASONS = {
  'procedural-error': '抽取程序违规',
  'wrong-scope': '抽取范围或条件设置错误',
  'system-fault': '系统故障',
  'supervisory-decision': '法制或纪检监察部门监督决定',
  'plan-adjusted': '抽查计划调整',
} as const;
export type VoidReasonCode = keyof typeof VOID_REASONS;

/** A draw is never deleted: voiding records who and why and keeps the original (DOMAIN.md: 全程留痕). */
export type DrawVoided = DomainEvent<
  'DrawVoided',
  {
    drawId: string;
    departmentId: string;
    /** One of VOID_REASONS; absent on voids recorded before the list existed. */
    reasonCode?: VoidReasonCode;
    reason: string;
    voidedOn: string;
  }
>;

export type DrawEvent = DrawPoolFrozen | EntropyContributed | TargetsDrawn | DrawConfirmed | DrawVoided;

export const drawStream = (drawId: string) => `draw-${drawId}`;

/**
 * The quota ledger of a year, stream `quota-ledger-<year>`: every draw's use of the 2-per-year
 * quota (000 §19, 002 §15) is appended here with the ledger's exact expected revision, so two
 * draws can never both use a target's last unit.
 */
export type QuotaConsumed = DomainEvent<'QuotaConsumed', { year: number; drawId: string; targetIds: string[] }>;
/** A voided draw gives back what it used. */
export type QuotaReleased = DomainEvent<'QuotaReleased', { year: number; drawId: string; targetIds: string[] }>;
export type QuotaLedgerEvent = QuotaConsumed | QuotaReleased;

export const quotaLedgerStream = (year: number) => `quota-ledger-${year}`;

/** Per-jurisdiction limits of the draw (DOMAIN.md: stricter value as the default). Stream `draw-limits-<departmentId>`. */
export type DrawLimitsSet = DomainEvent<
  'DrawLimitsSet',
  { departmentId: string; quotaPerYear: number; monthsAfterNothingFound: number; setOn: string; reason: string }
>;
export const drawLimitsStream = (departmentId: string) => `draw-limits-${departmentId}`;
