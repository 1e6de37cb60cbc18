/**
 * Per-jurisdiction draw limits (DOMAIN.md: where documents differ, a setting with the stricter
 * value as the default): the yearly quota (000 §19, 002 §15) and the months after a superior
 * found nothing (001 §2(2)1). Each change is a new event with its reason.
 */
import { Decider } from '../shared/decider';
import { ValidationError } from '../shared/errors';
import { DrawLimitsSet } from './draw.events';
import { DrawLimits } from './eligibility';

export interface SetDrawLimits extends DrawLimits {
  readonly type: 'SetDrawLimits';
  readonly departmentId: string;
  readonly reason: string;
  readonly setOn: string;
}

export type DrawLimitsState = DrawLimits | null;

function decide(command: SetDrawLimits, state: DrawLimitsState): DrawLimitsSet[] {
  if (!Number.isInteger(command.quotaPerYear) || command.quotaPerYear < 1 || command.quotaPerYear > 12) {
    throw new ValidationError('quotaPerYear must be a whole number from 1 to 12', 'quotaPerYear');
  }
  if (!Number.isInteger(command.monthsAfterNothingFound) || command.monthsAfterNothingFound < 0 || command.monthsAfterNothingFound > 24) {
    throw new ValidationError('monthsAfterNothingFound must be a whole number from 0 to 24', 'monthsAfterNothingFound');
  }
  if (command.reason.trim().length < 4) throw new ValidationError('say why the limits change', 'reason');
  if (state && state.quotaPerYear === command.quotaPerYear && state.monthsAfterNothingFound === command.monthsAfterNothingFound) return [];
  const { departmentId, quotaPerYear, monthsAfterNothingFound, setOn } = command;
  return [{ type: 'DrawLimitsSet', data: { departmentId, quotaPerYear, monthsAfterNothingFound, setOn, reason: command.reason.trim() } }];
}

function evolve(_: DrawLimitsState, event: DrawLimitsSet): DrawLimitsState {
  return { quotaPerYear: event.data.quotaPerYear, monthsAfterNothingFound: event.data.monthsAfterNothingFound };
}

export const drawLimitsDecider: Decider<DrawLimitsState, SetDrawLimits, DrawLimitsSet> = { initialState: null, decide, evolve };
