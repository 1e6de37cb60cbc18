import { commitmentTo, poolHash } from '../draw/draw-algorithm';
import { fold } from '../shared/decider';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { specFor } from '../shared/testing';
import { computeMatchingPools } from './candidates';
import { FreezeMatchingPools, MatchingCommand } from './matching.commands';
import { OpenMatching, matchingDecider } from './matching.decider';
import { InspectorsMatched, MatchingEvent, MatchingPoolsFrozen } from './matching.events';
import { TARGETS, checklist, conflict, departments, expert, inspector, item, registryOf, request } from './matching.fixtures';

const given = specFor(matchingDecider);
const SECRET = 'server-secret-of-this-matching';

const registry = registryOf([
  ...departments,
  checklist([item('food-1', ['食品安全'])]),
  ...['i-1', 'i-2', 'i-3', 'i-4', 'i-5'].map((id) => inspector(id, 'yongzhou')),
  inspector('i-expired', 'yongzhou', { validUntil: '2026-01-31' }),
  conflict('i-1', 't-02'),
]);

function freezeCommand(overrides: Partial<FreezeMatchingPools> = {}, poolOptions: Parameters<typeof request>[0] = {}): FreezeMatchingPools {
  return {
    type: 'FreezeMatchingPools',
    taskId: 'task-1',
    departmentId: 'yongzhou',
    task: { known: true, locked: true, participates: true, targetIds: TARGETS, drawableOn: '2026-04-01' },
    includeSubordinates: false,
    neighbouring: null,
    unknownDepartments: [],
    pools: computeMatchingPools(registry, request(poolOptions)),
    shortWithoutNeighbours: [],
    experts: { requested: false, field: null, appointments: [] },
    candidatesPosition: '42/42',
    serverCommitment: commitmentTo(SECRET),
    frozenOn: '2026-03-12',
    ...overrides,
  };
}

const decideOn = (events: readonly MatchingEvent[], command: MatchingCommand) => matchingDecider.decide(command, fold(matchingDecider, events));
const frozenEvents = (command = freezeCommand()) => decideOn([], command);
const witness: MatchingCommand = { type: 'ContributeMatchingEntropy', label: '公证员 张某', value: '8 8 2 1' };
const withEntropy = () => [...frozenEvents(), ...decideOn(frozenEvents(), witness)];
const matchedEvents = () => {
  const before = withEntropy();
  return [...before, ...decideOn(before, { type: 'MatchInspectors', serverSecret: SECRET, matchedOn: '2026-03-13' })];
};
const groupsOf = (events: readonly MatchingEvent[]) => (fold(matchingDecider, events) as OpenMatching).groups;

describe('inspector matching', () => {
  describe('freezing the candidate pools (000 §18, §20; 002 §21–22)', () => {
    it('publishes per target the pool hash, size and exclusions with reasons, and the server commitment, before any entropy', () => {
      const [event] = frozenEvents() as [MatchingPoolsFrozen];
      expect(event.type).toBe('MatchingPoolsFrozen');
      expect(event.data).toMatchObject({
        taskId: 'task-1',
        departmentId: 'yongzhou',
        algorithm: 'dsr-draw-v1',
        drawableOn: '2026-04-01',
        requirements: ['食品安全'],
        groupSize: 2,
        serverCommitment: commitmentTo(SECRET),
      });
      expect(event.data.excluded).toEqual([
        { personId: 'i-expired', reason: 'certificate-expired', detail: 'enforcement certificate C-i-expired expired after 2026-01-31' },
      ]);
      expect(event.data.targets[1]).toEqual({
        targetId: 't-02',
        poolHash: poolHash(['i-2', 'i-3', 'i-4', 'i-5']),
        poolSize: 4,
        excluded: [{ personId: 'i-1', reason: 'conflict-of-interest', detail: 'declared 2026-01-20: 配偶为该企业股东' }],
      });
    });

    it('refuses a second freeze of the same matching', () =>
      given(frozenEvents())
        .when(freezeCommand())
        .thenThrows(IllegalStateError, /already frozen/));

    it('refuses a task that is not set up', () =>
      given()
        .when(freezeCommand({ task: { known: false, locked: false, participates: false, targetIds: null, drawableOn: null } }))
        .thenThrows(NotFoundError, /not set up/, 'taskId'));

    it('refuses before the list is locked (002 §19–21)', () =>
      given()
        .when(freezeCommand({ task: { known: true, locked: false, participates: true, targetIds: null, drawableOn: '2026-04-01' } }))
        .thenThrows(IllegalStateError, /not locked/, 'taskId'));

    it('refuses a department that neither executes nor joins the task (004 §2(4))', () =>
      given()
        .when(freezeCommand({ task: { known: true, locked: true, participates: false, targetIds: null, drawableOn: '2026-04-01' } }))
        .thenThrows(IllegalStateError, /neither executes nor joins/, 'departmentId'));

    it('waits for the dispatch when several departments execute the task', () =>
      given()
        .when(freezeCommand({ task: { known: true, locked: true, participates: true, targetIds: null, drawableOn: '2026-04-01' } }))
        .thenThrows(IllegalStateError, /not been dispatched/, 'departmentId'));

    it('refuses items missing from the published checklist', () =>
      given()
        .when(freezeCommand({}, { items: [{ itemId: 'gone', checklistVersion: 9, category: 'general' }] }))
        .thenThrows(IllegalStateError, /gone@9/, 'taskId'));

    it('refuses, naming the target, when a target has fewer than 2 eligible inspectors (002 §21)', () => {
      const short = registryOf([
        ...departments,
        checklist([item('food-1', [])]),
        inspector('i-1', 'yongzhou'),
        inspector('i-2', 'yongzhou'),
        conflict('i-2', 't-03'),
      ]);
      given()
        .when(freezeCommand({ pools: computeMatchingPools(short, request()) }))
        .thenThrows(IllegalStateError, /target t-03 has 1 eligible inspector.*at least 2 \(002 §21\)/, 'targetId');
    });

    describe('000 §10, §18: the refusal names every inspector left out and why; an amended qualification lets them in', () => {
      const registry = [
        ...departments,
        checklist([item('equipment-1', ['特种设备检验员证'])]),
        inspector('i-1', 'yongzhou', { qualifications: [{ name: '特种设备检验员证', validUntil: null }] }),
        inspector('i-2', 'yongzhou'),
        inspector('i-3', 'yongzhou', { validUntil: '2025-12-31', qualifications: [{ name: '特种设备检验员证', validUntil: null }] }),
      ];
      const equipmentTask = { items: [{ itemId: 'equipment-1', checklistVersion: 1, category: 'general' as const }] };

      it('refuses listing each excluded inspector with the reason', () =>
        given()
          .when(freezeCommand({ pools: computeMatchingPools(registryOf(registry), request(equipmentTask)) }))
          .thenThrows(
            IllegalStateError,
            /Excluded: i-2 \(lacks-qualification: does not meet 特种设备检验员证 .*\); i-3 \(certificate-expired: enforcement certificate C-i-3 expired after 2025-12-31\)$/,
            'targetId',
          ));

      it('freezes once the missing qualification is recorded by an amendment', () => {
        const amended = {
          type: 'InspectorQualificationsAmended',
          data: {
            inspectorId: 'i-2',
            departmentId: 'yongzhou',
            specialties: ['特种设备'],
            qualifications: [{ name: '特种设备检验员证', number: 'TS-2', validUntil: null }],
            qualificationClass: 'A',
            previousSpecialties: ['食品安全'],
            reason: '取得特种设备检验员证',
            amendedOn: '2026-02-01',
          },
        };
        const [event] = matchingDecider.decide(
          freezeCommand({ pools: computeMatchingPools(registryOf([...registry, amended]), request(equipmentTask)) }),
          matchingDecider.initialState,
        );
        expect(event.type).toBe('MatchingPoolsFrozen');
      });
    });

    describe('neighbouring areas (DOMAIN.md: 不足的可与相邻地区联合匹配)', () => {
      const neighbouring = { departmentIds: ['hengyang'], reason: '本局执法人员不足' };

      it('are refused when the unit has enough inspectors for every target', () =>
        given()
          .when(freezeCommand({ neighbouring }))
          .thenThrows(IllegalStateError, /matched only when the unit is short/, 'neighbouring.departmentIds'));

      it('need a reason', () =>
        given()
          .when(freezeCommand({ neighbouring: { ...neighbouring, reason: ' ' }, shortWithoutNeighbours: ['t-01'] }))
          .thenThrows(ValidationError, /why/, 'neighbouring.reason'));

      it('must be registered departments other than the unit itself', () => {
        given()
          .when(freezeCommand({ neighbouring: { departmentIds: ['yongzhou'], reason: '不足' }, shortWithoutNeighbours: ['t-01'] }))
          .thenThrows(ValidationError, /own neighbour/);
        given()
          .when(freezeCommand({ neighbouring, unknownDepartments: ['hengyang'], shortWithoutNeighbours: ['t-01'] }))
          .thenThrows(NotFoundError, /not registered/);
      });

      it('are recorded as such, with the reason and the targets the unit was short for', () => {
        const [event] = decideOn([], freezeCommand({ neighbouring, shortWithoutNeighbours: ['t-02'] })) as [MatchingPoolsFrozen];
        expect(event.data.neighbouring).toEqual({ departmentIds: ['hengyang'], reason: '本局执法人员不足', shortTargets: ['t-02'] });
      });
    });

    describe('experts (000 §20; DOMAIN.md: drawn from the expert pool or appointed directly)', () => {
      const expertRegistry = registryOf([
        ...departments,
        checklist([item('food-1', [], ['sampling-testing'])]),
        ...['i-1', 'i-2'].map((id) => inspector(id, 'yongzhou')),
        expert('x-1', 'yongzhou', ['食品检验']),
        expert('x-2', 'yongzhou', ['食品检验']),
      ]);
      const pools = (field: string | null, appointedTargets: string[] = []) =>
        computeMatchingPools(expertRegistry, request({ experts: { requested: false, field, appointedTargets } }));
      const appointment = { targetId: 't-04', expertId: 'x-9', reason: '该企业产品需特种检验能力', standing: 'in-pool' as const };

      it('need a field when an item is inspected by sampling and testing', () =>
        given()
          .when(freezeCommand({ pools: pools(null) }))
          .thenThrows(ValidationError, /sampling and testing: name the experts' field/, 'experts.field'));

      it('appointed directly need the reason', () =>
        given()
          .when(
            freezeCommand({
              pools: pools('食品检验', ['t-04']),
              experts: { requested: false, field: '食品检验', appointments: [{ ...appointment, reason: '' }] },
            }),
          )
          .thenThrows(ValidationError, /reason/, 'experts.appointments.0.reason'));

      it('appointed must be in the pool, not have left it, and have no interest in the target (000 §18)', () => {
        const run = (standing: 'unknown' | 'left-pool' | 'conflict-of-interest') =>
          given().when(
            freezeCommand({
              pools: pools('食品检验', ['t-04']),
              experts: { requested: false, field: '食品检验', appointments: [{ ...appointment, standing }] },
            }),
          );
        run('unknown').thenThrows(NotFoundError, /not in the expert pool/, 'experts.appointments.0.expertId');
        run('left-pool').thenThrows(IllegalStateError, /left the expert pool/);
        run('conflict-of-interest').thenThrows(IllegalStateError, /declared an interest in target t-04/);
      });

      it('appointed for a target not on the list is refused', () =>
        given()
          .when(
            freezeCommand({
              pools: pools('食品检验', ['t-09']),
              experts: { requested: false, field: '食品检验', appointments: [{ ...appointment, targetId: 't-09' }] },
            }),
          )
          .thenThrows(ValidationError, /t-09 is not on/));

      it('are drawn for every other target from the frozen expert pools, and the appointment is recorded with its reason', () => {
        const command = freezeCommand({ pools: pools('食品检验', ['t-04']), experts: { requested: false, field: '食品检验', appointments: [appointment] } });
        const frozen = decideOn([], command);
        const entropy = decideOn(frozen, witness);
        const [, matched] = decideOn([...frozen, ...entropy], { type: 'MatchInspectors', serverSecret: SECRET, matchedOn: '2026-03-13' }) as [
          MatchingEvent,
          InspectorsMatched,
        ];
        expect(matched.data.experts.map((e) => [e.targetId, e.how])).toEqual([
          ['t-01', 'drawn'],
          ['t-02', 'drawn'],
          ['t-03', 'drawn'],
          ['t-04', 'appointed'],
        ]);
        expect(matched.data.experts[3]).toEqual({ targetId: 't-04', expertId: 'x-9', how: 'appointed', reason: '该企业产品需特种检验能力' });
        // the sub-pool a drawn expert came from is recomputed, not recorded (InspectorsMatched version 2)
        expect(matched.data.experts[0]).not.toHaveProperty('drawnFrom');
        expect(matched.data.groups.every((g) => !('drawnFrom' in g))).toBe(true);
      });
    });
  });

  describe('entropy (004 §2(3))', () => {
    it('records a witness value after the freeze', () =>
      given(frozenEvents())
        .when(witness)
        .then([
          {
            type: 'MatchingEntropyContributed',
            data: { taskId: 'task-1', departmentId: 'yongzhou', contribution: { kind: 'witness', label: '公证员 张某', value: '8 8 2 1' } },
          },
        ]));

    it('refuses before a freeze', () =>
      given()
        .when(witness)
        .thenThrows(NotFoundError, /no matching has been frozen/));
    it('refuses a nameless contribution', () =>
      given(frozenEvents())
        .when({ ...witness, label: ' ' } as MatchingCommand)
        .thenThrows(ValidationError, /whose/, 'label'));
    it('refuses once the groups are drawn', () =>
      given(matchedEvents())
        .when(witness)
        .thenThrows(IllegalStateError, /already drawn/));
  });

  describe('matching (002 §21)', () => {
    it('refuses before any witness contribution', () =>
      given(frozenEvents())
        .when({ type: 'MatchInspectors', serverSecret: SECRET, matchedOn: '2026-03-13' })
        .thenThrows(IllegalStateError, /witness/));
    it('refuses a server value that does not match the commitment', () =>
      given(withEntropy())
        .when({ type: 'MatchInspectors', serverSecret: 'other', matchedOn: '2026-03-13' })
        .thenThrows(IllegalStateError, /commitment/));

    it('reveals the server value and draws 2 per target with one leader, never a conflicted or excluded inspector', () => {
      const events = matchedEvents();
      const [server, matched] = events.slice(-2) as [MatchingEvent, InspectorsMatched];
      expect(server).toEqual({
        type: 'MatchingEntropyContributed',
        data: { taskId: 'task-1', departmentId: 'yongzhou', contribution: { kind: 'server', label: 'server', value: SECRET } },
      });
      expect(matched.data.entropyKinds).toEqual(['witness', 'server']);
      for (const group of matched.data.groups) {
        expect(group.members).toHaveLength(2);
        expect(group.leaderId).toBe(group.members[0].inspectorId);
        expect(group.members.map((m) => m.inspectorId)).not.toContain('i-expired');
      }
      expect(matched.data.groups.find((g) => g.targetId === 't-02')!.members.map((m) => m.inspectorId)).not.toContain('i-1');
      const loads = new Map<string, number>();
      for (const g of matched.data.groups) for (const m of g.members) loads.set(m.inspectorId, (loads.get(m.inspectorId) ?? 0) + 1);
      // 8 places over 5 inspectors: nobody has more than 2, nobody fewer than 1
      expect(Math.max(...loads.values())).toBe(2);
      expect(loads.size).toBe(5);
    });

    it('refuses a second draw', () =>
      given(matchedEvents())
        .when({ type: 'MatchInspectors', serverSecret: SECRET, matchedOn: '2026-03-14' })
        .thenThrows(IllegalStateError, /already matched/));
  });

  describe('recusal by swapping targets (回避, 000 §18, 002 §23)', () => {
    const events = matchedEvents();
    const groups = groupsOf(events);
    const [a, b] = ['t-01', 't-03'].map((t) => groups[t]);
    const mover = a.members.find((m) => !b.members.some((o) => o.inspectorId === m.inspectorId))!.inspectorId;
    const partner = b.members.find((m) => !a.members.some((o) => o.inspectorId === m.inspectorId))!.inspectorId;
    const swap = {
      type: 'RecuseBySwap' as const,
      onSiteRecorded: new Map<string, string>(),
      inspectorId: mover,
      targetId: 't-01',
      withInspectorId: partner,
      withTargetId: 't-03',
      reason: '与该企业负责人系亲属',
      declaredConflicts: new Map<string, string[]>(),
      today: '2026-03-14',
    };

    it('exchanges the two inspectors, leadership included, and records the reason', () => {
      const [event] = decideOn(events, swap);
      expect(event.type).toBe('InspectorsSwappedOnRecusal');
      const [first, second] = (event as Extract<MatchingEvent, { type: 'InspectorsSwappedOnRecusal' }>).data.groups;
      expect(first.members.map((m) => m.inspectorId)).toEqual(a.members.map((m) => (m.inspectorId === mover ? partner : m.inspectorId)));
      expect(first.leaderId).toBe(a.leaderId === mover ? partner : a.leaderId);
      expect(second.members.map((m) => m.inspectorId)).toEqual(b.members.map((m) => (m.inspectorId === partner ? mover : m.inspectorId)));
      expect(event.data).toMatchObject({ reason: '与该企业负责人系亲属', swappedOn: '2026-03-14' });
    });

    it('refuses when the partner has declared an interest in the recuser’s target', () =>
      given(events)
        .when({ ...swap, declaredConflicts: new Map([[partner, ['t-01']]]) })
        .thenThrows(IllegalStateError, new RegExp(`${partner} is not eligible for target t-01`), 'withInspectorId'));

    it('refuses when the recuser could not join the partner’s target', () =>
      given(events)
        .when({ ...swap, declaredConflicts: new Map([[mover, ['t-03']]]) })
        .thenThrows(IllegalStateError, /not eligible for target t-03/, 'inspectorId'));

    it('refuses someone not in the group, the same target twice, and a swap without reason', () => {
      given(events)
        .when({ ...swap, inspectorId: 'i-expired' })
        .thenThrows(IllegalStateError, /not in the group of target t-01/, 'inspectorId');
      given(events)
        .when({ ...swap, withTargetId: 't-01' })
        .thenThrows(ValidationError, /two different targets/);
      given(events)
        .when({ ...swap, reason: '' })
        .thenThrows(ValidationError, /reason/, 'reason');
    });

    it('refuses before the groups are drawn', () =>
      given(withEntropy())
        .when(swap)
        .thenThrows(IllegalStateError, /not matched yet/));
  });

  describe('recusal by withdrawing, with a drawn replacement (000 §18, 002 §23)', () => {
    const events = matchedEvents();
    const group = groupsOf(events)['t-02'];
    const withdraw = {
      type: 'RecuseByWithdrawal' as const,
      onSiteRecorded: new Map<string, string>(),
      inspectorId: group.leaderId,
      targetId: 't-02',
      reason: '曾在该企业任职',
      today: '2026-03-14',
    };

    it('records the withdrawal and draws a replacement from the remaining candidates under replacement/t-02/1; the other member now leads', () => {
      const [withdrew, replaced] = decideOn(events, withdraw);
      expect(withdrew).toEqual({
        type: 'InspectorWithdrewOnRecusal',
        data: {
          taskId: 'task-1',
          departmentId: 'yongzhou',
          inspectorId: group.leaderId,
          targetId: 't-02',
          reason: '曾在该企业任职',
          withdrawnOn: '2026-03-14',
        },
      });
      const data = (replaced as Extract<MatchingEvent, { type: 'ReplacementInspectorDrawn' }>).data;
      expect(data.drawnFrom.stratum).toBe('replacement/t-02/1');
      expect(['i-1', group.leaderId, group.members[1].inspectorId]).not.toContain(data.inspectorId);
      expect(data.group.leaderId).toBe(group.members[1].inspectorId);
      expect(data.group.members.map((m) => m.inspectorId)).toEqual([group.members[1].inspectorId, data.inspectorId]);
    });

    it('never draws back anyone who left the target, and says so when nobody remains', () => {
      let history = events;
      const seen = new Set(group.members.map((m) => m.inspectorId));
      // t-02's pool is i-2…i-5: two drawn, two replacements possible, then it is exhausted
      for (let n = 1; n <= 2; n++) {
        const leader = groupsOf(history)['t-02'].leaderId;
        history = [...history, ...decideOn(history, { ...withdraw, inspectorId: leader })];
        const drawn = groupsOf(history)['t-02'].members.at(-1)!.inspectorId;
        expect(seen.has(drawn)).toBe(false);
        seen.add(drawn);
      }
      given(history)
        .when({ ...withdraw, inspectorId: groupsOf(history)['t-02'].leaderId })
        .thenThrows(IllegalStateError, /no eligible inspector remains in the pool of target t-02/, 'targetId');
    });
  });

  describe('000 §18, 002 §23: the group that inspected cannot change after the on-site record', () => {
    const events = matchedEvents();
    const groups = groupsOf(events);
    const visited = new Map([['t-02', '2026-03-20']]);

    it('refuses a withdrawal once the target was inspected on site', () =>
      given(events)
        .when({
          type: 'RecuseByWithdrawal',
          onSiteRecorded: visited,
          inspectorId: groups['t-02'].leaderId,
          targetId: 't-02',
          reason: '曾在该企业任职',
          today: '2026-03-21',
        })
        .thenThrows(IllegalStateError, /t-02 was inspected on site on 2026-03-20; its group can no longer change/, 'targetId'));

    it('refuses a swap onto or away from a target inspected on site', () =>
      given(events)
        .when({
          type: 'RecuseBySwap',
          onSiteRecorded: visited,
          inspectorId: groups['t-01'].leaderId,
          targetId: 't-01',
          withInspectorId: groups['t-02'].leaderId,
          withTargetId: 't-02',
          reason: '与该企业负责人系亲属',
          declaredConflicts: new Map(),
          today: '2026-03-21',
        })
        .thenThrows(IllegalStateError, /t-02 was inspected on site/, 'withTargetId'));

    it('refuses a replacement once the target was inspected on site', () =>
      given(events)
        .when({
          type: 'ReplaceWithApproval',
          onSiteRecorded: visited,
          inspectorId: groups['t-02'].leaderId,
          targetId: 't-02',
          cause: 'health',
          reason: '病假',
          approver: { actorId: 'head-1', role: 'unit-head', unit: 'yongzhou' },
          today: '2026-03-21',
        })
        .thenThrows(IllegalStateError, /t-02 was inspected on site/, 'targetId'));
  });

  describe('replacement for post change, work conflict or health (002 §23: 不得随意更换)', () => {
    const events = matchedEvents();
    const group = groupsOf(events)['t-04'];
    const replace = {
      type: 'ReplaceWithApproval' as const,
      onSiteRecorded: new Map<string, string>(),
      inspectorId: group.members[1].inspectorId,
      targetId: 't-04',
      cause: 'post-change' as const,
      reason: '调任办公室岗位',
      approver: { actorId: 'head-1', role: 'unit-head' as const, unit: 'yongzhou' },
      today: '2026-03-15',
    };

    it('is refused without the approval of a unit-head of the executing unit', () => {
      given(events)
        .when({ ...replace, approver: { actorId: 'staff-1', role: 'staff', unit: 'yongzhou' } })
        .thenThrows(ForbiddenError, /needs the approval of a unit-head of yongzhou \(002 §23\)/);
      given(events)
        .when({ ...replace, approver: { actorId: 'head-9', role: 'unit-head', unit: 'qiyang' } })
        .thenThrows(ForbiddenError, /unit-head of yongzhou/);
    });

    it('needs the reason', () =>
      given(events)
        .when({ ...replace, reason: '  ' })
        .thenThrows(ValidationError, /reason/, 'reason'));

    it('records the cause, reason and approver, and draws the replacement by the same method', () => {
      const [released, replaced] = decideOn(events, replace);
      expect(released).toEqual({
        type: 'InspectorReleasedWithApproval',
        data: {
          taskId: 'task-1',
          departmentId: 'yongzhou',
          inspectorId: replace.inspectorId,
          targetId: 't-04',
          cause: 'post-change',
          reason: '调任办公室岗位',
          approvedBy: replace.approver,
          releasedOn: '2026-03-15',
        },
      });
      const data = (replaced as Extract<MatchingEvent, { type: 'ReplacementInspectorDrawn' }>).data;
      expect(data).toMatchObject({ targetId: 't-04', replacesInspectorId: replace.inspectorId, n: 1 });
      expect(data.group.leaderId).toBe(group.leaderId);
    });
  });
});
