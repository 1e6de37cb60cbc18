/**
 * The draw protocol at its edges (draw.decider.spec.ts has the main path): who may enter which
 * value, the boundaries of the beacon rule, the ratio cap and a void's reason, draws recorded
 * before the freezer was kept, and events that arrive for a draw never frozen.
 */
import { fold } from '../shared/decider';
import { ForbiddenError, IllegalStateError, ValidationError } from '../shared/errors';
import { specFor } from '../shared/testing';
import { EntropyContribution, commitmentTo, exclusionsHash, poolHash } from './draw-algorithm';
import { ContributeEntropy, ExecuteDraw, FreezePool } from './draw.commands';
import { drawDecider } from './draw.decider';
import { DrawEvent, DrawPoolFrozen, EntropyContributed } from './draw.events';
import { ComputedStratum } from './eligibility';

const spec = specFor(drawDecider);
const SECRET = 'b7e1c0d2a9f34e6b';
const POOL = ['T01', 'T02', 'T03', 'T04', 'T05'];
const PLAN = { planId: 'lingling-2026', version: 1, published: true };
const WITNESS: EntropyContribution = { kind: 'witness', label: '公证员 张某', value: '3 1 4' };
const BEACON_VALUE: EntropyContribution = { kind: 'beacon', label: 'drand 4412007', value: '00ff' };

const stratum = (overrides: Partial<ComputedStratum> = {}): ComputedStratum => ({
  stratumId: 'class-1',
  classId: 'class-1',
  members: POOL,
  exempt: [],
  exemptMembers: 0,
  count: 2,
  excluded: [],
  ...overrides,
});
const freeze = (overrides: Partial<FreezePool> = {}): FreezePool => ({
  type: 'FreezePool',
  drawId: 'd1',
  taskId: 't1',
  departmentId: 'lingling',
  year: 2026,
  taskOpen: true,
  openDrawOfTask: null,
  eligibilityPosition: '10/10',
  eligibilityRules: 'dsr-eligibility-3',
  strata: [stratum()],
  plan: PLAN,
  ratioCap: null,
  serverCommitment: commitmentTo(SECRET),
  beacon: null,
  beaconRequiredAbove: 1000,
  frozenBy: 'staff-1',
  frozenOn: '2026-04-01',
  ...overrides,
});
const frozen = (overrides: Partial<DrawPoolFrozen['data']> = {}): DrawPoolFrozen => ({
  type: 'DrawPoolFrozen',
  data: {
    drawId: 'd1',
    taskId: 't1',
    departmentId: 'lingling',
    year: 2026,
    algorithm: 'dsr-draw-v1',
    eligibilityPosition: '10/10',
    strata: [{ stratumId: 'class-1', classId: 'class-1', poolHash: poolHash(POOL), poolSize: 5, count: 2, exemptMembers: 0, excludedCount: 0, excludedHash: exclusionsHash([]) }],
    serverCommitment: commitmentTo(SECRET),
    beacon: null,
    frozenBy: 'staff-1',
    frozenOn: '2026-04-01',
    ...overrides,
  },
});
const contributed = (contribution: EntropyContribution, contributedBy?: string): EntropyContributed => ({
  type: 'EntropyContributed',
  data: { drawId: 'd1', departmentId: 'lingling', contribution, ...(contributedBy === undefined ? {} : { contributedBy }) },
});
const contribute = (contribution: EntropyContribution, contributor: ContributeEntropy['contributor']): ContributeEntropy => ({ type: 'ContributeEntropy', contribution, contributor });
const execute = (overrides: Partial<ExecuteDraw> = {}): ExecuteDraw => ({
  type: 'ExecuteDraw',
  strata: [stratum()],
  serverSecret: SECRET,
  ledgerRevision: 0,
  used: new Map(),
  quotaPerYear: 2,
  plan: PLAN,
  drawnOn: '2026-04-02',
  ...overrides,
});
const draws = (given: DrawEvent[]) => drawDecider.decide(execute(), fold(drawDecider, given)).map((e) => e.type);
const BEACON = { source: 'drand', round: '4412007' };

describe('freeze', () => {
  it('names every joint department that has not accepted yet', () =>
    spec()
      .when(freeze({ jointPending: ['yongzhou-env', 'yongzhou-health'] }))
      .thenThrows(IllegalStateError, /task t1 is a joint task and yongzhou-env, yongzhou-health have not accepted it yet/, 'jointDepartmentIds'));

  it('freezes a draw of exactly the size above which a beacon is required, without one', () =>
    expect(drawDecider.decide(freeze({ beaconRequiredAbove: 2 }), drawDecider.initialState).map((e) => e.type)).toEqual(['DrawPoolFrozen']));

  it('reports an empty stratum over the cap as 100 % of its pool', () =>
    spec()
      .when(freeze({ ratioCap: { itemId: 'item-1', cap: 50 }, strata: [stratum({ count: 1 }), stratum({ stratumId: 'class-1/trustworthy', members: [], count: 1 })] }))
      .thenThrows(ValidationError, /stratum class-1\/trustworthy would draw 1 of 0 eligible targets \(100%\), above the cap of 50% of general item item-1: at most 0/, 'classes'));
});

describe('entropy: who enters which value', () => {
  it('takes a beacon value from whoever enters it: it is public, not a witness’s', () =>
    spec([frozen({ beacon: BEACON })])
      .when(contribute(BEACON_VALUE, { actorId: 'staff-2', role: 'staff' }))
      .then([contributed(BEACON_VALUE, 'staff-2')]));

  it('takes the beacon value after a witness value', () =>
    spec([frozen({ beacon: BEACON }), contributed(WITNESS, 'notary-1')])
      .when(contribute(BEACON_VALUE, { actorId: 'staff-2', role: 'staff' }))
      .then([contributed(BEACON_VALUE, 'staff-2')]));

  it('refuses a witness value from an admin account', () =>
    spec([frozen()])
      .when(contribute(WITNESS, { actorId: 'admin-1', role: 'admin' }))
      .thenThrows(ForbiddenError, /not a admin's/, 'kind'));
});

describe('draw: no one who froze the pool holds all its randomness (004 §2(3))', () => {
  it('draws when the freezer entered the beacon and a witness another value', () =>
    expect(draws([frozen({ beacon: BEACON }), contributed(BEACON_VALUE, 'staff-1'), contributed(WITNESS, 'notary-1')])).toEqual(['EntropyContributed', 'TargetsDrawn']));

  it('refuses when the only other value was recorded without saying who entered it', () =>
    spec([frozen(), contributed(WITNESS)])
      .when(execute())
      .thenThrows(IllegalStateError, /every value so far was entered by staff-1, who froze the pool/));

  it('draws a pool frozen before the freezer was kept, with values recorded before their enterers were', () =>
    expect(draws([frozen({ frozenBy: undefined }), contributed(WITNESS)])).toEqual(['EntropyContributed', 'TargetsDrawn']));
});

describe('void', () => {
  const voidDraw = (reason: string) => ({ type: 'VoidDraw' as const, reasonCode: 'system-fault' as const, reason, lockedByTask: false, voidedOn: '2026-04-03' });

  it('takes a reason of two characters', () =>
    spec([frozen()])
      .when(voidDraw('故障'))
      .then([{ type: 'DrawVoided', data: { drawId: 'd1', departmentId: 'lingling', reasonCode: 'system-fault', reason: '故障', voidedOn: '2026-04-03' } }]));

  it('refuses a reason of one character', () =>
    spec([frozen()])
      .when(voidDraw(' 错 '))
      .thenThrows(ValidationError, /needs its reason/, 'reason'));
});

describe('the state of a draw that was never frozen', () => {
  it.each<[string, DrawEvent]>([
    ['a contribution', contributed(WITNESS, 'notary-1')],
    ['a server value', contributed({ kind: 'server', label: 'server', value: SECRET })],
    ['a drawn list', { type: 'TargetsDrawn', data: { drawId: 'd1', departmentId: 'lingling', entropyKinds: [], ledgerRevision: 0, strata: [], drawnOn: '2026-04-02' } }],
    ['a confirmation', { type: 'DrawConfirmed', data: { drawId: 'd1', departmentId: 'lingling', confirmedOn: '2026-04-03' } }],
    ['a void', { type: 'DrawVoided', data: { drawId: 'd1', departmentId: 'lingling', reason: '错误', voidedOn: '2026-04-03' } }],
  ])('stays none after %s', (_, event) => {
    expect(fold(drawDecider, [event])).toEqual({ status: 'none' });
  });

  it('keeps the witness values but not the server value, which the draw itself reveals', () => {
    const state = fold(drawDecider, [frozen(), contributed(WITNESS, 'notary-1'), contributed({ kind: 'server', label: 'server', value: SECRET })]);
    expect(state).toMatchObject({ status: 'frozen', contributions: [WITNESS], contributedBy: ['notary-1'] });
  });

  it('moves from frozen to drawn, confirmed and voided, keeping the pool', () => {
    const given: DrawEvent[] = [frozen(), contributed(WITNESS, 'notary-1')];
    const [server, drawn] = drawDecider.decide(execute(), fold(drawDecider, given));
    expect(fold(drawDecider, [...given, server, drawn])).toMatchObject({ status: 'drawn', drawn: true, drawId: 'd1', contributions: [WITNESS] });
    const confirmed: DrawEvent = { type: 'DrawConfirmed', data: { drawId: 'd1', departmentId: 'lingling', confirmedOn: '2026-04-03' } };
    expect(fold(drawDecider, [...given, server, drawn, confirmed])).toMatchObject({ status: 'confirmed', drawn: true, drawId: 'd1' });
    const voided: DrawEvent = { type: 'DrawVoided', data: { drawId: 'd1', departmentId: 'lingling', reason: '错误', voidedOn: '2026-04-04' } };
    expect(fold(drawDecider, [...given, server, drawn, confirmed, voided])).toMatchObject({ status: 'voided', drawn: true, drawId: 'd1' });
  });
});
