/**
 * Inspections outside the random regime (000 §11, 002 §2; issue 12 item 10), through the HTTP
 * API: a complaint-triggered inspection is recorded by the department that made it, uses none of
 * the target's random-inspection quota, and three complaints in a year lift the draw's limits for
 * that target (002 §15: 投诉举报多的 … 不受抽查比例和频次限制).
 */
import { proposed } from '@app/event-store/event-store.contract';
import { ApiHarness, startApi } from './support/api-harness';
import { COUNTY, everyTarget, registerDepartments, registerTargets, setUpTask, taskSetUp, targetId } from './fixtures/draw-world';

describe('inspections outside the random regime (000 §11, 002 §2, §15)', () => {
  let api: ApiHarness;
  let staff: string;
  let qiyang: string;
  const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
  const post = (url: string, payload: object, token = staff) => api.app.inject({ method: 'POST', url, payload, headers: headers(token) });
  const get = (url: string) => api.app.inject({ method: 'GET', url, headers: headers(staff) });
  const eventCount = async () => (await api.events.readAll()).length;
  const URL = `/departments/${COUNTY}/case-inspections`;
  const complaint = (n: number, target: string, trigger = 'complaint') => ({
    inspectionId: `ll-2026-case-${n}`,
    targetId: target,
    trigger,
    source: `12315 工单 202603150012${n}`,
    inspectedOn: '2026-03-16',
    findings: '现场核查投诉所涉冷库温度记录',
    foundProblems: false,
  });
  const [OFTEN_COMPLAINED, CONTROL] = [targetId(1), targetId(2)];

  beforeAll(async () => {
    api = await startApi();
    staff = await api.tokenFor('staff-1', 'staff', COUNTY);
    qiyang = await api.tokenFor('staff-qy', 'staff', 'qiyang');
    await registerDepartments(api);
    await api.app.inject({
      method: 'POST',
      url: '/departments',
      payload: { departmentId: 'qiyang', name: '祁阳市市场监督管理局', level: 'county', parentId: 'yongzhou', areaCode: '431121' },
      headers: headers(await api.tokenFor('admin-1', 'admin', 'hunan')),
    });
    await registerTargets(api, 10);
    // both targets were already drawn twice this year: the quota excludes them from random draws
    for (const drawId of ['earlier-1', 'earlier-2']) {
      await api.events.append('quota-ledger-2026', proposed('QuotaConsumed', { year: 2026, drawId, targetIds: [OFTEN_COMPLAINED, CONTROL] }), 'any');
    }
  });
  afterAll(() => api.close());

  it('records a complaint-triggered inspection, using no quota', async () => {
    const quotaBefore = (await get(`/targets/${OFTEN_COMPLAINED}/quota?year=2026`)).json();
    const response = await post(URL, complaint(1, OFTEN_COMPLAINED));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ stream: 'case-inspection-ll-2026-case-1', events: ['NonRandomInspectionRecorded'] });
    const [event] = await api.events.readStream('case-inspection-ll-2026-case-1');
    expect(event.data).toMatchObject({ departmentId: COUNTY, targetId: OFTEN_COMPLAINED, trigger: 'complaint', recordedOn: expect.any(String) });
    expect((await get(`/targets/${OFTEN_COMPLAINED}/quota?year=2026`)).json()).toEqual(quotaBefore);
  });

  it('answers bad input with 400 naming every field, another county with 403, an unknown target with 404 and a second record with 409 — appending nothing', async () => {
    const before = await eventCount();
    const bad = await post(URL, { ...complaint(9, OFTEN_COMPLAINED), trigger: 'gossip', findings: '', inspectedOn: '2026-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['findings', 'inspectedOn', 'trigger']);
    expect((await post(URL, complaint(9, OFTEN_COMPLAINED), qiyang)).statusCode).toBe(403);
    expect((await post(URL, complaint(9, 'T999999'))).statusCode).toBe(404);
    expect((await post(URL, complaint(1, OFTEN_COMPLAINED))).statusCode).toBe(409);
    expect(await eventCount()).toBe(before);
  });

  it('lifts the quota for a target with three complaints or tip-offs this year, and for no other (002 §15)', async () => {
    expect((await post(URL, complaint(2, OFTEN_COMPLAINED, 'tip-off'))).statusCode).toBe(201);
    expect((await post(URL, complaint(3, OFTEN_COMPLAINED))).statusCode).toBe(201);
    expect((await post(URL, complaint(4, CONTROL, 'referral'))).statusCode).toBe(201);
    await setUpTask(api, taskSetUp('after-complaints', [everyTarget(3)]));
    const frozen = await post('/tasks/after-complaints/draws', {});
    expect(frozen.statusCode).toBe(201);
    const [event] = await api.events.readStream(frozen.json().stream);
    const [stratum] = (event.data as { strata: { exemptMembers: number; poolSize: number; excludedCount: number }[] }).strata;
    const drawId = frozen.json().stream.replace(/^draw-/, '');
    const exclusions = (await api.app.inject({ method: 'GET', url: `/draws/${drawId}/exclusions` })).json();
    expect(exclusions.items).toEqual([expect.objectContaining({ targetId: CONTROL, reason: 'quota-reached' })]);
    expect(stratum).toMatchObject({ poolSize: 9, exemptMembers: 1, excludedCount: 1 });
    expect((event.data as { eligibilityRules: string }).eligibilityRules).toBe('dsr-eligibility-4');
  });
});

