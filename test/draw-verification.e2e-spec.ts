/**
 * Oversight trusts nothing it cannot recompute: `cli verify-draw` re-runs a draw from the event
 * log alone and reports a mismatch when the stored pool, seed or result was altered behind the
 * service's back — here by editing the embedded store's file directly.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { comparePositions, parsePosition } from '@app/event-store';
import { ELIGIBILITY_RULES, TaskSetUp, applyEvent, emptyEligibilityState, upcast } from '@app/domain';
import { eligiblePoolsAt } from '@app/platform';
import { builtEntry } from './support/built';
import { ApiHarness, startApi } from './support/api-harness';
import { COUNTY, registerDepartments, registerTargets, setUpTask, taskSetUp } from './fixtures/draw-world';

const CLI = resolve(__dirname, '../dist/apps/cli/src/main.js');
const run = promisify(execFile);

describe('cli verify-draw', () => {
  let api: ApiHarness;
  let drawId: string;
  let retryExecute: () => ReturnType<ApiHarness['app']['inject']>;

  beforeAll(async () => {
    builtEntry('apps/cli/src/main.js');
    api = await startApi();
    await registerDepartments(api);
    await registerTargets(api, 40);
    await setUpTask(
      api,
      taskSetUp('t-verify', [
        { classId: 'food', label: '食品制造', filter: { subjectTypes: [], scales: [], industries: ['C14'], areaCodes: [], subRegistryId: null }, ratio: 25, count: null, trustworthyRatio: null },
        { classId: 'retail', label: '零售', filter: null, ratio: null, count: 3, trustworthyRatio: null },
      ]),
    );
    const staff = await api.tokenFor('staff-1', 'staff', COUNTY);
    const notary = await api.tokenFor('notary-1', 'witness', COUNTY);
    const post = (url: string, payload: object = {}, headers: Record<string, string> = {}, token = staff) =>
      api.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}`, ...headers } });
    retryExecute = () => post(`/draws/${drawId}/execute`, {}, { 'idempotency-key': 'execute-t-verify-0001' });
    drawId = (await post('/tasks/t-verify/draws')).json().stream.replace(/^draw-/, '');
    expect((await post(`/draws/${drawId}/entropy`, { kind: 'witness', label: '公证员 张某', value: '3 1 4 1 5 9' }, {}, notary)).statusCode).toBe(201);
    expect((await retryExecute()).statusCode).toBe(201);
    expect((await post(`/draws/${drawId}/confirm`)).statusCode).toBe(201);
  });
  afterAll(() => api.close());

  const verify = () =>
    run(process.execPath, [CLI, 'verify-draw', drawId], { env: { ...process.env, DATA_DIR: api.config.dataDir, LOG_LEVEL: 'silent' } }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  /** Rewrites one stored event's data in the SQLite file, runs the check, then puts it back. */
  async function withTampered(type: string, edit: (data: any) => void): Promise<{ code: number; stdout: string }> {
    const db = new Database(join(api.config.dataDir, 'events.db'));
    const row = db.prepare('SELECT position, data FROM events WHERE type = ? AND stream = ?').get(type, `draw-${drawId}`) as { position: number; data: string } | undefined;
    const original = row ?? (db.prepare('SELECT position, data FROM events WHERE type = ? ORDER BY position LIMIT 1').get(type) as { position: number; data: string });
    const data = JSON.parse(original.data);
    edit(data);
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify(data), original.position);
    try {
      return await verify();
    } finally {
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(original.data, original.position);
      db.close();
    }
  }

  it('folds from a saved eligibility state before the freeze to the same pools as from the first event', async () => {
    const frozen = (await api.events.readStream(`draw-${drawId}`)).find((e) => e.type === 'DrawPoolFrozen')!;
    const { eligibilityPosition, frozenOn } = frozen.data as { eligibilityPosition: string; frozenOn: string };
    const setUp = (await api.events.readStream('task-t-verify')).find((e) => e.type === 'TaskSetUp')!.data as TaskSetUp['data'];
    const log = await api.events.readAll();
    const saved = log[Math.floor(log.length / 3)].position;
    const state = emptyEligibilityState();
    for (const e of log.filter((e) => comparePositions(e.position, saved) <= 0)) applyEvent(state, { type: e.type, data: upcast(e.type, e.schemaVersion, e.data) });
    const asked: string[] = [];
    const fromSaved = await eligiblePoolsAt(api.events, parsePosition(eligibilityPosition), setUp, frozenOn, ELIGIBILITY_RULES, async (at) => {
      asked.push(`${at.commit}`);
      return { state, position: saved };
    });
    const fromFirstEvent = await eligiblePoolsAt(api.events, parsePosition(eligibilityPosition), setUp, frozenOn, ELIGIBILITY_RULES);
    expect(asked).toEqual([eligibilityPosition.split('/')[0]]);
    expect(fromSaved).toEqual(fromFirstEvent);
    expect(fromSaved.strata.map((s) => s.members.length)).toEqual([20, 20]);
    // and it does start from the saved state: a fact only that state holds shows in the pools
    state.targets.get(fromFirstEvent.strata[0].members[0])!.deregistered = true;
    const fromAltered = await eligiblePoolsAt(api.events, parsePosition(eligibilityPosition), setUp, frozenOn, ELIGIBILITY_RULES, async () => ({ state, position: saved }));
    expect(fromAltered.strata[0].members).toHaveLength(19);
  });

  it('confirms an honest draw: every step reproduces', async () => {
    const { code, stdout } = await verify();
    expect(code).toBe(0);
    expect(stdout).toMatch(/verified: every step reproduces/);
    expect(stdout).toMatch(/^ok +selection food: published 5 selected; re-run 5, identical$/m);
    expect(stdout).not.toMatch(/MISMATCH/);
  });

  it('answers a retried execution with its first result, even after the draw was confirmed', async () => {
    const before = (await api.events.readAll()).length;
    const retry = await retryExecute();
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toMatchObject({ replayed: true, events: ['EntropyContributed', 'TargetsDrawn'] });
    expect((await api.events.readAll()).length).toBe(before);
  });

  it('reports a pool whose published hash was altered', async () => {
    const { code, stdout } = await withTampered('DrawPoolFrozen', (d) => (d.strata[0].poolHash = 'f'.repeat(64)));
    expect(code).toBe(1);
    expect(stdout).toMatch(/first mismatch at pool food/);
  });

  it('reports exclusions whose published count or hash was altered', async () => {
    const hash = await withTampered('DrawPoolFrozen', (d) => (d.strata[1].excludedHash = 'e'.repeat(64)));
    expect(hash.code).toBe(1);
    expect(hash.stdout).toMatch(/first mismatch at exclusions retail/);
    const count = await withTampered('DrawPoolFrozen', (d) => (d.strata[0].excludedCount += 1));
    expect(count.code).toBe(1);
    expect(count.stdout).toMatch(/first mismatch at exclusions food/);
  });

  it('reports a pool changed by editing a registry fact before the freeze', async () => {
    const { code, stdout } = await withTampered('TargetRegistered', (d) => (d.departmentId = 'somewhere-else'));
    expect(code).toBe(1);
    expect(stdout).toMatch(/first mismatch at pool /);
  });

  it('reports a seed changed by editing a witness value', async () => {
    const { code, stdout } = await withTampered('EntropyContributed', (d) => {
      if (d.contribution.kind === 'witness') d.contribution.value = '2 7 1 8 2 8';
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/first mismatch at selection /);
  });

  it('reports a result whose selected targets were altered', async () => {
    const { code, stdout } = await withTampered('TargetsDrawn', (d) => (d.strata[1].selected[0] = 'T999999'));
    expect(code).toBe(1);
    expect(stdout).toMatch(/first mismatch at selection retail/);
  });
});
