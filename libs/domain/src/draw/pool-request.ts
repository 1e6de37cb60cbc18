import { TaskSetUp } from '../task/task.events';
import { PoolRequest } from './eligibility';

/**
 * The versions of the eligibility rules a freeze can be computed under. A freeze records the
 * version it used (`DrawPoolFrozen.eligibilityRules`; absent on freezes recorded before versions
 * existed, which used version 1), and every later recomputation of that freeze (the draw itself,
 * verification) asks the same question under the same version, so a corrected rule never makes
 * an honest old draw look tampered with.
 *
 * - `dsr-eligibility-1`: any key item, or a special campaign, exempted the whole task from the
 *   limits; the other-unit exclusion applied only when both tasks named their unit.
 * - `dsr-eligibility-2`: exemptions are per item, never per task — only a task of key items alone,
 *   or a special campaign, is outside the limits (002 §15, 000 §19); a task that names no unit is a
 *   unit of its own for the other-unit exclusion, so leaving the unit out never lifts it (000 §19).
 * - `dsr-eligibility-3`: as 2, and a target with MANY_COMPLAINTS complaints or tip-offs in the
 *   draw's year that prompted inspections outside the random regime is not held to the limits (002 §15).
 * - `dsr-eligibility-4`: exemptions are per rule. Versions 1–3 let an exempt target skip every
 *   exclusion; now each exemption lifts only the rules its clause names (eligibility.ts, exclusionOf):
 *   a key-items task, a special campaign and many complaints lift the twice-a-year quota only
 *   (002 §15); the abnormal list, the serious-violation list and a recent penalty lift the whole of
 *   000 §19's first paragraph — the quota and the superior's and other unit's exclusions (000 §19,
 *   second paragraph); no exemption lifts the six-month rule after a superior found nothing
 *   (001 §2(2)1) — only a lift the freeze records, with its reason, for named targets.
 */
export const ELIGIBILITY_RULES_V1 = 'dsr-eligibility-1';
export const ELIGIBILITY_RULES_V2 = 'dsr-eligibility-2';
export const ELIGIBILITY_RULES_V3 = 'dsr-eligibility-3';
export const ELIGIBILITY_RULES = 'dsr-eligibility-4';
export type EligibilityRules = typeof ELIGIBILITY_RULES_V1 | typeof ELIGIBILITY_RULES_V2 | typeof ELIGIBILITY_RULES_V3 | typeof ELIGIBILITY_RULES;

const RECORDED_RULES: readonly string[] = [ELIGIBILITY_RULES_V2, ELIGIBILITY_RULES_V3, ELIGIBILITY_RULES];

/** The rules a recorded freeze was computed under. */
export function eligibilityRulesOf(frozen: { eligibilityRules?: string }): EligibilityRules {
  const recorded = frozen.eligibilityRules;
  return recorded !== undefined && RECORDED_RULES.includes(recorded) ? (recorded as EligibilityRules) : ELIGIBILITY_RULES_V1;
}

/**
 * What a task asks of the eligibility rules, derived only from the task as set up, the freeze
 * date, the rules' version and the targets whose six-month rule the freeze lifted — all recorded —
 * so the freeze and any later verification ask exactly the same question.
 */
export function poolRequestFor(
  task: TaskSetUp['data'],
  frozenOn: string,
  rules: EligibilityRules = ELIGIBILITY_RULES,
  sixMonthRuleLiftedFor?: readonly string[],
): PoolRequest {
  const keyItemsOnly = task.items.every((item) => item.category === 'key');
  return {
    taskId: task.taskId,
    departmentId: task.departmentId,
    businessUnitId: task.businessUnitId,
    year: task.year,
    onDate: frozenOn,
    candidateDepartmentIds: [...new Set([...task.executingDepartmentIds, ...task.jointDepartmentIds])],
    classes: task.classes,
    // 002 §15, 000 §19: key items and special campaigns are not held to the limits — per item:
    // a target drawn for a general item of the task is held to them even beside a key item
    exemptTask:
      rules === ELIGIBILITY_RULES_V1 ? task.specialCampaign || task.items.some((item) => item.category === 'key') : task.specialCampaign || keyItemsOnly,
    rules,
    // 001 §2(2)1: recorded on the freeze (DrawPoolFrozen.sixMonthRuleLifted), so verification asks the same
    ...(sixMonthRuleLiftedFor && sixMonthRuleLiftedFor.length > 0 ? { sixMonthRuleLiftedFor } : {}),
  };
}
