import { specFor } from '../shared/testing';
import { ValidationError } from '../shared/errors';
import { DrawLimitsSet } from './draw.events';
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
const limitsSet = (quotaPerYear: number, monthsAfterNothingFound: number, reason = '省局通知调整抽查频次'): DrawLimitsSet => ({
  type: 'DrawLimitsSet',
  data: { departmentId: 'lingling', quotaPerYear, monthsAfterNothingFound, setOn: '2026-01-10', reason },
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

// The bounds of each setting: a yearly quota from 1 to 12, 0 to 24 months after a superior found
// nothing, a reason of at least four characters, and a change of either limit recorded.
describe('draw limits: the bounds of each setting', () => {
  it.each([
    [1, 0],
    [12, 24],
  ])('records a quota of %i a year and %i months, the ends of their ranges', (quota, months) =>
    spec()
      .when(set(quota, months))
      .then([limitsSet(quota, months)]),
  );

  it('refuses a quota of 13 draws a year', () =>
    spec()
      .when(set(13, 6))
      .thenThrows(ValidationError, /quotaPerYear must be a whole number from 1 to 12/, 'quotaPerYear'));
  it('refuses a fractional quota', () =>
    spec()
      .when(set(1.5, 6))
      .thenThrows(ValidationError, /1 to 12/, 'quotaPerYear'));

  it('refuses 25 months after a superior found nothing', () =>
    spec()
      .when(set(2, 25))
      .thenThrows(ValidationError, /monthsAfterNothingFound must be a whole number from 0 to 24/, 'monthsAfterNothingFound'));
  it('refuses a negative number of months', () =>
    spec()
      .when(set(2, -1))
      .thenThrows(ValidationError, /0 to 24/, 'monthsAfterNothingFound'));
  it('refuses a fractional number of months', () =>
    spec()
      .when(set(2, 6.5))
      .thenThrows(ValidationError, /0 to 24/, 'monthsAfterNothingFound'));
});

describe('draw limits: the reason', () => {
  it('takes a reason of four characters, trimmed', () =>
    spec()
      .when(set(2, 6, '  本级规定  '))
      .then([limitsSet(2, 6, '本级规定')]));

  it('refuses a reason of three characters once trimmed', () =>
    spec()
      .when(set(2, 6, ' 规定了 '))
      .thenThrows(ValidationError, /say why the limits change/, 'reason'));
});

describe('draw limits: a change', () => {
  it('records a change of the months alone', () =>
    spec([limitsSet(1, 6)])
      .when(set(1, 12))
      .then([limitsSet(1, 12)]));

  it('records a change of the quota alone', () =>
    spec([limitsSet(1, 6)])
      .when(set(2, 6))
      .then([limitsSet(2, 6)]));
});
