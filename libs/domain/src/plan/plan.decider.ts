/**
 * 年度抽查工作计划 — a department's annual random-inspection plan (000 §15–16, 002 §12–15,
 * 003 §2(2), 004 §4(4)–(5)). A plan covers every item of the published checklist version it
 * is based on, keeps general items within their caps, and is executable only while its latest
 * version is published: an adjustment is a new version that must be published before any draw
 * under it (004 §4(4): 未经公示的随机抽查工作计划不得实施).
 */
import { ChecklistItem } from '../checklist/checklist.events';
import { Decider, assertNever } from '../shared/decider';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { CitedChecklist, PlanCommand } from './plan.commands';
import { CREDIT_RISK_GRADES, PlanContent, PlanEvent, PlanItem } from './plan.events';

export interface PlanVersion {
  readonly version: number;
  /** Why the plan was adjusted; null for version 1. */
  readonly reason: string | null;
  readonly content: PlanContent;
  readonly publishedOn: string | null;
}

export interface PlanFiling {
  readonly version: number;
  readonly superiorId: string;
  readonly filedOn: string;
  readonly deadline: string;
  readonly onTime: boolean;
}

export type PlanState =
  | { readonly status: 'none' }
  | {
      readonly status: 'filed';
      readonly planId: string;
      readonly departmentId: string;
      readonly year: number;
      /** Oldest first; version N is at index N - 1. */
      readonly versions: readonly PlanVersion[];
      readonly filings: readonly PlanFiling[];
      /** The latest version is published: a draw may run under the plan (checked by the draw). */
      readonly isExecutable: boolean;
    };

const initialState: PlanState = { status: 'none' };

function decide(command: PlanCommand, state: PlanState): PlanEvent[] {
  if (command.type === 'FilePlan') {
    if (state.status !== 'none') throw new IllegalStateError(`plan ${command.planId} is already filed; adjust it instead`, 'planId');
    const { planId, departmentId, year } = command;
    const content = checkContent(year, command.content, command.checklist);
    return [{ type: 'PlanFiled', data: { planId, departmentId, year, version: 1, content } }];
  }
  if (state.status === 'none') throw new NotFoundError('the plan is not filed');
  const { planId, departmentId } = state;
  const latest = state.versions[state.versions.length - 1];
  switch (command.type) {
    case 'PublishPlan': {
      if (latest.publishedOn !== null) throw new IllegalStateError(`version ${latest.version} of plan ${planId} is already published`);
      const lastPublished = [...state.versions].reverse().find((v) => v.publishedOn !== null);
      if (lastPublished?.publishedOn && command.publishedOn < lastPublished.publishedOn) {
        throw new ValidationError(
          `publishedOn ${command.publishedOn} is before version ${lastPublished.version} was published (${lastPublished.publishedOn})`,
          'publishedOn',
        );
      }
      return [{ type: 'PlanPublished', data: { planId, departmentId, year: state.year, version: latest.version, publishedOn: command.publishedOn } }];
    }
    case 'AdjustPlan': {
      // 002 §12: the plan is adjusted as work requires; the adjustment is filed and published like the plan
      if (!command.reason.trim()) throw new ValidationError('an adjustment needs its reason', 'reason');
      const content = checkContent(state.year, command.content, command.checklist);
      if (JSON.stringify(content) === JSON.stringify(normaliseContent(latest.content))) {
        throw new ValidationError(`the adjustment changes nothing in version ${latest.version}`, 'items');
      }
      return [{ type: 'PlanAdjusted', data: { planId, departmentId, version: latest.version + 1, reason: command.reason, content } }];
    }
    case 'FilePlanWithSuperior': {
      if (command.superiorId === null) throw new ValidationError(`${departmentId} is a province and has no superior to file the plan with`);
      if (state.filings.some((f) => f.version === latest.version))
        throw new IllegalStateError(`version ${latest.version} of plan ${planId} is already filed with the superior`);
      const { superiorId, filedOn, deadline } = command;
      // 000 §15: Hunan files by the end of March; the deadline itself is the jurisdiction's setting
      return [
        { type: 'PlanFiledWithSuperior', data: { planId, departmentId, version: latest.version, superiorId, filedOn, deadline, onTime: filedOn <= deadline } },
      ];
    }
    default:
      return assertNever(command);
  }
}

/** Every rule a plan version must meet against the checklist version it cites; returns the content normalised. */
function checkContent(year: number, content: PlanContent, checklist: CitedChecklist | null): PlanContent {
  if (!checklist) throw new ValidationError(`checklist version ${content.checklistVersion} of the department is not published`, 'checklistVersion');
  const seen = new Set<string>();
  content.items.forEach((planItem, i) => {
    const at = `items.${i}`;
    if (seen.has(planItem.itemId)) throw new ValidationError(`item ${planItem.itemId} is covered twice`, `${at}.itemId`);
    seen.add(planItem.itemId);
    if (planItem.checklistVersion !== checklist.version) {
      throw new ValidationError(
        `item ${planItem.itemId} cites checklist version ${planItem.checklistVersion}, but the plan is based on version ${checklist.version}`,
        `${at}.checklistVersion`,
      );
    }
    const listed = checklist.items.find((c) => c.itemId === planItem.itemId);
    if (!listed) throw new ValidationError(`item ${planItem.itemId} is not on checklist version ${checklist.version}`, `${at}.itemId`);
    checkRatios(planItem, listed, at);
    checkWindows(year, planItem, at);
  });
  // 002 §13: 抽查工作计划应当涵盖《清单》全部事项
  const missing = checklist.items.filter((c) => !seen.has(c.itemId));
  if (missing.length > 0) {
    throw new ValidationError(
      `the plan must cover every item of checklist version ${checklist.version}; missing: ${missing.map((c) => `${c.itemId} (${c.name})`).join(', ')}`,
      'items',
    );
  }
  checkSplit(content.split);
  return normaliseContent(content);
}

function checkRatios(planItem: PlanItem, listed: ChecklistItem, at: string): void {
  const label = `item ${listed.itemId} (${listed.name})`;
  if (!(planItem.ratio > 0 && planItem.ratio <= 100))
    throw new ValidationError(`the ratio of ${label} must be a percentage above 0 and at most 100`, `${at}.ratio`);
  const grades = planItem.riskRatios.map((r) => r.grade);
  if (new Set(grades).size !== grades.length) throw new ValidationError(`${label} gives a credit-risk grade two ratios`, `${at}.riskRatios`);
  if (planItem.riskRatios.some((r) => !(r.ratio >= 0 && r.ratio <= 100)))
    throw new ValidationError(`the risk ratios of ${label} must be percentages from 0 to 100`, `${at}.riskRatios`);
  // 002 §15: lower ratios for low-risk targets, higher for high-risk ones — never lower for a worse grade
  const byGrade = [...planItem.riskRatios].sort((a, b) => CREDIT_RISK_GRADES.indexOf(a.grade) - CREDIT_RISK_GRADES.indexOf(b.grade));
  byGrade.forEach((r, k) => {
    const better = byGrade[k - 1];
    if (better && r.ratio < better.ratio) {
      throw new ValidationError(
        `${label} draws grade ${r.grade} (${r.ratio}%) less than the lower-risk grade ${better.grade} (${better.ratio}%)`,
        `${at}.riskRatios`,
      );
    }
  });
  // 000 §16: trustworthy targets may be skipped or drawn less — never more
  if (planItem.trustworthyRatio !== null && !(planItem.trustworthyRatio >= 0 && planItem.trustworthyRatio < planItem.ratio)) {
    throw new ValidationError(`the trustworthy ratio of ${label} must be at least 0 and below its ratio of ${planItem.ratio}%`, `${at}.trustworthyRatio`);
  }
  // DOMAIN.md 一单两库: a general item's ratio is strictly capped; a key item has no cap
  if (listed.category === 'general' && listed.ratioCap !== null) {
    const cap = listed.ratioCap;
    if (planItem.ratio > cap)
      throw new ValidationError(`${label} is a general item capped at ${cap}%; the ratio ${planItem.ratio}% is above it`, `${at}.ratio`);
    const over = planItem.riskRatios.find((r) => r.ratio > cap);
    if (over)
      throw new ValidationError(
        `${label} is a general item capped at ${cap}%; the ratio ${over.ratio}% for grade ${over.grade} is above it`,
        `${at}.riskRatios`,
      );
  }
}

function checkWindows(year: number, planItem: PlanItem, at: string): void {
  if (planItem.windows.length === 0) throw new ValidationError(`item ${planItem.itemId} needs at least one time window`, `${at}.windows`);
  planItem.windows.forEach((w, k) => {
    if (w.from > w.to) throw new ValidationError(`window ${w.from}–${w.to} of item ${planItem.itemId} ends before it starts`, `${at}.windows.${k}`);
    if (!w.from.startsWith(`${year}-`) || !w.to.startsWith(`${year}-`)) {
      throw new ValidationError(`window ${w.from}–${w.to} of item ${planItem.itemId} lies outside the plan year ${year}`, `${at}.windows.${k}`);
    }
  });
}

function checkSplit(split: PlanContent['split']): void {
  const parts = [split.provincial, split.municipal, split.county, split.own];
  if (parts.some((p) => p < 0)) throw new ValidationError('the draw split cannot be negative', 'split');
  if (split.unit === 'count' && parts.some((p) => !Number.isInteger(p))) throw new ValidationError('a split by count needs whole numbers', 'split');
  const total = parts.reduce((a, b) => a + b, 0);
  if (split.unit === 'percent' && Math.abs(total - 100) > 1e-9) throw new ValidationError(`the split percentages add up to ${total}, not 100`, 'split');
  if (total === 0) throw new ValidationError('the split assigns no draws', 'split');
}

/** Fields in one fixed order, so that equal contents serialise equally. */
function normaliseContent(content: PlanContent): PlanContent {
  const { checklistVersion, split } = content;
  return {
    checklistVersion,
    items: content.items.map((i) => ({
      itemId: i.itemId,
      checklistVersion: i.checklistVersion,
      scope: {
        description: i.scope.description,
        subjectTypes: [...i.scope.subjectTypes],
        industries: [...i.scope.industries],
        areaCodes: [...i.scope.areaCodes],
        subRegistry: i.scope.subRegistry,
      },
      ratio: i.ratio,
      frequency: i.frequency,
      riskRatios: i.riskRatios.map((r) => ({ grade: r.grade, ratio: r.ratio })),
      trustworthyRatio: i.trustworthyRatio,
      windows: i.windows.map((w) => ({ from: w.from, to: w.to })),
      estimatedTargets: i.estimatedTargets,
    })),
    split: { unit: split.unit, provincial: split.provincial, municipal: split.municipal, county: split.county, own: split.own },
  };
}

function evolve(state: PlanState, event: PlanEvent): PlanState {
  if (event.type === 'PlanFiled') {
    const { planId, departmentId, year, version, content } = event.data;
    return { status: 'filed', planId, departmentId, year, versions: [{ version, reason: null, content, publishedOn: null }], filings: [], isExecutable: false };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'PlanPublished': {
      const versions = state.versions.map((v) => (v.version === event.data.version ? { ...v, publishedOn: event.data.publishedOn } : v));
      return { ...state, versions, isExecutable: versions[versions.length - 1].publishedOn !== null };
    }
    case 'PlanAdjusted': {
      const { version, reason, content } = event.data;
      return { ...state, versions: [...state.versions, { version, reason, content, publishedOn: null }], isExecutable: false };
    }
    case 'PlanFiledWithSuperior': {
      const { version, superiorId, filedOn, deadline, onTime } = event.data;
      return { ...state, filings: [...state.filings, { version, superiorId, filedOn, deadline, onTime }] };
    }
    default:
      return assertNever(event);
  }
}

export const planDecider: Decider<PlanState, PlanCommand, PlanEvent> = { initialState, decide, evolve };
