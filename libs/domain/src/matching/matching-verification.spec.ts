import { commitmentTo } from '../draw/draw-algorithm';
import { fold } from '../shared/decider';
import { computeMatchingPools } from './candidates';
import { MatchingCommand } from './matching.commands';
import { OpenMatching, matchingDecider } from './matching.decider';
import { MatchingEvent } from './matching.events';
import { verifyMatching } from './matching-verification';
import { assignInspectors } from './matching-algorithm';
import { TARGETS, checklist, conflict, departments, inspector, item, registryOf, request, taskSetUp } from './matching.fixtures';

const SECRET = 'server-secret';
const registryEvents = [
  ...departments,
  checklist([item('food-1', ['食品安全'])]),
  ...['i-1', 'i-2', 'i-3', 'i-4', 'i-5', 'i-6'].map((id) => inspector(id, 'yongzhou')),
  inspector('i-old', 'yongzhou', { validUntil: '2025-12-31' }),
  conflict('i-1', 't-02'),
];
const registry = registryOf(registryEvents);
const task = {
  setUp: taskSetUp().data,
  locked: {
    taskId: 'task-1',
    departmentId: 'yongzhou',
    drawId: 'd-1',
    targets: TARGETS.map((targetId) => ({ targetId, classId: 'c-1' })),
    lockedOn: '2026-03-10',
  },
  dispatches: [],
};

function append(events: MatchingEvent[], command: MatchingCommand): MatchingEvent[] {
  return [...events, ...matchingDecider.decide(command, fold(matchingDecider, events))];
}

/** A whole matching: freeze, two witnesses, draw, a swap, a withdrawal and an approved release, each with its replacement. */
function recordedMatching(): MatchingEvent[] {
  let events = append([], {
    type: 'FreezeMatchingPools',
    taskId: 'task-1',
    departmentId: 'yongzhou',
    task: { known: true, locked: true, participates: true, targetIds: TARGETS, drawableOn: '2026-04-01' },
    includeSubordinates: false,
    neighbouring: null,
    unknownDepartments: [],
    pools: computeMatchingPools(registry, request()),
    shortWithoutNeighbours: [],
    experts: { requested: false, field: null, appointments: [] },
    candidatesPosition: '9/9',
    serverCommitment: commitmentTo(SECRET),
    frozenOn: '2026-03-12',
  });
  events = append(events, { type: 'ContributeMatchingEntropy', label: '人大代表 李某', value: '42' });
  events = append(events, { type: 'ContributeMatchingEntropy', label: '公证员 王某', value: 'dice 6 2 5' });
  events = append(events, { type: 'MatchInspectors', serverSecret: SECRET, matchedOn: '2026-03-13' });
  const groups = () => (fold(matchingDecider, events) as OpenMatching).groups;
  const [a, b] = [groups()['t-01'], groups()['t-03']];
  const mover = a.members.find((m) => !b.members.some((o) => o.inspectorId === m.inspectorId))!.inspectorId;
  const partner = b.members.find((m) => !a.members.some((o) => o.inspectorId === m.inspectorId))!.inspectorId;
  events = append(events, {
    type: 'RecuseBySwap',
    onSiteRecorded: new Map<string, string>(),
    inspectorId: mover,
    targetId: 't-01',
    withInspectorId: partner,
    withTargetId: 't-03',
    reason: '亲属关系',
    declaredConflicts: new Map(),
    today: '2026-03-14',
  });
  events = append(events, {
    type: 'RecuseByWithdrawal',
    onSiteRecorded: new Map<string, string>(),
    inspectorId: groups()['t-02'].leaderId,
    targetId: 't-02',
    reason: '曾在该企业任职',
    today: '2026-03-14',
  });
  events = append(events, {
    type: 'ReplaceWithApproval',
    onSiteRecorded: new Map<string, string>(),
    inspectorId: groups()['t-04'].members[1].inspectorId,
    targetId: 't-04',
    cause: 'health',
    reason: '住院治疗',
    approver: { actorId: 'head-1', role: 'unit-head', unit: 'yongzhou' },
    today: '2026-03-15',
  });
  return events;
}

/** A deep copy with one event's data changed. */
function tampered(events: MatchingEvent[], type: MatchingEvent['type'], change: (data: any) => void): MatchingEvent[] {
  const copy = JSON.parse(JSON.stringify(events)) as MatchingEvent[];
  change(copy.find((e) => e.type === type)!.data);
  return copy;
}

describe('verifying an inspector matching from the log (issue 4 item 8)', () => {
  const events = recordedMatching();

  it('reproduces every step of an untouched matching', () => {
    expect(verifyMatching(events, { registry, task })).toEqual({ ok: true, targets: 4, recusals: 2, replacements: 2 });
  });

  it('reports a pool that the registry does not give: an inspector added to the log before the freeze position', () => {
    const other = registryOf([...registryEvents, inspector('i-7', 'yongzhou')]);
    expect(verifyMatching(events, { registry: other, task })).toMatchObject({ ok: false, mismatch: { step: 'candidates', targetId: null } });
  });

  it('reports a tampered published pool hash, naming the target', () => {
    const result = verifyMatching(
      tampered(events, 'MatchingPoolsFrozen', (d) => (d.targets[2].poolHash = '0'.repeat(64))),
      { registry, task },
    );
    expect(result).toMatchObject({ ok: false, mismatch: { step: 'pool-hash', targetId: 't-03' } });
  });

  it('reports a dropped exclusion', () => {
    const result = verifyMatching(
      tampered(events, 'MatchingPoolsFrozen', (d) => (d.targets[1].excluded = [])),
      { registry, task },
    );
    expect(result).toMatchObject({ ok: false, mismatch: { step: 'exclusions', targetId: 't-02' } });
  });

  it('reports a tampered witness value: the groups re-run differently', () => {
    const result = verifyMatching(
      tampered(events, 'MatchingEntropyContributed', (d) => (d.contribution.value = '43')),
      { registry, task },
    );
    expect(result).toMatchObject({ ok: false, mismatch: { step: 'selection', targetId: 't-01' } });
  });

  describe('a matching recorded as version 1, with each group’s sub-pool and seed', () => {
    /** The same matching as version 1 recorded it: every group with the sub-pool it was drawn from. */
    function asVersionOne(recorded: MatchingEvent[]): MatchingEvent[] {
      const copy = JSON.parse(JSON.stringify(recorded)) as MatchingEvent[];
      const at = copy.findIndex((e) => e.type === 'InspectorsMatched');
      const before = fold(matchingDecider, copy.slice(0, at)) as OpenMatching;
      const rerun = assignInspectors(
        before.frozen.targets.map((t) => ({ targetId: t.targetId, members: before.pools[t.targetId] })),
        before.contributions,
      );
      const matched = copy[at] as Extract<MatchingEvent, { type: 'InspectorsMatched' }>;
      copy[at] = { ...matched, data: { ...matched.data, groups: matched.data.groups.map((g, i) => ({ ...g, drawnFrom: rerun[i].drawnFrom })) } };
      return copy;
    }

    it('verifies, its recorded sub-pools included', () => {
      expect(verifyMatching(asVersionOne(events), { registry, task })).toEqual({ ok: true, targets: 4, recusals: 2, replacements: 2 });
    });

    it('reports a tampered witness value as a seed that does not recombine', () => {
      const result = verifyMatching(
        tampered(asVersionOne(events), 'MatchingEntropyContributed', (d) => (d.contribution.value = '43')),
        { registry, task },
      );
      expect(result).toMatchObject({ ok: false, mismatch: { step: 'seed', targetId: 't-01' } });
    });

    it('reports a tampered recorded seed', () => {
      const result = verifyMatching(
        tampered(asVersionOne(events), 'InspectorsMatched', (d) => (d.groups[1].drawnFrom.seed = 'f'.repeat(64))),
        { registry, task },
      );
      expect(result).toMatchObject({ ok: false, mismatch: { step: 'seed', targetId: 't-02' } });
    });
  });

  it('reports a server value that does not match its commitment', () => {
    const copy = JSON.parse(JSON.stringify(events)) as MatchingEvent[];
    const server = copy.find((e) => e.type === 'MatchingEntropyContributed' && e.data.contribution.kind === 'server')!;
    (server.data as { contribution: { value: string } }).contribution.value = 'chosen-later';
    expect(verifyMatching(copy, { registry, task })).toMatchObject({ ok: false, mismatch: { step: 'server-commitment' } });
  });

  it('reports a tampered assignment, naming the target', () => {
    const result = verifyMatching(
      tampered(events, 'InspectorsMatched', (d) => {
        d.groups[3].members[0].inspectorId = 'i-6';
        d.groups[3].leaderId = 'i-6';
      }),
      { registry, task },
    );
    expect(result).toMatchObject({ ok: false, mismatch: { step: 'selection', targetId: 't-04' } });
  });

  it('reports a tampered replacement', () => {
    const result = verifyMatching(
      tampered(events, 'ReplacementInspectorDrawn', (d) => (d.inspectorId = d.inspectorId === 'i-6' ? 'i-5' : 'i-6')),
      { registry, task },
    );
    expect(result).toMatchObject({ ok: false, mismatch: { step: 'replacement', targetId: 't-02' } });
  });

  it('reports a swap whose recorded groups do not follow from it', () => {
    const result = verifyMatching(
      tampered(
        events,
        'InspectorsSwappedOnRecusal',
        (d) =>
          (d.groups[0].leaderId =
            d.groups[0].members[1].inspectorId === d.groups[0].leaderId ? d.groups[0].members[0].inspectorId : d.groups[0].members[1].inspectorId),
      ),
      { registry, task },
    );
    expect(result).toMatchObject({ ok: false, mismatch: { step: 'recusal', targetId: 't-01' } });
  });
});
