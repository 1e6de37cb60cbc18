/**
 * Who may be drawn, as of a position in the log (DOMAIN.md, The double draw → Quotas and
 * exclusions). `applyEvent` folds the log into an `EligibilityState`; `computePools` answers a
 * task's request with the eligible pool of each stratum and every exclusion with its reason.
 * The draw uses a state folded live; verification folds the log afresh up to the position the
 * freeze recorded and must arrive at the same pools. Both run this same code.
 *
 * The state is mutated in place: it holds every target of the registry (a million in the
 * benchmark), and copying it per event would make the fold quadratic.
 */
import { COMPLAINT_TRIGGERS } from '../case-inspection/case-inspection.events';
import { countForRatio } from './draw-algorithm';
import { Exclusion } from './draw.events';
import { TargetClass, TargetFilter } from '../task/task.events';
import { TargetTable, TextColumn } from './target-table';

export interface TargetFacts {
  readonly targetId: string;
  departmentId: string;
  subjectType: string;
  scale: string | null;
  industry: string | null;
  areaCode: string;
  /** 信用风险分类 A–D from the last TargetCreditGraded; null while ungraded (002 §15). */
  creditGrade: string | null;
  subRegistries: string[];
  abnormal: boolean;
  seriousViolator: boolean;
  /** The last administrative penalty's effective date. */
  penalisedOn: string | null;
  trustworthy: boolean;
  deregistered: boolean;
  revoked: boolean;
  /** Locked task lists that include the target (kept on the target: most have none, and the pool loop must not look them up in a map). */
  locked: LockedEntry[] | null;
  concluded: ConcludedEntry[] | null;
  /** Draws per year from the quota ledger, on the target for the same reason. */
  drawsByYear: Record<number, number> | null;
  /** Complaints and tip-offs per year that prompted an inspection outside the random regime (002 §15). */
  complaintsByYear: Record<number, number> | null;
}

export interface DrawLimits {
  /** 000 §19, 002 §15: at most twice a year. */
  readonly quotaPerYear: number;
  /** 001 §2(2)1: no lower-level draw within six months after a superior found nothing. */
  readonly monthsAfterNothingFound: number;
}

export const DEFAULT_DRAW_LIMITS: DrawLimits = { quotaPerYear: 2, monthsAfterNothingFound: 6 };

/**
 * 002 §15 exempts targets with "many complaints" (投诉举报多) from the limits without a figure; this
 * service reads it as this many complaints or tip-offs in the draw's year that prompted an
 * inspection outside the random regime.
 */
export const MANY_COMPLAINTS = 3;

export interface LockedEntry {
  readonly year: number;
  readonly taskId: string;
  readonly departmentId: string;
  readonly businessUnitId: string | null;
  readonly lockedOn: string;
}

export interface ConcludedEntry {
  readonly departmentId: string;
  readonly taskId: string;
  readonly concludedOn: string;
  readonly foundProblems: boolean;
}

export interface QuotaLedgerState {
  /** Revision of the ledger stream's last event; -1 when it has none. */
  revision: number;
  readonly used: Map<string, number>;
}

export interface EligibilityState {
  /** Every registered target, in columns (a million of them as objects cost seconds and hundreds of MB). */
  readonly targets: TargetTable;
  readonly parents: Map<string, string | null>;
  readonly limits: Map<string, DrawLimits>;
  readonly tasks: Map<string, { departmentId: string; businessUnitId: string | null; year: number }>;
  readonly ledgers: Map<number, QuotaLedgerState>;
}

export function emptyEligibilityState(): EligibilityState {
  return { targets: new TargetTable(), parents: new Map(), limits: new Map(), tasks: new Map(), ledgers: new Map() };
}

type Data = Record<string, any>;

/** Folds one event into the state; events of other types are ignored. */
export function applyEvent(state: EligibilityState, event: { readonly type: string; readonly data: unknown }): void {
  const data = event.data as Data;
  const target = typeof data.targetId === 'string' ? state.targets.get(data.targetId) : undefined;
  switch (event.type) {
    case 'DepartmentRegistered':
      state.parents.set(data.departmentId, data.parentId ?? null);
      return;
    case 'DrawLimitsSet':
      state.limits.set(data.departmentId, { quotaPerYear: data.quotaPerYear, monthsAfterNothingFound: data.monthsAfterNothingFound });
      return;
    case 'TargetRegistered':
      state.targets.register({
        targetId: data.targetId,
        departmentId: data.departmentId,
        subjectType: data.subjectType,
        scale: data.scale ?? null,
        industry: data.industry ?? null,
        areaCode: data.areaCode,
      });
      return;
    case 'TargetDetailsChanged':
      if (target) {
        const changed = data.changed as Data;
        for (const key of ['subjectType', 'scale', 'industry', 'areaCode'] as const) if (key in changed) (target as Data)[key] = changed[key];
      }
      return;
    case 'TargetCreditGraded':
      if (target) target.creditGrade = data.grade;
      return;
    case 'TargetListedAsAbnormal':
    case 'TargetRemovedFromAbnormalList':
      if (target) target.abnormal = event.type === 'TargetListedAsAbnormal';
      return;
    case 'TargetListedAsSeriousViolator':
    case 'TargetRemovedFromSeriousViolationList':
      if (target) target.seriousViolator = event.type === 'TargetListedAsSeriousViolator';
      return;
    case 'TargetPenalised':
      // an older penalty recorded late (a backfilled import) must not hide a recent one
      if (target && (target.penalisedOn === null || data.effectiveDate > target.penalisedOn)) target.penalisedOn = data.effectiveDate;
      return;
    case 'TargetMarkedTrustworthy':
    case 'TargetTrustworthyMarkRemoved':
      if (target) target.trustworthy = event.type === 'TargetMarkedTrustworthy';
      return;
    case 'TargetDeregistered':
      if (target) target.deregistered = true;
      return;
    case 'TargetRevoked':
      if (target) target.revoked = true;
      return;
    case 'TargetJurisdictionTransferred':
      if (target) target.departmentId = data.toDepartmentId;
      return;
    case 'TargetEnrolledInSubRegistry':
      if (target && !target.subRegistries.includes(data.subRegistryId)) target.subRegistries = [...target.subRegistries, data.subRegistryId];
      return;
    case 'TaskSetUp':
      state.tasks.set(data.taskId, { departmentId: data.departmentId, businessUnitId: data.businessUnitId ?? null, year: data.year });
      return;
    case 'TaskListLocked': {
      const task = state.tasks.get(data.taskId);
      if (!task) return;
      for (const { targetId } of data.targets as { targetId: string }[]) {
        const lockedTarget = state.targets.get(targetId);
        if (!lockedTarget) continue;
        (lockedTarget.locked ??= []).push({
          year: task.year,
          taskId: data.taskId,
          departmentId: task.departmentId,
          businessUnitId: task.businessUnitId,
          lockedOn: data.lockedOn,
        });
      }
      return;
    }
    case 'InspectionReported':
      if (!target) return;
      (target.concluded ??= []).push({
        departmentId: data.departmentId,
        taskId: data.taskId,
        concludedOn: data.concludedOn,
        foundProblems: data.foundProblems,
      });
      return;
    case 'NonRandomInspectionRecorded':
      // 002 §15: targets with many complaints are not held to the limits; the inspection itself uses no quota
      if (target && (COMPLAINT_TRIGGERS as readonly string[]).includes(data.trigger)) {
        const year = Number(String(data.inspectedOn).slice(0, 4));
        target.complaintsByYear = { ...(target.complaintsByYear ?? {}), [year]: (target.complaintsByYear?.[year] ?? 0) + 1 };
      }
      return;
    case 'QuotaConsumed':
    case 'QuotaReleased': {
      const ledger = ledgerOf(state, data.year);
      ledger.revision += 1;
      const delta = event.type === 'QuotaConsumed' ? 1 : -1;
      for (const id of data.targetIds as string[]) {
        ledger.used.set(id, (ledger.used.get(id) ?? 0) + delta);
        const drawnTarget = state.targets.get(id);
        if (drawnTarget) (drawnTarget.drawsByYear ??= {})[data.year] = (drawnTarget.drawsByYear[data.year] ?? 0) + delta;
      }
      return;
    }
  }
}

export function ledgerOf(state: EligibilityState, year: number): QuotaLedgerState {
  let ledger = state.ledgers.get(year);
  if (!ledger) state.ledgers.set(year, (ledger = { revision: -1, used: new Map() }));
  return ledger;
}

/** The limits in force for a department: its own setting, else its nearest superior's, else DOMAIN.md's defaults. */
export function limitsFor(state: EligibilityState, departmentId: string): DrawLimits {
  for (let id: string | null | undefined = departmentId; id; id = state.parents.get(id)) {
    const limits = state.limits.get(id);
    if (limits) return limits;
  }
  return DEFAULT_DRAW_LIMITS;
}

export function superiorsOf(state: EligibilityState, departmentId: string): string[] {
  const superiors: string[] = [];
  for (let id = state.parents.get(departmentId); id; id = state.parents.get(id)) superiors.push(id);
  return superiors;
}

export interface PoolRequest {
  readonly taskId: string;
  /** The department that owns the task: its superiors' inspections exclude targets. */
  readonly departmentId: string;
  readonly businessUnitId: string | null;
  readonly year: number;
  /** The freeze date, YYYY-MM-DD: the six-month rule counts back from it. */
  readonly onDate: string;
  /** Targets owned by these departments are candidates: the executing and joint departments. */
  readonly candidateDepartmentIds: readonly string[];
  readonly classes: readonly TargetClass[];
  /** A task of key items alone (重点) or a special campaign (专项行动): outside the twice-a-year quota (002 §15). */
  readonly exemptTask: boolean;
  /** The version of these rules the question is asked under (pool-request.ts); the rules in force when absent. */
  readonly rules?: string;
  /**
   * Targets for which the freeze lifted the six-month rule with a recorded reason (001 §2(2)1: the
   * rule holds 原则上, in principle); none when absent. Only that rule is lifted for them.
   */
  readonly sixMonthRuleLiftedFor?: readonly string[];
}

export interface ComputedStratum {
  readonly stratumId: string;
  readonly classId: string;
  /** Canonical order. */
  readonly members: string[];
  /** Members outside the limits: drawing them uses no quota. */
  readonly exempt: string[];
  readonly exemptMembers: number;
  readonly count: number;
  readonly excluded: Exclusion[];
  /** Members the six-month rule would have excluded but for the freeze's recorded lift (001 §2(2)1); absent when none. */
  readonly sixMonthRuleLifted?: string[];
}

/**
 * The eligible pool of every stratum. A target in several classes' filters belongs to the first
 * class that takes it (classes are drawn one by one and merged, 002 §18, so none is drawn twice).
 * A class with a trustworthy ratio gets a second stratum `<classId>/trustworthy`, and one stratum
 * `<classId>/grade-<G>` for each credit-risk grade it draws at its own ratio (002 §15) that has
 * eligible members, in the order the class lists them. A trustworthy target goes to the trustworthy stratum whatever its grade.
 * A class with a ratio for many complaints gets a stratum `<classId>/complaints` (after the
 * trustworthy one, before the grades) that takes its targets with many complaints this year
 * whatever their grade or 守信 mark (002 §15).
 */
export function computePools(state: EligibilityState, request: PoolRequest): ComputedStratum[] {
  const limits = limitsFor(state, request.departmentId);
  const superiors = new Set(superiorsOf(state, request.departmentId));
  const candidates = new Set(request.candidateDepartmentIds);
  const sixMonthsBefore = shiftMonths(request.onDate, -limits.monthsAfterNothingFound);
  const penaltyWindowStart = `${request.year - 1}-01-01`;

  const table = state.targets;
  const strata = request.classes.map((c) => {
    const grades = c.gradeRatios ?? [];
    return {
      c,
      filter: compileFilter(c.filter, table),
      main: bucket(),
      trustworthy: bucket(),
      complaints: bucket(),
      grades: grades.map(bucket),
      // the grade bucket of each dictionary number of the credit-grade column, -1 for the class's own
      gradeOf: (() => {
        const accepted = new Int8Array(table.strings.length).fill(-1);
        grades.forEach(({ grade }, k) => {
          const code = table.strings.indexOf(grade);
          if (code > 0) accepted[code] = k;
        });
        return accepted;
      })(),
      excluded: [] as Exclusion[],
      lifted: [] as string[],
    };
  });
  const countsComplaints = request.rules !== 'dsr-eligibility-1' && request.rules !== 'dsr-eligibility-2';
  const exemptionsPerRule = !['dsr-eligibility-1', 'dsr-eligibility-2', 'dsr-eligibility-3'].includes(request.rules ?? '');
  const liftedFor = new Set(request.sixMonthRuleLiftedFor ?? []);
  const rules: RuleContext = {
    limits,
    superiors,
    sixMonthsBefore,
    penaltyWindowStart,
    quotaDetails: new Map(),
    countsComplaints,
    exemptionsPerRule,
    liftedFor,
  };
  // A row with no status flag and no rare fact (most of a registry) is eligible and within the
  // limits unless the task is exempt or the limits allow no draw at all: no rule below is read for it.
  const plainRowsAreLimitedMembers = !request.exemptTask && limits.quotaPerYear > 0;
  // The rows in canonical order, so every list below is in canonical order too (ids are unique);
  // only the candidate departments' rows, and each class's conditions on text columns, are tested
  // by dictionary number in this loop: a province's registry is scanned without reading a text.
  const order = table.canonicalRows();
  const departments = table.codesOf('departmentId');
  const creditGrades = table.codesOf('creditGrade');
  const candidateDepartment = table.acceptedCodes((text) => text !== null && candidates.has(text));
  const at = table.cursor();
  for (let i = 0; i < order.length; i++) {
    const row = order[i];
    if (candidateDepartment[departments[row]] === 0) continue;
    let stratum: (typeof strata)[number] | undefined;
    for (let k = 0; k < strata.length && stratum === undefined; k++) {
      const filter = strata[k].filter;
      let matches = true;
      for (let n = 0; n < filter.columns.length; n++) {
        if (filter.accepted[n][filter.columns[n][row]] === 0) {
          matches = false;
          break;
        }
      }
      if (matches && filter.subRegistryId !== null) matches = at(row).subRegistries.includes(filter.subRegistryId);
      if (matches) stratum = strata[k];
    }
    if (stratum === undefined) continue;
    const targetId = table.idAt(row);
    const gradeIndex = stratum.gradeOf[creditGrades[row]];
    if (plainRowsAreLimitedMembers && table.isPlain(row)) {
      (gradeIndex < 0 ? stratum.main : stratum.grades[gradeIndex]).members.push(targetId);
      continue;
    }
    const target = at(row);
    const exclusion = exclusionOf(targetId, target, request, rules);
    if (exclusion === 'exempt' || exclusion === null) {
      // in the pool because of the lift alone: the rule would have kept it out
      if (liftedFor.has(targetId) && superiorFoundNothing(target, request, rules)) stratum.lifted.push(targetId);
      let into: Bucket;
      // 002 §15 first: many complaints call for the class's higher ratio, whatever the target's grade or 守信 mark
      if (stratum.c.complaintsRatio != null && hasManyComplaints(target, request.year)) into = stratum.complaints;
      // 000 §16: a trustworthy target is drawn at the trustworthy ratio whatever its grade
      else if (target.trustworthy && stratum.c.trustworthyRatio !== null) {
        if (stratum.c.trustworthyRatio === 0) {
          stratum.excluded.push({ targetId, reason: 'trustworthy-skipped', detail: `守信 targets are skipped by class ${stratum.c.classId} (000 §16)` });
          continue;
        }
        into = stratum.trustworthy;
      } else into = gradeIndex < 0 ? stratum.main : stratum.grades[gradeIndex];
      into.members.push(targetId);
      if (exclusion === 'exempt') into.exempt.push(targetId);
    } else stratum.excluded.push(exclusion);
  }

  return strata.flatMap(({ c, main, trustworthy, complaints, grades, excluded, lifted }) => {
    const mainCount = c.count !== null ? Math.min(c.count, main.members.length) : countForRatio(main.members.length, c.ratio ?? 0);
    const part = (stratumId: string, { members, exempt }: Bucket, count: number, partExcluded: Exclusion[]): ComputedStratum => ({
      stratumId,
      classId: c.classId,
      members,
      exempt,
      exemptMembers: exempt.length,
      count,
      excluded: partExcluded,
    });
    // the class's own stratum carries the exclusions and the lifts of all its parts, as the exclusions always did
    const result: ComputedStratum[] = [{ ...part(c.classId, main, mainCount, excluded), ...(lifted.length > 0 ? { sixMonthRuleLifted: lifted } : {}) }];
    if (c.trustworthyRatio !== null && c.trustworthyRatio > 0)
      result.push(part(`${c.classId}/trustworthy`, trustworthy, countForRatio(trustworthy.members.length, c.trustworthyRatio), []));
    if (c.complaintsRatio != null && complaints.members.length > 0)
      result.push(part(complaintsStratumId(c.classId), complaints, countForRatio(complaints.members.length, c.complaintsRatio), []));
    // a grade no eligible target of the class has is no pool: the task still records its ratio
    (c.gradeRatios ?? []).forEach(({ grade, ratio }, k) => {
      if (grades[k].members.length > 0) result.push(part(gradeStratumId(c.classId, grade), grades[k], countForRatio(grades[k].members.length, ratio), []));
    });
    return result;
  });
}

/** The stratum of a class's targets with many complaints or tip-offs this year (002 §15). */
export const complaintsStratumId = (classId: string) => `${classId}/complaints`;

/** 002 §15's "many complaints" (投诉举报多): MANY_COMPLAINTS or more complaint-prompted inspections in the year. */
export function hasManyComplaints(target: Pick<TargetFacts, 'complaintsByYear'>, year: number): boolean {
  return (target.complaintsByYear?.[year] ?? 0) >= MANY_COMPLAINTS;
}

/** The stratum of a class's targets of one credit-risk grade (002 §15). */
export const gradeStratumId = (classId: string, grade: string) => `${classId}/grade-${grade}`;

/** Eligible members of one stratum, and those of them outside the limits. */
interface Bucket {
  readonly members: string[];
  readonly exempt: string[];
}

function bucket(): Bucket {
  return { members: [], exempt: [] };
}

interface RuleContext {
  readonly limits: DrawLimits;
  readonly superiors: ReadonlySet<string>;
  readonly sixMonthsBefore: string;
  readonly penaltyWindowStart: string;
  /** The quota exclusion's text by draws used: tens of thousands of targets share a handful of texts. */
  readonly quotaDetails: Map<number, string>;
  /** Version 3 of the rules or later: many complaints exempt a target. */
  readonly countsComplaints: boolean;
  /** The targets whose six-month rule the freeze lifted. */
  readonly liftedFor: ReadonlySet<string>;
  /** Version 4 of the rules or later: each exemption lifts only the rules its clause names. */
  readonly exemptionsPerRule: boolean;
}

/**
 * null: eligible and subject to the quota; 'exempt': eligible and outside the quota (drawing it
 * uses none); else the exclusion.
 *
 * Which exemption lifts which rule (version 4; pool-request.ts for the earlier versions):
 *
 * | exemption                                              | quota | superior | other unit | six months |
 * |--------------------------------------------------------|-------|----------|------------|------------|
 * | task of key items alone, special campaign (002 §15)     | yes   | no       | no         | no         |
 * | many complaints or tip-offs (002 §15)                   | yes   | no       | no         | no         |
 * | abnormal list, serious-violation list, penalised        | yes   | yes      | yes        | no         |
 * |   (000 §19 second paragraph: "不受前款限制")            |       |          |            |            |
 * | a lift the freeze records with its reason (001 §2(2)1)  | no    | no       | no         | yes        |
 */
function exclusionOf(targetId: string, target: TargetFacts, request: PoolRequest, rules: RuleContext): Exclusion | 'exempt' | null {
  if (target.deregistered) return { targetId, reason: 'deregistered', detail: '注销: the subject no longer exists' };
  if (target.revoked) return { targetId, reason: 'revoked', detail: '吊销: the licence is revoked' };
  // 000 §19 second paragraph: the abnormal list, the serious-violation list and penalised targets are outside the whole first paragraph
  const listed = target.abnormal || target.seriousViolator || (target.penalisedOn !== null && target.penalisedOn >= rules.penaltyWindowStart);
  // 002 §15: key items, campaigns and (since version 3 of the rules) many complaints are outside the ratio and frequency limits
  const manyComplaints = rules.countsComplaints && hasManyComplaints(target, request.year);
  const outsideQuota = listed || request.exemptTask || manyComplaints;
  // versions 1–3: any exemption lifted every rule below
  if (outsideQuota && !rules.exemptionsPerRule) return 'exempt';
  const used = target.drawsByYear?.[request.year] ?? 0;
  if (!outsideQuota && used >= rules.limits.quotaPerYear) {
    let detail = rules.quotaDetails.get(used);
    if (detail === undefined) {
      detail = `drawn ${used} times in ${request.year}; the limit is ${rules.limits.quotaPerYear} (000 §19, 002 §15)`;
      rules.quotaDetails.set(used, detail);
    }
    return { targetId, reason: 'quota-reached', detail };
  }
  for (const entry of listed ? [] : (target.locked ?? [])) {
    if (entry.year !== request.year || entry.taskId === request.taskId) continue;
    if (rules.superiors.has(entry.departmentId)) {
      return {
        targetId,
        reason: 'inspected-by-superior',
        detail: `drawn by task ${entry.taskId} of superior ${entry.departmentId} on ${entry.lockedOn} (000 §19)`,
      };
    }
    if (entry.departmentId === request.departmentId && isOtherUnit(entry.businessUnitId, request)) {
      return {
        targetId,
        reason: 'inspected-by-other-unit',
        detail: `drawn by task ${entry.taskId} of ${entry.businessUnitId === null ? 'no named unit' : `unit ${entry.businessUnitId}`} on ${entry.lockedOn}; join a combined inspection instead (000 §19)`,
      };
    }
  }
  // 001 §2(2)1 holds 原则上: a lift recorded at the freeze, with its reason, sets it aside for the targets it names
  const foundNothing = rules.liftedFor.has(targetId) ? undefined : superiorFoundNothing(target, request, rules);
  if (foundNothing) {
    return {
      targetId,
      reason: 'superior-found-nothing',
      detail: `superior ${foundNothing.departmentId} found nothing on ${foundNothing.concludedOn} (task ${foundNothing.taskId}); ${rules.limits.monthsAfterNothingFound} months must pass (001 §2(2)1)`,
    };
  }
  return outsideQuota ? 'exempt' : null;
}

/** 001 §2(2)1: a superior's inspection that found nothing within the months before the freeze, if any. */
function superiorFoundNothing(target: TargetFacts, request: PoolRequest, rules: RuleContext): ConcludedEntry | undefined {
  return (target.concluded ?? []).find(
    (entry) =>
      !entry.foundProblems && rules.superiors.has(entry.departmentId) && entry.concludedOn > rules.sixMonthsBefore && entry.concludedOn <= request.onDate,
  );
}

/**
 * Whether a task of the same department that locked the target belongs to another business unit
 * (000 §19). Under version 1 of the rules only two named, different units counted; since version 2
 * a task without a unit is a unit of its own, so leaving the unit out does not lift the exclusion.
 */
function isOtherUnit(lockedBy: string | null, request: PoolRequest): boolean {
  if (request.rules === 'dsr-eligibility-1') return lockedBy !== null && request.businessUnitId !== null && lockedBy !== request.businessUnitId;
  return lockedBy !== request.businessUnitId;
}

/** A class's filter as tests of a table row: `accepted[n][columns[n][row]]` for every n, then the sub-registry. */
interface CompiledFilter {
  readonly columns: Readonly<Uint32Array>[];
  readonly accepted: Uint8Array[];
  readonly subRegistryId: string | null;
}

/**
 * Turns a class's filter into tests of a table row, once per request, not once per target: each
 * condition on a text column is decided once per distinct text of the table's dictionary and read
 * back by the row's dictionary number, so a million rows are tested without reading a text.
 */
function compileFilter(filter: TargetFilter | null, table: TargetTable): CompiledFilter {
  const compiled = { columns: [] as Readonly<Uint32Array>[], accepted: [] as Uint8Array[], subRegistryId: filter?.subRegistryId ?? null };
  if (!filter) return compiled;
  const condition = (column: TextColumn, accepts: (text: string) => boolean) => {
    compiled.columns.push(table.codesOf(column));
    compiled.accepted.push(table.acceptedCodes((text) => text !== null && accepts(text)));
  };
  if (filter.subjectTypes.length > 0) condition('subjectType', (text) => filter.subjectTypes.includes(text));
  if (filter.scales.length > 0) condition('scale', (text) => filter.scales.includes(text));
  if (filter.industries.length > 0) condition('industry', (text) => filter.industries.some((code) => text.startsWith(code)));
  const areas = filter.areaCodes.map(areaPrefix);
  if (areas.length > 0) condition('areaCode', (text) => areas.some((prefix) => text.startsWith(prefix)));
  const grades = filter.creditGrades ?? [];
  if (grades.length > 0) condition('creditGrade', (text) => grades.includes(text));
  return compiled;
}

/** An area code names its subdivisions too: 431100 (a city) covers 431102; 430000 (a province) covers 43xxxx. */
export function areaPrefix(code: string): string {
  return code.replace(/(00)+$/, '');
}

/** YYYY-MM-DD shifted by whole months, the day clamped to the target month's length. */
export function shiftMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}
