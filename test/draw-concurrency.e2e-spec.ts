/**
 * Concurrent draws must never break a quota (000 §19, 002 §15: at most twice a year). Two
 * hundred draws race over the same sixty targets through the HTTP API; the yearly quota ledger
 * serialises their executions, so no target is drawn more than twice, and every draw still
 * re-runs from the log.
 */
import { ApiHarness, startApi } from './support/api-harness';
import { COUNTY, everyTarget, registerDepartments, registerTargets, setUpTask, taskSetUp } from './fixtures/draw-world';

const DRAWS = 200;
const TARGETS = 60;

jest.setTimeout(240_000);

describe('concurrent draws over overlapping pools', () => {
  let api: ApiHarness;
  let staff: string;
  let witness: string;

  beforeAll(async () => {
    api = await startApi();
    staff = await api.tokenFor('staff-1', 'staff', COUNTY);
    witness = await api.tokenFor('witness-1', 'witness', COUNTY);
    await registerDepartments(api);
    await registerTargets(api, TARGETS);
    for (let i = 0; i < DRAWS; i++) await setUpTask(api, taskSetUp(`t${i}`, [everyTarget(3)]));
  });
  afterAll(() => api.close());

  const post = (url: string, payload: object = {}, token = staff) =>
    api.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });

  async function runDraw(i: number): Promise<{ drawId: string | null; outcome: string }> {
    const frozen = await post(`/tasks/t${i}/draws`);
    if (frozen.statusCode !== 201) return { drawId: null, outcome: `freeze ${frozen.statusCode}: ${frozen.json().detail}` };
    const drawId = frozen.json().stream.replace(/^draw-/, '');
    const entropy = await post(`/draws/${drawId}/entropy`, { kind: 'witness', label: `见证人 ${i}`, value: String(i * 7919) }, witness);
    if (entropy.statusCode !== 201) throw new Error(entropy.body);
    const executed = await post(`/draws/${drawId}/execute`);
    return { drawId, outcome: executed.statusCode === 201 ? 'drawn' : `execute ${executed.statusCode}: ${executed.body}` };
  }

  it(`never gives any target more than 2 draws across ${DRAWS} racing draws`, async () => {
    const results = await Promise.all(Array.from({ length: DRAWS }, (_, i) => runDraw(i)));
    const drawn = results.filter((r) => r.outcome === 'drawn');
    const unexpected = results.filter((r) => r.outcome !== 'drawn' && !/no target of task .* is eligible/.test(r.outcome));
    expect(unexpected).toEqual([]);

    const timesDrawn = new Map<string, number>();
    for (const { drawId } of drawn) {
      const draw = (await api.app.inject({ method: 'GET', url: `/draws/${drawId}` })).json();
      for (const stratum of draw.drawn) for (const id of stratum.selected) timesDrawn.set(id, (timesDrawn.get(id) ?? 0) + 1);
    }
    expect(Math.max(...timesDrawn.values())).toBeLessThanOrEqual(2);
    // the contention is real: the whole quota of every target was used
    expect([...timesDrawn.values()].reduce((a, b) => a + b, 0)).toBe(2 * TARGETS);
    expect(timesDrawn.size).toBe(TARGETS);

    const ledger = await api.events.readStream('quota-ledger-2026');
    const consumed = new Map<string, number>();
    for (const e of ledger) for (const id of (e.data as { targetIds: string[] }).targetIds) consumed.set(id, (consumed.get(id) ?? 0) + 1);
    expect(consumed).toEqual(timesDrawn);

    // the quota counters in the read store agree with the ledger
    const counter = await api.app.inject({ method: 'GET', url: '/targets/T000007/quota?year=2026', headers: { authorization: `Bearer ${staff}` } });
    expect(counter.json()).toEqual({ targetId: 'T000007', year: 2026, draws: timesDrawn.get('T000007') });
  });

  it('leaves every one of those draws verifiable from the log', async () => {
    const draws = (await api.events.readAll()).filter((e) => e.type === 'TargetsDrawn').map((e) => (e.data as { drawId: string }).drawId);
    expect(draws.length).toBeGreaterThan(20);
    for (const drawId of draws.slice(0, 25)) {
      const verification = (await api.app.inject({ method: 'GET', url: `/draws/${drawId}/verification` })).json();
      expect({ drawId, ok: verification.ok, mismatch: verification.firstMismatch }).toEqual({ drawId, ok: true, mismatch: null });
    }
  });
});

describe('concurrent draws from two service instances sharing one store', () => {
  let first: ApiHarness;
  let second: ApiHarness;

  beforeAll(async () => {
    first = await startApi();
    second = await startApi({ DATA_DIR: first.config.dataDir });
    await registerDepartments(first);
    await registerTargets(first, 20);
    for (let i = 0; i < 60; i++) await setUpTask(first, taskSetUp(`x${i}`, [everyTarget(2)]));
  });
  afterAll(async () => {
    await second.app.close();
    await first.close();
  });

  async function runDraw(api: ApiHarness, i: number): Promise<string | null> {
    const token = await api.tokenFor('staff-2', 'staff', COUNTY);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const witnessHeaders = { authorization: `Bearer ${await api.tokenFor('witness-2', 'witness', COUNTY)}`, 'content-type': 'application/json' };
    for (let attempt = 0; attempt < 20; attempt++) {
      const frozen = await api.app.inject({ method: 'POST', url: `/tasks/x${i}/draws`, payload: {}, headers });
      if (frozen.statusCode !== 201) return null;
      const drawId = frozen.json().stream.replace(/^draw-/, '');
      await api.app.inject({ method: 'POST', url: `/draws/${drawId}/entropy`, payload: { kind: 'witness', label: 'w', value: String(i) }, headers: witnessHeaders });
      const executed = await api.app.inject({ method: 'POST', url: `/draws/${drawId}/execute`, payload: {}, headers });
      if (executed.statusCode === 201) return drawId;
      throw new Error(executed.body);
    }
    return null;
  }

  it('keeps the quota because the ledger refuses a decision made on a stale revision', async () => {
    const drawIds = await Promise.all(Array.from({ length: 60 }, (_, i) => runDraw(i % 2 === 0 ? first : second, i)));
    const ledger = await first.events.readStream('quota-ledger-2026');
    const consumed = new Map<string, number>();
    for (const e of ledger) for (const id of (e.data as { targetIds: string[] }).targetIds) consumed.set(id, (consumed.get(id) ?? 0) + 1);
    expect(Math.max(...consumed.values())).toBeLessThanOrEqual(2);
    expect([...consumed.values()].reduce((a, b) => a + b, 0)).toBe(40);
    expect(drawIds.filter(Boolean).length).toBeGreaterThanOrEqual(20);
  });
});
