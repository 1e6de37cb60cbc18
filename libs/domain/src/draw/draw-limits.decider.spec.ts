import { specFor } from '../shared/testing';
import { ValidationError } from '../shared/errors';
import { drawLimitsDecider } from './draw-limits.decider';

const spec = specFor(drawLimitsDecider);
const set = (quotaPerYear: number, monthsAfterNothingFound: number, reason = '省局通知调整抽查频次') => ({
  type: 'SetDrawLimits' as const,
  departmentId: 'lingling',
  quotaPerYear,
  monthsAfterNothingFound,
  reason,
  setOn: '2026-01-10',
});

describe('draw limits per jurisdiction (DOMAIN.md: a setting, the stricter value by default)', () => {
  it('records a stricter yearly quota than 000 §19 with its reason', () =>
    spec()
      .when(set(1, 6))
      .then([
        {
          type: 'DrawLimitsSet',
          data: { departmentId: 'lingling', quotaPerYear: 1, monthsAfterNothingFound: 6, setOn: '2026-01-10', reason: '省局通知调整抽查频次' },
        },
      ]));

  it('appends nothing when the limits do not change', () =>
    spec([{ type: 'DrawLimitsSet', data: { departmentId: 'lingling', quotaPerYear: 1, monthsAfterNothingFound: 6, setOn: '2026-01-10', reason: 'x' } }])
      .when(set(1, 6))
      .then([]));

  it('refuses a quota of zero draws a year', () =>
    spec()
      .when(set(0, 6))
      .thenThrows(ValidationError, /1 to 12/, 'quotaPerYear'));
  it('refuses a six-month rule beyond two years (001 §2(2)1)', () =>
    spec()
      .when(set(2, 30))
      .thenThrows(ValidationError, /0 to 24/, 'monthsAfterNothingFound'));
  it('refuses a change without its reason', () =>
    spec()
      .when(set(2, 6, ' '))
      .thenThrows(ValidationError, /why/, 'reason'));
});
