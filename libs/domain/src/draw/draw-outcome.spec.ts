/**
 * What a draw's events amount to for its task and for inspector matching: the status it reached,
 * and the drawn targets in draw order with the class each was drawn for.
 */
import { drawOutcome } from './draw-outcome';
import { exclusionsHash } from './draw-algorithm';
import { DrawEvent, drawLimitsStream, drawStream, quotaLedgerStream } from './draw.events';

const frozen: DrawEvent = {
  type: 'DrawPoolFrozen',
  data: {
    drawId: 'd1',
    taskId: 't1',
    departmentId: 'lingling',
    year: 2026,
    algorithm: 'dsr-draw-v1',
    eligibilityPosition: '10/10',
    strata: [
      { stratumId: 'food', classId: 'food', poolHash: 'h1', poolSize: 5, count: 2, exemptMembers: 0, excludedCount: 0, excludedHash: exclusionsHash([]) },
      { stratumId: 'food/trustworthy', classId: 'food', poolHash: 'h2', poolSize: 3, count: 1, exemptMembers: 0, excludedCount: 0, excludedHash: exclusionsHash([]) },
    ],
    serverCommitment: 'c',
    beacon: null,
    frozenOn: '2026-04-01',
  },
};
const witness: DrawEvent = { type: 'EntropyContributed', data: { drawId: 'd1', departmentId: 'lingling', contribution: { kind: 'witness', label: 'w', value: '1' } } };
const drawn: DrawEvent = {
  type: 'TargetsDrawn',
  data: {
    drawId: 'd1',
    departmentId: 'lingling',
    entropyKinds: ['witness', 'server'],
    ledgerRevision: 0,
    strata: [
      { stratumId: 'food', selected: ['T4', 'T1'], skipped: [] },
      { stratumId: 'food/trustworthy', selected: ['T7'], skipped: [] },
      { stratumId: 'unknown-stratum', selected: ['T9'], skipped: [] },
    ],
    drawnOn: '2026-04-02',
  },
};
const confirmed: DrawEvent = { type: 'DrawConfirmed', data: { drawId: 'd1', departmentId: 'lingling', confirmedOn: '2026-04-03' } };
const voided: DrawEvent = { type: 'DrawVoided', data: { drawId: 'd1', departmentId: 'lingling', reason: '错误', voidedOn: '2026-04-04' } };

describe('the outcome of a draw', () => {
  it('is none without events', () => expect(drawOutcome([])).toEqual({ status: 'none', drawId: null, taskId: null, targets: [] }));

  it('is frozen, naming the draw and its task, until it is drawn; entropy changes nothing', () =>
    expect(drawOutcome([frozen, witness])).toEqual({ status: 'frozen', drawId: 'd1', taskId: 't1', targets: [] }));

  it('lists the drawn targets in draw order, each with the class its stratum belongs to', () =>
    expect(drawOutcome([frozen, witness, drawn])).toEqual({
      status: 'drawn',
      drawId: 'd1',
      taskId: 't1',
      targets: [
        { targetId: 'T4', classId: 'food' },
        { targetId: 'T1', classId: 'food' },
        { targetId: 'T7', classId: 'food' },
        // a stratum the freeze did not name stands for its own class
        { targetId: 'T9', classId: 'unknown-stratum' },
      ],
    }));

  it('is confirmed, and then voided, keeping the drawn targets', () => {
    expect(drawOutcome([frozen, drawn, confirmed])).toMatchObject({ status: 'confirmed', drawId: 'd1', taskId: 't1', targets: expect.arrayContaining([{ targetId: 'T4', classId: 'food' }]) });
    expect(drawOutcome([frozen, drawn, confirmed, voided])).toMatchObject({ status: 'voided', drawId: 'd1', targets: expect.arrayContaining([{ targetId: 'T7', classId: 'food' }]) });
  });

  it('is voided when voided before it was drawn, with no targets', () => expect(drawOutcome([frozen, voided])).toEqual({ status: 'voided', drawId: 'd1', taskId: 't1', targets: [] }));
});

describe('the streams of the draw', () => {
  it('are named after the draw, the year and the department', () => {
    expect(drawStream('d1')).toBe('draw-d1');
    expect(quotaLedgerStream(2026)).toBe('quota-ledger-2026');
    expect(drawLimitsStream('lingling')).toBe('draw-limits-lingling');
  });
});
