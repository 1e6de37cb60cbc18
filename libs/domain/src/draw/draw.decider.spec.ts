/**
 * The verifiable target draw (DOMAIN.md, The double draw; docs/draw-algorithm.md): freeze before
 * any randomness, entropy revealed after it, a deterministic draw, confirm, and a void that keeps
 * the record. The pool and entropy are those of the document's vector 1, so a draw here must
 * select what the independent re-implementation selected.
 */
import { fold } from '../shared/decider';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { specFor } from '../shared/testing';
import { EntropyContribution, combineSeed, commitmentTo, drawWithSkips, exclusionsHash, poolHash } from './draw-algorithm';
import { ContributeEntropy, ExecuteDraw, FreezePool, PlanStanding } from './draw.commands';
import { drawDecider } from './draw.decider';
import { DrawEvent, DrawPoolFrozen, EntropyContributed, TargetsDrawn } from './draw.events';
import { ComputedStratum } from './eligibility';

const spec = specFor(drawDecider);

const SERVER_SECRET = 'b7e1c0d2a9f34e6b';
const POOL = [
  '91431102MA4L00001X',
  '91431102MA4L00002X',
  '91431102MA4L00003X',
  '91431102MA4L00004X',
  '91431102MA4L00005X',
  '91431102MA4L00008X',
  '91431102MA4L00009X',
  '91431102MA4L00010X',
  '92431102MA4L00006X',
  '93431102MA4L00007X',
];
const POOL_HASH = 'daf90c3963f45affb630642a1983d8d8bd1d81730129f36abe8c3a9b1a3f279b';
const NOTARY: EntropyContribution = { kind: 'witness', label: '公证员 张某', value: '3 1 4 1 5 9' };
const BEACON = { source: 'drand', round: '4412007' };
const PUBLISHED_PLAN: PlanStanding = { planId: 'lingling-2026', version: 1, published: true };
const ADJUSTED_UNPUBLISHED: PlanStanding = { planId: 'lingling-2026', version: 2, published: false };

const stratum = (overrides: Partial<ComputedStratum> = {}): ComputedStratum => ({
  stratumId: 'class-1',
  classId: 'class-1',
  members: POOL,
  exempt: [],
  exemptMembers: 0,
  count: 3,
  excluded: [{ targetId: '91431102MA4L00011X', reason: 'deregistered', detail: '注销: the subject no longer exists' }],
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
  eligibilityPosition: '1200/1200',
  eligibilityRules: 'dsr-eligibility-2',
  strata: [stratum()],
  plan: PUBLISHED_PLAN,
  ratioCap: null,
  serverCommitment: commitmentTo(SERVER_SECRET),
  beacon: null,
  beaconRequiredAbove: 1000,
  frozenBy: 'staff-1',
  frozenOn: '2026-04-01',
  ...overrides,
});

const frozenEvent = (overrides: Partial<DrawPoolFrozen['data']> = {}): DrawPoolFrozen => ({
  type: 'DrawPoolFrozen',
  data: {
    drawId: 'd1',
    taskId: 't1',
    departmentId: 'lingling',
    year: 2026,
    algorithm: 'dsr-draw-v1',
    eligibilityRules: 'dsr-eligibility-2',
    eligibilityPosition: '1200/1200',
    strata: [
      {
        stratumId: 'class-1',
        classId: 'class-1',
        poolHash: POOL_HASH,
        poolSize: 10,
        count: 3,
        exemptMembers: 0,
        excludedCount: 1,
        excludedHash: exclusionsHash([{ targetId: '91431102MA4L00011X', reason: 'deregistered', detail: '注销: the subject no longer exists' }]),
      },
    ],
    serverCommitment: commitmentTo(SERVER_SECRET),
    beacon: null,
    frozenBy: 'staff-1',
    frozenOn: '2026-04-01',
    ...overrides,
  },
});
/** The notary types a witness value under a witness account of their own (004 §2(3)). */
const NOTARY_ACCOUNT = { actorId: 'notary-1', role: 'witness' as const };
const contributed = (contribution: EntropyContribution, by: string | undefined = NOTARY_ACCOUNT.actorId): EntropyContributed => ({
  type: 'EntropyContributed',
  data: { drawId: 'd1', departmentId: 'lingling', contribution, ...(contribution.kind === 'server' ? {} : { contributedBy: by }) },
});
const contribute = (contribution: EntropyContribution, contributor: ContributeEntropy['contributor'] = NOTARY_ACCOUNT): ContributeEntropy => ({
  type: 'ContributeEntropy',
  contribution,
  contributor,
});

const execute = (overrides: Partial<ExecuteDraw> = {}): ExecuteDraw => ({
  type: 'ExecuteDraw',
  strata: [stratum()],
  serverSecret: SERVER_SECRET,
  ledgerRevision: 7,
  used: new Map(),
  quotaPerYear: 2,
  plan: PUBLISHED_PLAN,
  drawnOn: '2026-04-02',
  ...overrides,
});
const drawnEvent = (selected: string[], skipped: TargetsDrawn['data']['strata'][number]['skipped'] = []): TargetsDrawn => ({
  type: 'TargetsDrawn',
  data: {
    drawId: 'd1',
    departmentId: 'lingling',
    entropyKinds: ['witness', 'server'],
    ledgerRevision: 7,
    strata: [{ stratumId: 'class-1', selected, skipped }],
    drawnOn: '2026-04-02',
  },
});

const VECTOR_1 = ['91431102MA4L00005X', '92431102MA4L00006X', '91431102MA4L00004X'];
const frozenWithWitness: DrawEvent[] = [frozenEvent(), contributed(NOTARY)];
const drawn: DrawEvent[] = [...frozenWithWitness, contributed({ kind: 'server', label: 'server', value: SERVER_SECRET }), drawnEvent(VECTOR_1)];
const confirmed: DrawEvent[] = [...drawn, { type: 'DrawConfirmed', data: { drawId: 'd1', departmentId: 'lingling', confirmedOn: '2026-04-03' } }];
const voided = (before: DrawEvent[]): DrawEvent[] => [
  ...before,
  { type: 'DrawVoided', data: { drawId: 'd1', departmentId: 'lingling', reasonCode: 'wrong-scope', reason: '抽取范围设置错误', voidedOn: '2026-04-03' } },
];

describe('draw', () => {
  describe('freeze: the eligible set is fixed and published before any randomness exists', () => {
    it('publishes each stratum’s pool hash, size, count, exempt members and the count and hash of its exclusions with the server’s commitment', () =>
      spec().when(freeze()).then([frozenEvent()]));

    it('refuses, before any randomness exists, a draw whose list could not be locked or matched in one write of the event store (002 §19, §21)', () => {
      const members = Array.from({ length: 40_000 }, (_, i) => `91431102MA${String(i).padStart(7, '0')}X`);
      const limit = { largestWrite: 1024 * 1024, jointDepartments: 0 };
      const freezing = (count: number, listLimit: typeof limit) =>
        freeze({ beacon: { source: 'drand', round: '1' }, listLimit, strata: [stratum({ members, count, excluded: [] })] });
      // matching one department's 3,000 targets writes up to 358 bytes a target (a group and an expert): more than 1 MiB
      spec()
        .when(freezing(3_000, limit))
        .thenThrows(
          ValidationError,
          /takes 3000 targets; locking a list that long or matching inspectors to it writes up to \d+ bytes at once, more than the event store takes in one write \(1048576 bytes\): split the task/,
          'taskId',
        );
      expect(drawDecider.decide(freezing(2_800, limit), fold(drawDecider, []))[0].type).toBe('DrawPoolFrozen');
      // a store set to take more takes more
      const larger = { ...limit, largestWrite: 8 * 1024 * 1024 };
      expect(drawDecider.decide(freezing(20_000, larger), fold(drawDecider, []))[0].type).toBe('DrawPoolFrozen');
      expect(() => drawDecider.decide(freezing(24_000, larger), fold(drawDecider, []))).toThrow(/split the task/);
    });

    it('stays a small event however many targets the rules keep out: the exclusions are a count and a hash, recomputed from the log', () => {
      const excluded = Array.from({ length: 200_000 }, (_, i) => ({
        targetId: `91431102MA${String(i).padStart(7, '0')}X`,
        reason: 'quota-reached' as const,
        detail: 'drawn twice in 2026 by task t-17 of yongzhou',
      }));
      const [event] = drawDecider.decide(freeze({ strata: [stratum({ excluded })] }), fold(drawDecider, []));
      if (event.type !== 'DrawPoolFrozen') throw new Error(`expected DrawPoolFrozen, got ${event.type}`);
      expect(event.data.strata[0]).toMatchObject({ excludedCount: 200_000, excludedHash: exclusionsHash(excluded) });
      expect(event.data.strata[0]).not.toHaveProperty('excluded');
      // EventStoreDB refuses a write above 1 MiB by default; this freeze names 200,000 exclusions in well under a kilobyte of strata
      expect(Buffer.byteLength(JSON.stringify(event.data))).toBeLessThan(2048);
    });

    it('hashes every stratum and records a named beacon', () =>
      spec()
        .when(
          freeze({
            beacon: BEACON,
            strata: [stratum(), stratum({ stratumId: 'class-1/trustworthy', members: ['T1', 'T2'], exempt: ['T2'], exemptMembers: 1, count: 1, excluded: [] })],
          }),
        )
        .then([
          frozenEvent({
            beacon: BEACON,
            strata: [
              frozenEvent().data.strata[0],
              {
                stratumId: 'class-1/trustworthy',
                classId: 'class-1',
                poolHash: poolHash(['T1', 'T2']),
                poolSize: 2,
                count: 1,
                exemptMembers: 1,
                excludedCount: 0,
                excludedHash: exclusionsHash([]),
              },
            ],
          }),
        ]));

    it('freezes when one stratum is empty and another is not', () =>
      spec()
        .when(freeze({ strata: [stratum(), stratum({ stratumId: 'class-2', classId: 'class-2', members: [], count: 0, excluded: [] })] }))
        .then([
          frozenEvent({
            strata: [
              frozenEvent().data.strata[0],
              {
                stratumId: 'class-2',
                classId: 'class-2',
                poolHash: poolHash([]),
                poolSize: 0,
                count: 0,
                exemptMembers: 0,
                excludedCount: 0,
                excludedHash: exclusionsHash([]),
              },
            ],
          }),
        ]));

    it('refuses when the task is missing or its list is locked (002 §19)', () =>
      spec()
        .when(freeze({ taskOpen: false }))
        .thenThrows(IllegalStateError, /not open for a draw/, 'taskId'));

    it('refuses while another draw of the task is open: one list per task', () =>
      spec()
        .when(freeze({ openDrawOfTask: 'd0' }))
        .thenThrows(IllegalStateError, /open draw d0/, 'taskId'));

    it('refuses when no target is eligible', () =>
      spec()
        .when(freeze({ strata: [stratum({ members: [], count: 0 })] }))
        .thenThrows(ValidationError, /no target of task t1 is eligible/, 'taskId'));

    it('refuses a draw id that exists', () =>
      spec([frozenEvent()])
        .when(freeze())
        .thenThrows(IllegalStateError, /already exists/, 'drawId'));
    it('refuses a voided draw id too: a draw is never re-run under its id', () =>
      spec(voided([frozenEvent()]))
        .when(freeze())
        .thenThrows(IllegalStateError, /already exists/, 'drawId'));
  });

  describe('001 §2(2)1 (原则上): the six-month rule lifted at the freeze for named targets, with a reason', () => {
    const lift = { targetIds: ['T2'], reason: '上级部门检查后接到多起投诉，需再次核查' };
    const lifted = [stratum({ members: ['T1', 'T2'], count: 1, excluded: [], sixMonthRuleLifted: ['T2'] })];

    it('records the lift, with its reason, on the frozen pool', () => {
      const [event] = drawDecider.decide(freeze({ strata: lifted, sixMonthRuleLifted: lift }), fold(drawDecider, []));
      expect(event).toMatchObject({ type: 'DrawPoolFrozen', data: { sixMonthRuleLifted: lift } });
    });

    it('refuses a lift without a reason a reader can check', () =>
      spec()
        .when(freeze({ strata: lifted, sixMonthRuleLifted: { ...lift, reason: '  需要  ' } }))
        .thenThrows(ValidationError, /needs a reason of at least 10 characters/, 'sixMonthRuleLifted.reason'));

    it('refuses to lift the rule for a target it does not keep out: every lift recorded is an exception made', () =>
      spec()
        .when(freeze({ strata: lifted, sixMonthRuleLifted: { ...lift, targetIds: ['T2', 'T1'] } }))
        .thenThrows(ValidationError, /does not keep T1 out of this draw: nothing to lift/, 'sixMonthRuleLifted.targetIds'));

    it('records nothing when nothing is lifted, as freezes before the lift existed', () => {
      const [event] = drawDecider.decide(freeze({ strata: lifted }), fold(drawDecider, []));
      expect(event.data).not.toHaveProperty('sixMonthRuleLifted');
    });
  });

  describe('002 §9, §18: a general item’s ratio cap binds a class sized by count as it binds a ratio', () => {
    const capped = { itemId: 'hn-zj-10', cap: 3 };
    const pool = (size: number) => Array.from({ length: size }, (_, i) => `T${String(i).padStart(5, '0')}`);

    it('refuses a count above the cap’s share of the pool, saying how many the cap allows', () =>
      spec()
        .when(freeze({ ratioCap: capped, strata: [stratum({ members: pool(9819), count: 5000, excluded: [] })] }))
        .thenThrows(
          ValidationError,
          /would draw 5000 of 9819 eligible targets \(50\.9%\), above the cap of 3% of general item hn-zj-10: at most 295/,
          'classes',
        ));

    it('freezes a count of exactly the cap’s share, rounded up as a ratio is', () =>
      expect(
        drawDecider.decide(freeze({ ratioCap: capped, strata: [stratum({ members: pool(9819), count: 295, excluded: [] })] }), fold(drawDecider, []))[0].type,
      ).toBe('DrawPoolFrozen'));

    it('binds every stratum, the trustworthy share too', () =>
      spec()
        .when(
          freeze({
            ratioCap: capped,
            strata: [
              stratum({ members: pool(100), count: 3, excluded: [] }),
              stratum({ stratumId: 'class-1/trustworthy', members: pool(10), count: 2, excluded: [] }),
            ],
          }),
        )
        .thenThrows(ValidationError, /stratum class-1\/trustworthy would draw 2 of 10/, 'classes'));

    it('does not bind the stratum of targets with many complaints: 002 §15 puts them outside the ratio limits', () =>
      expect(
        drawDecider.decide(
          freeze({
            ratioCap: capped,
            strata: [
              stratum({ members: pool(100), count: 3, excluded: [] }),
              stratum({ stratumId: 'class-1/complaints', members: pool(10), count: 5, excluded: [] }),
            ],
          }),
          fold(drawDecider, []),
        )[0].type,
      ).toBe('DrawPoolFrozen'));

    it('does not bind a task without a capped general item (key items have no cap)', () =>
      expect(
        drawDecider.decide(freeze({ ratioCap: null, strata: [stratum({ members: pool(100), count: 100, excluded: [] })] }), fold(drawDecider, []))[0].type,
      ).toBe('DrawPoolFrozen'));
  });

  describe('002 §14, §18: the plan’s ratio for a class binds it when it is sized by count', () => {
    const planned = { itemId: 'hn-zj-10', cap: 2 };
    const pool = (size: number) => Array.from({ length: size }, (_, i) => `T${String(i).padStart(5, '0')}`);

    it('refuses a count above the plan’s share of the class’s pool, saying how many the plan allows', () =>
      spec()
        .when(freeze({ ratioCap: null, plannedRatios: { 'class-1': planned }, strata: [stratum({ members: pool(1000), count: 30, excluded: [] })] }))
        .thenThrows(
          ValidationError,
          /would draw 30 of 1000 eligible targets \(3%\), above the ratio of 2% the plan sets for general item hn-zj-10: at most 20 \(002 §14, §18\)/,
          'classes',
        ));

    it('freezes a count of exactly the plan’s share', () =>
      expect(
        drawDecider.decide(
          freeze({ ratioCap: null, plannedRatios: { 'class-1': planned }, strata: [stratum({ members: pool(1000), count: 20, excluded: [] })] }),
          fold(drawDecider, []),
        )[0].type,
      ).toBe('DrawPoolFrozen'));

    it('leaves the class’s grade and trustworthy strata to the ratios checked when the task was set up', () =>
      expect(
        drawDecider.decide(
          freeze({
            ratioCap: null,
            plannedRatios: { 'class-1': planned },
            strata: [
              stratum({ members: pool(1000), count: 20, excluded: [] }),
              stratum({ stratumId: 'class-1/grade-D', members: pool(10), count: 3, excluded: [] }),
            ],
          }),
          fold(drawDecider, []),
        )[0].type,
      ).toBe('DrawPoolFrozen'));

    it('does not bind a class the plan sets no ratio for (a special campaign, key items only)', () =>
      expect(
        drawDecider.decide(
          freeze({ ratioCap: null, plannedRatios: { 'class-1': null }, strata: [stratum({ members: pool(100), count: 100, excluded: [] })] }),
          fold(drawDecider, []),
        )[0].type,
      ).toBe('DrawPoolFrozen'));
  });

  describe('004 §2(3): no one who runs the draw holds all its randomness', () => {
    const STAFF_ACCOUNT = { actorId: 'staff-1', role: 'staff' as const };

    it('refuses a witness value typed in under a staff account: a witness enters it under their own identity', () =>
      spec([frozenEvent()])
        .when(contribute(NOTARY, STAFF_ACCOUNT))
        .thenThrows(ForbiddenError, /entered by the witness under their own identity .* not a staff's/, 'kind'));

    it('takes a witness value from the legal unit that supervises draws (000 §18)', () =>
      spec([frozenEvent()])
        .when(contribute(NOTARY, { actorId: 'legal-1', role: 'legal' }))
        .then([contributed(NOTARY, 'legal-1')]));

    it('refuses to draw when every value was entered by the one who froze the pool', () =>
      spec([frozenEvent({ beacon: BEACON }), contributed({ kind: 'beacon', label: 'drand 4412007', value: '00ff' }, 'staff-1')])
        .when(execute())
        .thenThrows(IllegalStateError, /every value so far was entered by staff-1, who froze the pool/));

    it('draws once someone else contributed', () =>
      expect(
        drawDecider.decide(
          execute(),
          fold(drawDecider, [frozenEvent({ beacon: BEACON }), contributed({ kind: 'beacon', label: 'drand 4412007', value: '00ff' }, 'staff-2')]),
        )[1].type,
      ).toBe('TargetsDrawn'));

    it('refuses to freeze a draw larger than the configured size without a beacon named in advance', () =>
      spec()
        .when(freeze({ beaconRequiredAbove: 2 }))
        .thenThrows(ValidationError, /takes 3 targets; a draw of more than 2 names a public beacon/, 'beacon'));

    it('freezes it with a beacon named', () =>
      expect(drawDecider.decide(freeze({ beaconRequiredAbove: 2, beacon: BEACON }), fold(drawDecider, []))[0].type).toBe('DrawPoolFrozen'));
  });

  describe('004 §4(4), 002 §12: nothing is drawn under a plan version that is not published', () => {
    it('refuses to freeze while the adjusted plan’s new version is unpublished', () =>
      spec()
        .when(freeze({ plan: ADJUSTED_UNPUBLISHED }))
        .thenThrows(IllegalStateError, /version 2 of plan lingling-2026 is not published; nothing is frozen/, 'planId'));

    it('refuses to draw a pool frozen before the plan was adjusted, until the new version is published', () =>
      spec([frozenEvent(), contributed(NOTARY)])
        .when(execute({ plan: ADJUSTED_UNPUBLISHED }))
        .thenThrows(IllegalStateError, /version 2 of plan lingling-2026 is not published; nothing is drawn/, 'planId'));

    it('draws once the adjusted version is published', () =>
      expect(
        drawDecider.decide(execute({ plan: { ...ADJUSTED_UNPUBLISHED, published: true } }), fold(drawDecider, [frozenEvent(), contributed(NOTARY)]))[1].type,
      ).toBe('TargetsDrawn'));
  });

  describe('002 §14: a draw is refused once the plan’s frequency for one of its general items is used up (抽查频次)', () => {
    it('refuses to draw when as many other tasks of the plan drew for the item this year as the plan allows', () =>
      spec([frozenEvent(), contributed(NOTARY)])
        .when(execute({ frequency: [{ itemId: 'hn-zj-01', frequency: 1, drawnBy: ['ll-2026-food'] }] }))
        .thenThrows(
          IllegalStateError,
          /the plan draws for item hn-zj-01 1 time in 2026 \(抽查频次, 002 §14\) and task ll-2026-food already drew for it/,
          'taskId',
        ));

    it('draws while an occasion is left', () =>
      expect(
        drawDecider.decide(
          execute({ frequency: [{ itemId: 'hn-zj-01', frequency: 2, drawnBy: ['ll-2026-food'] }] }),
          fold(drawDecider, [frozenEvent(), contributed(NOTARY)]),
        )[1].type,
      ).toBe('TargetsDrawn'));
  });

  describe('004 §2(4): a joint task is drawn once, after every invited department has joined', () => {
    it('refuses to freeze while an invited department has not accepted the joint task', () =>
      spec()
        .when(freeze({ jointPending: ['yongzhou-env'] }))
        .thenThrows(IllegalStateError, /yongzhou-env has not accepted it yet.*004 §2\(4\)/, 'jointDepartmentIds'));

    it('freezes once every invited department has accepted', () =>
      expect(drawDecider.decide(freeze({ jointPending: [] }), fold(drawDecider, []))[0].type).toBe('DrawPoolFrozen'));
  });

  describe('entropy: contributions revealed after the freeze (004 §2(3))', () => {
    it('records a witness’s value, the label trimmed and the value exactly as typed', () =>
      spec([frozenEvent()])
        .when(contribute({ kind: 'witness', label: '  人大代表 李某 ', value: ' 6 2 8 ' }))
        .then([contributed({ kind: 'witness', label: '人大代表 李某', value: ' 6 2 8 ' })]));

    it('records the beacon named at the freeze', () =>
      spec([frozenEvent({ beacon: BEACON })])
        .when(contribute({ kind: 'beacon', label: 'drand 4412007', value: '00ff' }))
        .then([contributed({ kind: 'beacon', label: 'drand 4412007', value: '00ff' })]));

    it('takes a 200-character value', () =>
      spec([frozenEvent()])
        .when(contribute({ kind: 'witness', label: 'w', value: '9'.repeat(200) }))
        .then([contributed({ kind: 'witness', label: 'w', value: '9'.repeat(200) })]));

    it('refuses before the freeze: there is no draw', () =>
      spec()
        .when(contribute(NOTARY))
        .thenThrows(NotFoundError, /does not exist/, 'drawId'));
    it('refuses after the draw: the seed is fixed', () =>
      spec(drawn)
        .when(contribute(NOTARY))
        .thenThrows(IllegalStateError, /is drawn/));
    it('refuses after a void', () =>
      spec(voided([frozenEvent()]))
        .when(contribute(NOTARY))
        .thenThrows(IllegalStateError, /is voided/));

    it('refuses an empty label: whose contribution it is must be said', () =>
      spec([frozenEvent()])
        .when(contribute({ ...NOTARY, label: '  ' }))
        .thenThrows(ValidationError, /whose contribution/, 'label'));
    it('refuses an empty value', () =>
      spec([frozenEvent()])
        .when(contribute({ ...NOTARY, value: ' ' }))
        .thenThrows(ValidationError, /1–200 characters/, 'value'));
    it('refuses a value over 200 characters', () =>
      spec([frozenEvent()])
        .when(contribute({ ...NOTARY, value: '9'.repeat(201) }))
        .thenThrows(ValidationError, /1–200 characters/, 'value'));

    it('refuses a server value: only the draw reveals it, against its commitment', () =>
      spec([frozenEvent()])
        .when(contribute({ kind: 'server', label: 'server', value: SERVER_SECRET }))
        .thenThrows(ValidationError, /revealed by the draw itself/, 'kind'));

    it('refuses a beacon value when the freeze named none: a beacon is chosen in advance', () =>
      spec([frozenEvent()])
        .when(contribute({ kind: 'beacon', label: 'drand', value: '00ff' }))
        .thenThrows(IllegalStateError, /named no beacon/, 'kind'));

    it('refuses a second beacon value', () =>
      spec([frozenEvent({ beacon: BEACON }), contributed({ kind: 'beacon', label: 'drand 4412007', value: '00ff' })])
        .when(contribute({ kind: 'beacon', label: 'drand 4412007', value: '0100' }))
        .thenThrows(IllegalStateError, /already recorded/, 'kind'));
  });

  describe('draw: a deterministic algorithm over the frozen pool and the combined seed', () => {
    it('reveals the server value and selects what docs/draw-algorithm.md vector 1 selects', () =>
      spec(frozenWithWitness)
        .when(execute())
        .then([contributed({ kind: 'server', label: 'server', value: SERVER_SECRET }), drawnEvent(VECTOR_1)]));

    it('selects exactly what drawWithSkips selects with the seed of the contributions in recorded order', () => {
      const contributions: EntropyContribution[] = [
        NOTARY,
        { kind: 'beacon', label: 'drand 4412007', value: '00ff' },
        { kind: 'witness', label: '群众代表', value: '42' },
      ];
      const given = [frozenEvent({ beacon: BEACON }), ...contributions.map((c) => contributed(c))];
      const events = drawDecider.decide(execute(), fold(drawDecider, given));
      const seed = combineSeed({
        poolHash: POOL_HASH,
        stratum: 'class-1',
        contributions: [...contributions, { kind: 'server', label: 'server', value: SERVER_SECRET }],
      });
      const drawnData = (events[1] as TargetsDrawn).data;
      expect(drawnData.entropyKinds).toEqual(['witness', 'beacon', 'witness', 'server']);
      expect(drawnData.strata[0].selected).toEqual(drawWithSkips(POOL, seed, 3, () => false).selected);
      expect(drawnData.strata[0].selected).not.toEqual(VECTOR_1);
      expect(drawDecider.decide(execute(), fold(drawDecider, given))).toEqual(events);
    });

    it('seeds every stratum independently by its id', () => {
      const strata = [stratum(), stratum({ stratumId: 'class-1/trustworthy', excluded: [] })];
      const [frozen] = drawDecider.decide(freeze({ strata }), drawDecider.initialState);
      const given = [frozen, contributed(NOTARY)];
      const [, result] = drawDecider.decide(execute({ strata }), fold(drawDecider, given)) as [EntropyContributed, TargetsDrawn];
      const seed = combineSeed({
        poolHash: POOL_HASH,
        stratum: 'class-1/trustworthy',
        contributions: [NOTARY, { kind: 'server', label: 'server', value: SERVER_SECRET }],
      });
      expect(result.data.strata.map((s) => s.stratumId)).toEqual(['class-1', 'class-1/trustworthy']);
      expect(result.data.strata[0].selected).toEqual(VECTOR_1);
      expect(result.data.strata[1].selected).toEqual(drawWithSkips(POOL, seed, 3, () => false).selected);
    });

    it('passes over members whose quota another draw used up after the freeze, and records them (000 §19, 002 §15)', () =>
      spec(frozenWithWitness)
        .when(
          execute({
            used: new Map([
              ['92431102MA4L00006X', 2],
              ['91431102MA4L00005X', 1],
            ]),
          }),
        )
        .then([
          contributed({ kind: 'server', label: 'server', value: SERVER_SECRET }),
          // docs/draw-algorithm.md vector 3
          drawnEvent(
            ['91431102MA4L00005X', '91431102MA4L00004X', '91431102MA4L00008X'],
            [{ targetId: '92431102MA4L00006X', detail: 'its 2 draws of 2026 were used after the freeze (quota ledger revision 7)' }],
          ),
        ]));

    it('never skips a member exempt from the limits (000 §19)', () =>
      spec(frozenWithWitness)
        .when(execute({ strata: [stratum({ exempt: ['92431102MA4L00006X'], exemptMembers: 1 })], used: new Map([['92431102MA4L00006X', 5]]) }))
        .then([contributed({ kind: 'server', label: 'server', value: SERVER_SECRET }), drawnEvent(VECTOR_1)]));

    it('refuses without a witness or beacon contribution: the server alone is not witnessed (004 §2(3))', () =>
      spec([frozenEvent()])
        .when(execute())
        .thenThrows(IllegalStateError, /at least one witness or beacon/));

    it('refuses while the beacon named at the freeze is unrevealed', () =>
      spec([frozenEvent({ beacon: BEACON }), contributed(NOTARY)])
        .when(execute())
        .thenThrows(IllegalStateError, /beacon drand round 4412007 .* not revealed/));

    it('draws once the named beacon is revealed', () =>
      expect(
        drawDecider.decide(
          execute(),
          fold(drawDecider, [frozenEvent({ beacon: BEACON }), contributed({ kind: 'beacon', label: 'drand 4412007', value: '00ff' })]),
        )[1].type,
      ).toBe('TargetsDrawn'));

    it('refuses a server value that does not match its commitment', () =>
      spec(frozenWithWitness)
        .when(execute({ serverSecret: 'b7e1c0d2a9f34e6c' }))
        .thenThrows(IllegalStateError, /does not match its commitment/));

    it('refuses a tampered pool that no longer matches its frozen hash', () =>
      spec(frozenWithWitness)
        .when(execute({ strata: [stratum({ members: [...POOL.slice(0, 9), '93431102MA4L00099X'] })] }))
        .thenThrows(IllegalStateError, /stratum class-1 no longer matches its frozen hash/));

    it('refuses when a frozen stratum is missing', () =>
      spec(frozenWithWitness)
        .when(execute({ strata: [stratum({ stratumId: 'class-2' })] }))
        .thenThrows(IllegalStateError, /stratum class-1/));

    it('refuses before the freeze', () =>
      spec()
        .when(execute())
        .thenThrows(NotFoundError, /does not exist/, 'drawId'));
    it('refuses a second draw', () =>
      spec(drawn)
        .when(execute())
        .thenThrows(IllegalStateError, /is drawn/));
    it('refuses a voided draw', () =>
      spec(voided(frozenWithWitness))
        .when(execute())
        .thenThrows(IllegalStateError, /is voided/));
  });

  describe('confirm', () => {
    it('confirms a drawn list', () =>
      spec(drawn)
        .when({ type: 'ConfirmDraw', confirmedOn: '2026-04-03' })
        .then([{ type: 'DrawConfirmed', data: { drawId: 'd1', departmentId: 'lingling', confirmedOn: '2026-04-03' } }]));
    it('refuses before the draw', () =>
      spec(frozenWithWitness)
        .when({ type: 'ConfirmDraw', confirmedOn: '2026-04-03' })
        .thenThrows(IllegalStateError, /only a drawn list/));
    it('refuses twice', () =>
      spec(confirmed)
        .when({ type: 'ConfirmDraw', confirmedOn: '2026-04-04' })
        .thenThrows(IllegalStateError, /is confirmed/));
    it('refuses a voided draw', () =>
      spec(voided(drawn))
        .when({ type: 'ConfirmDraw', confirmedOn: '2026-04-04' })
        .thenThrows(IllegalStateError, /is voided/));
    it('refuses a draw that does not exist', () =>
      spec()
        .when({ type: 'ConfirmDraw', confirmedOn: '2026-04-04' })
        .thenThrows(NotFoundError, /does not exist/, 'drawId'));
  });

  describe('void: never deleted, voided with a reason, the original kept (全程留痕)', () => {
    const voidDraw = (reason = ' 抽取范围设置错误 ', lockedByTask = false) => ({
      type: 'VoidDraw' as const,
      reasonCode: 'wrong-scope' as const,
      reason,
      lockedByTask,
      voidedOn: '2026-04-03',
    });
    const voidedEvent: DrawEvent = {
      type: 'DrawVoided',
      data: { drawId: 'd1', departmentId: 'lingling', reasonCode: 'wrong-scope', reason: '抽取范围设置错误', voidedOn: '2026-04-03' },
    };

    it('voids a frozen draw with its reason', () => spec([frozenEvent()]).when(voidDraw()).then([voidedEvent]));
    it('voids a drawn list', () => spec(drawn).when(voidDraw()).then([voidedEvent]));
    it('voids a confirmed list its task has not locked', () => spec(confirmed).when(voidDraw()).then([voidedEvent]));
    it('refuses without a reason', () =>
      spec(drawn)
        .when(voidDraw('   '))
        .thenThrows(ValidationError, /needs its reason/, 'reason'));
    it('refuses a reason outside the fixed list', () =>
      spec(drawn)
        .when({ ...voidDraw(), reasonCode: 'changed-my-mind' as never })
        .thenThrows(ValidationError, /reasonCode must be one of procedural-error, wrong-scope/, 'reasonCode'));
    it('refuses once the task has locked the list (002 §19)', () =>
      spec(confirmed)
        .when(voidDraw(undefined, true))
        .thenThrows(IllegalStateError, /locked by its task/));
    it('refuses to void twice', () =>
      spec(voided(drawn))
        .when(voidDraw())
        .thenThrows(IllegalStateError, /already voided/));
    it('refuses a draw that does not exist', () =>
      spec()
        .when(voidDraw())
        .thenThrows(NotFoundError, /does not exist/, 'drawId'));

    it('keeps what the voided draw had reached', () => {
      const state = fold(drawDecider, voided(drawn));
      expect(state).toMatchObject({ status: 'voided', drawn: true, contributions: [NOTARY], strata: frozenEvent().data.strata });
      expect(fold(drawDecider, voided(frozenWithWitness))).toMatchObject({ status: 'voided', drawn: false });
    });
  });
});
