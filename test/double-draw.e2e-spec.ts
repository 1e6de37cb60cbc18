/**
 * 双随机 end to end, over the HTTP API only (issue 4, "Done when"): an administrator registers a
 * province, a city and a county with two business units; the county publishes the 附件2 checklist
 * (000 §10), imports 150 targets from an XLSX file (000 §13–14), marks three of them deregistered,
 * revoked and trustworthy, registers its inspectors (000 §12) and files a plan (002 §13). A task is
 * refused under the unpublished plan and set up under the published one (004 §4(4)); its pools are
 * frozen and published before any randomness, witnesses contribute entropy (004 §2(3)), the draw
 * runs, is confirmed, locked, dispatched and announced (002 §19). Inspectors are matched 2 per
 * target with a leader (002 §21), one recuses by swap and one withdraws with a replacement drawn
 * (000 §18, 002 §23). A second business unit's draw is voided by the unit head and drawn again.
 * Finally the built cli re-runs every draw and the matching from the event log alone.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { builtEntry } from './support/built';
import { ApiHarness, startApi } from './support/api-harness';
import { ANNEX2_ITEMS } from './fixtures/checklist-000-annex2';
import {
  CONFLICTED,
  DEREGISTERED,
  FIT,
  FOOD_ITEMS,
  FOOD_TASK,
  Group,
  LICENCE,
  MATCHING,
  QUALITY_ITEMS,
  QUALITY_TASK,
  REVOKED,
  StoryClient,
  TODAY,
  TRUSTWORTHY,
  declareConflict,
  filePlan,
  foodTask,
  freezeFoodDraw,
  freezeMatching,
  importTargets,
  lockFoodTask,
  exclusionsHashOf,
  poolHashOf,
  publishChecklist,
  publishPlan,
  recordStatusFacts,
  registerInspectors,
  registerOrganisation,
  restIds,
  rows,
  idOf,
  setUpFoodTask,
  traderIds,
  witnessAndDrawFood,
  witnessAndMatch,
} from './fixtures/double-draw-story';

type Exclusion = { targetId: string; reason: string; detail: string };
type Stratum = { stratumId: string; classId: string; poolHash: string; poolSize: number; count: number; exemptMembers: number; excludedCount: number; excludedHash: string };
type DrawExclusion = Exclusion & { stratumId: string; classId: string };

const CLI = resolve(__dirname, '../dist/apps/cli/src/main.js');
const run = promisify(execFile);

describe('the double draw, end to end over HTTP (issue 4)', () => {
  let api: ApiHarness;
  let story: StoryClient;
  const post: StoryClient['post'] = (url, payload, who) => story.post(url, payload, who);
  const get: StoryClient['get'] = (url, who) => story.get(url, who);
  const created: StoryClient['created'] = (response) => story.created(response);
  const appendsNothing: StoryClient['appendsNothing'] = (request) => story.appendsNothing(request);
  const cli = (...args: string[]) =>
    run(process.execPath, [CLI, ...args], { env: { ...process.env, DATA_DIR: api.config.dataDir, LOG_LEVEL: 'silent' } }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  /** Filled in as the story goes. */
  const draws: string[] = [];
  let foodSelected: string[] = [];

  beforeAll(async () => {
    builtEntry('apps/cli/src/main.js');
    api = await startApi({}, { clock: { now: () => new Date(`${TODAY}T02:00:00Z`) } });
    story = await new StoryClient(api).signIn();
  });
  afterAll(() => api.close());

  describe('the ground: organisation, checklist, registries and plan', () => {
    it('an administrator registers province, city and counties, and the county’s business units', async () => {
      await registerOrganisation(story);
      expect((await get('/departments/lingling')).json().units.map((u: { unitId: string }) => u.unitId)).toEqual([
        'lingling-food',
        'lingling-quality',
        'lingling-legal',
      ]);
    });

    it('county staff publish the 14 items of 附件2 (000 §10) and import 150 targets from an XLSX file (000 §13–14)', async () => {
      await publishChecklist(story);
      const imported = await importTargets(story);
      expect(imported.statusCode).toBe(201);
      expect(imported.json()).toMatchObject({ rows: 150, registered: 150, format: 'xlsx' });
      expect((await get('/public/targets?limit=1')).json().total).toBe(150);
    });

    it('records one target deregistered, one revoked and one trustworthy — the draws must explain them', async () => {
      await recordStatusFacts(story);
    });

    it('registers seven qualified inspectors, one with a lapsed certificate and one without the 行政执法证 (000 §12)', async () => {
      await registerInspectors(story);
    });

    it('files a plan covering every item, refuses a task while it is unpublished (004 §4(4)), then publishes it', async () => {
      await filePlan(story);

      const refused = await appendsNothing(() => post('/tasks', foodTask(), 'staff'));
      expect(refused.statusCode).toBe(409);
      expect(refused.json().detail).toMatch(/plan lingling-2026 is not published/);

      await publishPlan(story);
    });
  });

  describe('1–2. a task under the published plan, frozen, witnessed, drawn and confirmed (004 §2(3))', () => {
    it('sets up the task with a directional and a non-directional class (000 §20, 002 §18)', async () => {
      const foreign = await appendsNothing(() => post('/tasks', foodTask(), 'qiyang'));
      expect(foreign.statusCode).toBe(403);
      const response = await setUpFoodTask(story);
      expect(response.json()).toMatchObject({ stream: `task-${FOOD_TASK}`, events: ['TaskSetUp'] });
      expect((await get(`/tasks/${FOOD_TASK}`, 'staff')).json()).toMatchObject({ status: 'set-up', planVersion: 1, businessUnitId: 'lingling-food' });
    });

    it('freezes and publishes each pool’s hash, size, count and exclusions with reasons before any randomness exists', async () => {
      const frozen = await freezeFoodDraw(story);
      expect(frozen.json()).toMatchObject({ stream: `draw-${FOOD_TASK}-d1`, events: ['DrawPoolFrozen'] });
      draws.push(`${FOOD_TASK}-d1`);

      const view = await get(`/draws/${FOOD_TASK}-d1`);
      expect(view.statusCode).toBe(200);
      expect(view.json()).toMatchObject({ taskId: FOOD_TASK, status: 'frozen', algorithm: 'dsr-draw-v1', contributions: [], drawn: null, frozenOn: TODAY });
      expect(view.json().serverCommitment).toMatch(/^[0-9a-f]{64}$/);

      const strata = view.json().strata as Stratum[];
      expect(strata.map((s) => s.stratumId)).toEqual(['traders', 'all']);
      const [traders, all] = strata;
      const traderPool = traderIds.filter((id) => id !== TRUSTWORTHY);
      const restPool = restIds.filter((id) => id !== DEREGISTERED && id !== REVOKED);
      expect(traders).toMatchObject({ classId: 'traders', poolSize: traderPool.length, poolHash: poolHashOf(traderPool), count: 4, exemptMembers: 0, excludedCount: 1 });
      // dsr-draw-v1 §6: ceil(n · 3%)
      expect(all).toMatchObject({ classId: 'all', poolSize: restPool.length, poolHash: poolHashOf(restPool), count: Math.ceil((restPool.length * 3) / 100), excludedCount: 2 });

      // the freeze publishes each pool's exclusions as a count and a hash; the list is recomputed from the log and must hash to it
      const exclusions = (await get(`/draws/${FOOD_TASK}-d1/exclusions`)).json() as { total: number; offset: number; items: DrawExclusion[] };
      expect(exclusions).toMatchObject({ drawId: `${FOOD_TASK}-d1`, total: 3, offset: 0 });
      const ofPool = (stratumId: string) => exclusions.items.filter((e) => e.stratumId === stratumId).map(({ targetId, reason, detail }) => ({ targetId, reason, detail }));
      expect(ofPool('traders')).toEqual([{ targetId: TRUSTWORTHY, reason: 'trustworthy-skipped', detail: expect.stringContaining('000 §16') }]);
      expect(ofPool('all')).toEqual(
        expect.arrayContaining([
          { targetId: DEREGISTERED, reason: 'deregistered', detail: expect.any(String) },
          { targetId: REVOKED, reason: 'revoked', detail: expect.any(String) },
        ]),
      );
      expect(ofPool('all')).toHaveLength(2);
      expect(exclusionsHashOf(ofPool('traders'))).toBe(traders.excludedHash);
      expect(exclusionsHashOf(ofPool('all'))).toBe(all.excludedHash);
      const second = (await get(`/draws/${FOOD_TASK}-d1/exclusions?offset=1&limit=1`)).json();
      expect(second).toMatchObject({ total: 3, offset: 1, items: [exclusions.items[1]] });
      const bad = await get(`/draws/${FOOD_TASK}-d1/exclusions?limit=0`);
      expect(bad.statusCode).toBe(400);
      expect((await get(`/draws/no-such-draw/exclusions`)).statusCode).toBe(404);
    });

    it('refuses to draw before a witness has contributed, and appends nothing', async () => {
      const response = await appendsNothing(() => post(`/draws/${FOOD_TASK}-d1/execute`, {}, 'staff'));
      expect(response.statusCode).toBe(409);
    });

    it('records the notary’s and a deputy’s values, then reveals the server value and draws', async () => {
      const executed = await witnessAndDrawFood(story);
      expect(executed.json().events).toEqual(['EntropyContributed', 'TargetsDrawn']);

      const view = (await get(`/draws/${FOOD_TASK}-d1`)).json();
      expect(view.status).toBe('confirmed');
      expect(view.contributions.map((c: { kind: string; label: string }) => [c.kind, c.label])).toEqual([
        ['witness', '公证员 张某'],
        ['witness', '人大代表 李某'],
        ['server', 'server'],
      ]);
      expect(createHash('sha256').update(view.contributions[2].value).digest('hex')).toBe(view.serverCommitment);
      const [traders, all] = view.drawn as { stratumId: string; selected: string[]; skipped: unknown[] }[];
      expect(traders).toMatchObject({ stratumId: 'traders', skipped: [] });
      expect(traders.selected).toHaveLength(4);
      expect(traderIds).toEqual(expect.arrayContaining(traders.selected));
      expect(traders.selected).not.toContain(TRUSTWORTHY);
      expect(all.selected).toHaveLength(view.strata[1].count);
      expect(restIds).toEqual(expect.arrayContaining(all.selected));
      expect(all.selected).not.toContain(DEREGISTERED);
      expect(all.selected).not.toContain(REVOKED);
      foodSelected = [...traders.selected, ...all.selected];
      expect(new Set(foodSelected).size).toBe(foodSelected.length);
    });

    it('re-runs from the event log on the public verification endpoint', async () => {
      const response = await get(`/draws/${FOOD_TASK}-d1/verification`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ drawId: `${FOOD_TASK}-d1`, ok: true, firstMismatch: null });
      expect(response.json().checks.map((c: { step: string }) => c.step)).toEqual(
        expect.arrayContaining(['pool traders', 'pool all', 'server commitment', 'selection traders', 'selection all']),
      );
    });
  });

  describe('3. lock, dispatch and announce (002 §19)', () => {
    it('locks the confirmed list, dispatches it to the county and announces the task publicly', async () => {
      expect((await get('/public/announcements?departmentId=lingling')).json()).toEqual({ total: 0, announcements: [] });
      const locked = await lockFoodTask(story);
      expect(locked.json().events).toEqual(['TaskListLocked', 'TaskDispatched', 'TaskAnnounced']);

      const task = (await get(`/tasks/${FOOD_TASK}`, 'staff')).json();
      expect(task.status).toBe('locked');
      expect(task.lock).toMatchObject({ drawId: `${FOOD_TASK}-d1`, lockedOn: TODAY });
      expect(task.dispatches).toHaveLength(1);
      expect(task.dispatches[0]).toMatchObject({ executingDepartmentId: 'lingling', dispatchedOn: TODAY });
      expect([...task.dispatches[0].targetIds].sort()).toEqual([...foodSelected].sort());

      const announcements = await get('/public/announcements?departmentId=lingling&year=2026');
      expect(announcements.statusCode).toBe(200);
      expect(announcements.json()).toMatchObject({
        total: 1,
        announcements: [
          {
            taskId: FOOD_TASK,
            departmentId: 'lingling',
            items: FOOD_ITEMS.map((itemId) => ({
              itemId,
              name: ANNEX2_ITEMS.find((i) => i.itemId === itemId)!.name,
              checklistVersion: 1,
              category: 'general',
            })),
            window: { from: '2026-04-20', to: '2026-06-30' },
            targetCount: foodSelected.length,
            announcedOn: TODAY,
          },
        ],
      });
      for (const targetId of foodSelected) expect(announcements.body).not.toContain(targetId);
    });

    it('counts the locked list in the quota of each target and the county’s share of its registry (000 §19, 003 §1)', async () => {
      for (const targetId of foodSelected) {
        expect((await get(`/targets/${targetId}/quota?year=2026`, 'staff')).json()).toEqual({ targetId, year: 2026, draws: 1 });
      }
      const notDrawn = restIds.find((id) => !foodSelected.includes(id))!;
      expect((await get(`/targets/${notDrawn}/quota?year=2026`, 'staff')).json().draws).toBe(0);
      const share = await get('/departments/lingling/inspection-share?year=2026', 'staff');
      expect(share.json()).toEqual({
        departmentId: 'lingling',
        year: 2026,
        registrySize: 150,
        drawnTargets: foodSelected.length,
        sharePercent: Math.round((foodSelected.length / 150) * 10000) / 100,
        goalPercent: 5,
      });
      expect((await get('/departments/lingling/inspection-share?year=2025', 'staff')).json().drawnTargets).toBe(0);
      expect((await get('/departments/lingling/inspection-share?year=2026', 'qiyang')).statusCode).toBe(403);
    });
  });

  describe('4. inspector matching, recusal and replacement (000 §18, §20; 002 §21–23)', () => {
    let conflictTarget = '';
    const groups = () => story.groups();
    const ids = (g: Group) => g.members.map((m) => m.inspectorId);

    it('an inspector declares a conflict of interest with a drawn target (000 §18)', async () => {
      conflictTarget = await declareConflict(story, foodSelected);
    });

    it('freezes the candidate pools: the lapsed certificate, the missing qualification and the conflict are excluded with reasons', async () => {
      const response = await freezeMatching(story);
      expect(response.json()).toMatchObject({ stream: `matching-${FOOD_TASK}-lingling`, events: ['MatchingPoolsFrozen'] });
      const view = (await get(MATCHING, 'staff')).json();
      expect(view).toMatchObject({ status: 'frozen', drawableOn: '2026-04-20', requirements: [LICENCE], contributions: [], groups: [] });
      expect(view.excluded).toEqual([
        { personId: 'insp-expired', reason: 'certificate-expired', detail: expect.stringContaining('2025-12-31') },
        { personId: 'insp-metrology', reason: 'lacks-qualification', detail: expect.stringContaining(LICENCE) },
      ]);
      const pools = view.targets as { targetId: string; poolHash: string; poolSize: number; excluded: { personId: string; reason: string }[] }[];
      expect(pools.map((t) => t.targetId)).toEqual([...foodSelected].sort());
      for (const pool of pools) {
        const members = pool.targetId === conflictTarget ? FIT.filter((id) => id !== CONFLICTED) : FIT;
        expect(pool).toMatchObject({ poolSize: members.length, poolHash: poolHashOf(members) });
        expect(pool.excluded).toEqual(
          pool.targetId === conflictTarget ? [{ personId: CONFLICTED, reason: 'conflict-of-interest', detail: expect.stringContaining('其兄为该经营者') }] : [],
        );
      }
    });

    it('records a witness value, then draws 2 per target with one leader, spreading the work evenly (002 §21)', async () => {
      const assigned = await witnessAndMatch(story);
      expect(assigned.json().events).toEqual(['MatchingEntropyContributed', 'InspectorsMatched']);

      const current = await groups();
      expect(Object.keys(current).sort()).toEqual([...foodSelected].sort());
      const loads = new Map<string, number>();
      for (const group of Object.values(current)) {
        expect(group.members).toHaveLength(2);
        expect(new Set(ids(group)).size).toBe(2);
        expect(group.leaderId).toBe(group.members[0].inspectorId);
        for (const id of ids(group)) {
          expect(FIT).toContain(id);
          loads.set(id, (loads.get(id) ?? 0) + 1);
        }
      }
      expect(ids(current[conflictTarget])).not.toContain(CONFLICTED);
      // dsr-draw-v1 M3.1: a group is drawn from those at the lowest load level holding two of its pool, so 16 places
      // over 7 inspectors load nobody above 3, and when the busiest reached its load at most one of that pool (plus
      // the conflicted inspector, outside one pool) was two or more below it
      const busiest = Math.max(...loads.values());
      expect(busiest).toBeLessThanOrEqual(3);
      expect(FIT.filter((id) => (loads.get(id) ?? 0) < busiest - 1).length).toBeLessThanOrEqual(2);
      expect([...loads.values()].reduce((sum, n) => sum + n, 0)).toBe(2 * foodSelected.length);
    });

    it('swaps two drawn inspectors between targets on a recusal, with the reason', async () => {
      const current = await groups();
      const targets = Object.keys(current).sort();
      // any two inspectors of different groups, neither already in the other's group, nor moved onto a target they declared an interest in
      const mayJoin = (id: string, target: string) => !ids(current[target]).includes(id) && !(id === CONFLICTED && target === conflictTarget);
      const [x, mover, y, partner] = targets
        .flatMap((p) => targets.filter((q) => q !== p).map((q) => [p, q]))
        .flatMap(([p, q]) => ids(current[p]).flatMap((a) => ids(current[q]).map((b) => [p, a, q, b])))
        .find(([p, a, q, b]) => mayJoin(a, q) && mayJoin(b, p))!;
      const response = await created(
        post(
          `${MATCHING}/recusals`,
          { kind: 'swap', inspectorId: mover, targetId: x, withInspectorId: partner, withTargetId: y, reason: '与该经营者系同学' },
          'staff',
        ),
      );
      expect(response.json().events).toEqual(['InspectorsSwappedOnRecusal']);
      const after = await groups();
      expect(ids(after[x])).toEqual(ids(current[x]).map((id) => (id === mover ? partner : id)));
      expect(ids(after[y])).toEqual(ids(current[y]).map((id) => (id === partner ? mover : id)));
    });

    it('withdraws a recusing leader and draws a replacement by the same method; the remaining member leads', async () => {
      const target = [...foodSelected].sort()[1];
      const group = (await groups())[target];
      const response = await created(
        post(`${MATCHING}/recusals`, { kind: 'withdraw', inspectorId: group.leaderId, targetId: target, reason: '曾在该企业任职' }, 'staff'),
      );
      expect(response.json().events).toEqual(['InspectorWithdrewOnRecusal', 'ReplacementInspectorDrawn']);
      const after = (await groups())[target];
      expect(after.members).toHaveLength(2);
      expect(ids(after)).not.toContain(group.leaderId);
      expect(after.leaderId).toBe(group.members[1].inspectorId);
      expect(FIT).toContain(ids(after)[1]);

      const view = (await get(MATCHING, 'staff')).json();
      expect(view.history.map((h: { kind: string }) => h.kind)).toEqual(['swap', 'withdrawal', 'replacement']);
      expect(view.history[1]).toMatchObject({ kind: 'withdrawal', inspectorId: group.leaderId, reason: '曾在该企业任职' });
    });

    it('recomputes the whole matching from the event log and finds it intact', async () => {
      const response = await get(`${MATCHING}/verification`, 'staff');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ ok: true, targets: foodSelected.length, recusals: 2, replacements: 1 });
    });
  });

  describe('5. a draw voided by the unit head stays in the public record, and the task draws again', () => {
    let voidedSelected: string[] = [];

    it('a second business unit’s task excludes the first unit’s locked targets (000 §19: combine instead)', async () => {
      await created(
        post(
          '/tasks',
          foodTask({
            taskId: QUALITY_TASK,
            title: '2026年零陵区计量器具双随机抽查',
            businessUnitId: 'lingling-quality',
            itemIds: QUALITY_ITEMS,
            window: { from: '2026-05-01', to: '2026-07-31' },
            classes: [{ classId: 'all', label: '全部市场主体', count: 5, trustworthyRatio: null }],
          }),
          'staff',
        ),
      );
      await created(post(`/tasks/${QUALITY_TASK}/draws`, {}, 'staff'));
      draws.push(`${QUALITY_TASK}-d1`);
      const [stratum] = (await get(`/draws/${QUALITY_TASK}-d1`)).json().strata as Stratum[];
      const excluded = (await get(`/draws/${QUALITY_TASK}-d1/exclusions?limit=500`)).json().items as DrawExclusion[];
      const otherUnit = excluded.filter((e) => e.reason === 'inspected-by-other-unit').map((e) => e.targetId);
      expect(otherUnit.sort()).toEqual([...foodSelected].sort());
      const pool = rows.map((_, n) => idOf(n)).filter((id) => ![DEREGISTERED, REVOKED, ...foodSelected].includes(id));
      expect(stratum).toMatchObject({ poolSize: pool.length, poolHash: poolHashOf(pool), count: 5 });

      await created(post(`/draws/${QUALITY_TASK}-d1/entropy`, { kind: 'witness', label: '公证员 张某', value: '5 5 5' }, 'notary'));
      await created(post(`/draws/${QUALITY_TASK}-d1/execute`, {}, 'staff'));
      voidedSelected = (await get(`/draws/${QUALITY_TASK}-d1`)).json().drawn[0].selected;
      expect(voidedSelected).toHaveLength(5);
      for (const targetId of voidedSelected) expect((await get(`/targets/${targetId}/quota?year=2026`, 'staff')).json().draws).toBe(1);
    });

    it('refuses the void to staff with 403 and to a bad reason with 400, appending nothing', async () => {
      const staff = await appendsNothing(() => post(`/draws/${QUALITY_TASK}-d1/void`, { reasonCode: 'wrong-scope', reason: '名录导入有误，作废重抽' }, 'staff'));
      expect(staff.statusCode).toBe(403);
      const bad = await appendsNothing(() => post(`/draws/${QUALITY_TASK}-d1/void`, { reasonCode: 'wrong-scope', reason: '' }, 'head'));
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    });

    it('the unit head voids it with a reason; the public still sees it, voided, and its quota is given back', async () => {
      const voided = await created(post(`/draws/${QUALITY_TASK}-d1/void`, { reasonCode: 'wrong-scope', reason: '名录导入有误，作废重抽' }, 'head'));
      expect(voided.json().events).toEqual(['DrawVoided']);
      const view = await get(`/draws/${QUALITY_TASK}-d1`);
      expect(view.statusCode).toBe(200);
      expect(view.json()).toMatchObject({
        status: 'voided',
        voided: { reasonCode: 'wrong-scope', reason: '名录导入有误，作废重抽', voidedOn: TODAY, byRole: 'unit-head' },
        drawn: [{ stratumId: 'all', selected: voidedSelected }],
      });
      for (const targetId of voidedSelected) expect((await get(`/targets/${targetId}/quota?year=2026`, 'staff')).json().draws).toBe(0);
      const locked = await appendsNothing(() => post(`/tasks/${QUALITY_TASK}/lock`, { drawId: `${QUALITY_TASK}-d1`, lockedOn: TODAY }, 'staff'));
      expect(locked.statusCode).toBe(409);
    });

    it('the task draws again as -d2, to confirmation', async () => {
      const frozen = await created(post(`/tasks/${QUALITY_TASK}/draws`, {}, 'staff'));
      expect(frozen.json().stream).toBe(`draw-${QUALITY_TASK}-d2`);
      draws.push(`${QUALITY_TASK}-d2`);
      await created(post(`/draws/${QUALITY_TASK}-d2/entropy`, { kind: 'witness', label: '公证员 张某', value: '8 6 7 5 3 0 9' }, 'notary'));
      await created(post(`/draws/${QUALITY_TASK}-d2/execute`, {}, 'staff'));
      await created(post(`/draws/${QUALITY_TASK}-d2/confirm`, {}, 'staff'));
      const view = (await get(`/draws/${QUALITY_TASK}-d2`)).json();
      expect(view.status).toBe('confirmed');
      expect(view.drawn[0].selected).toHaveLength(5);
      for (const targetId of view.drawn[0].selected) {
        expect(foodSelected).not.toContain(targetId);
        expect((await get(`/targets/${targetId}/quota?year=2026`, 'staff')).json().draws).toBe(1);
      }
      for (const drawId of [`${QUALITY_TASK}-d1`, `${QUALITY_TASK}-d2`]) expect((await get(`/draws/${drawId}/verification`)).json().ok).toBe(true);
    });
  });

  describe('6. the built cli re-runs everything from the event log alone', () => {
    it('verify-draw confirms every draw of the story, the voided one included', async () => {
      expect(draws).toEqual([`${FOOD_TASK}-d1`, `${QUALITY_TASK}-d1`, `${QUALITY_TASK}-d2`]);
      for (const drawId of draws) {
        const { code, stdout } = await cli('verify-draw', drawId);
        expect({ drawId, code }).toEqual({ drawId, code: 0 });
        expect(stdout).toContain(`draw ${drawId} verified: every step reproduces from the log`);
        expect(stdout).not.toMatch(/MISMATCH/);
      }
    });

    it('verify-matching confirms the matching with its recusals and replacement', async () => {
      const { code, stdout } = await cli('verify-matching', FOOD_TASK, 'lingling');
      expect(code).toBe(0);
      expect(stdout).toContain(
        `matching of task ${FOOD_TASK} for lingling verified: ${foodSelected.length} targets, 2 recusals, 1 replacements reproduce from the log`,
      );
    });
  });
});
