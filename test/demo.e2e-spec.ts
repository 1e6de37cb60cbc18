/**
 * `npm run demo` (issue 6 item 7): the demo builds a county on a service listening on a real port,
 * through HTTP only, and afterwards the pages a newcomer opens have something to show — the
 * published checklist in two versions, the announcements, draws that verify, published results
 * with a correction next to the original, a joint inspection with the county's agriculture bureau
 * (004 §2(4)). A second run on the same data replays and appends nothing.
 */
import { ApiHarness, startApi } from './support/api-harness';
import { DemoSummary, runDemo } from '../apps/cli/src/commands/demo';

describe('npm run demo (issue 6 item 7)', () => {
  let api: ApiHarness;
  let summary: DemoSummary;
  const lines: string[] = [];
  const get = async (path: string, token?: string) => {
    const response = await fetch(`${api.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, body: await response.text() };
  };
  const json = async (path: string, token?: string) => JSON.parse((await get(path, token)).body);

  beforeAll(async () => {
    api = await startApi({}, { listen: true });
    summary = await runDemo(api.config, { url: api.url!, targets: 500, seed: 'e2e' }, (line) => lines.push(line));
  }, 60_000);
  afterAll(() => api.close());

  it('reports its progress and ends with the pages to open', () => {
    expect(lines.join('\n')).toMatch(/checklist: 附件2, 14 items published as version 1, adjusted to 13 items as version 2/);
    expect(lines.join('\n')).toMatch(/targets: imported 500 rows/);
    expect(summary.urls).toContain(`${api.url}/gs/draws/${summary.drawIds[0]}/verify`);
  });

  it('publishes the checklist of 附件2 as version 1 and its adjustment as version 2 (000 §10–11)', async () => {
    const versions = await json('/departments/lingling/checklist/versions');
    expect(versions).toMatchObject({
      currentVersion: 2,
      versions: [
        { version: 1, itemCount: 14 },
        { version: 2, itemCount: 13 },
      ],
    });
    expect(versions.versions[1].reason).toMatch(/调整/);
  });

  it('fills the registry with the 500 imported targets, some no longer active (000 §13–14)', async () => {
    expect((await json('/public/targets?limit=1&areaCode=431102')).total).toBe(500);
    const staff = await api.tokenFor('reader-1', 'staff', 'lingling');
    const deregistered = (await json('/targets?departmentId=lingling&status=deregistered&limit=1', staff)).total;
    const abnormal = (await json('/targets?departmentId=lingling&status=abnormal&limit=1', staff)).total;
    expect(abnormal).toBeGreaterThan(0);
    expect(deregistered + abnormal).toBeLessThan(100);
    expect((await json('/inspectors?departmentId=lingling&limit=100')).total).toBe(40);
  });

  it('announces the three tasks publicly after their lists were locked (002 §19)', async () => {
    const announcements = await json('/public/announcements?departmentId=lingling');
    // the completed task, the one in progress, and the joint task with 零陵区农业农村局 (owned by 零陵区, so announced as its own)
    expect(announcements.announcements.map((a: { taskId: string }) => a.taskId).sort()).toEqual(
      [summary.completedTaskId, summary.openTaskId, summary.jointTaskId].sort(),
    );
    // the joint task's small class: 2 by count, no extra draws by grade
    expect(announcements.announcements.find((a: { taskId: string }) => a.taskId === summary.jointTaskId).targetCount).toBe(2);
    // 12 by the class's count, and one from each credit-risk grade drawn at the plan's ratios (002 §15)
    expect(announcements.announcements.find((a: { taskId: string }) => a.taskId === summary.completedTaskId).targetCount).toBe(16);
    const strata = (await json(`/draws/${summary.drawIds[0]}`)).strata as { stratumId: string; count: number }[];
    expect(strata.map((s) => [s.stratumId, s.count])).toEqual([
      ['all', 12],
      // the plan's 守信 ratio, which the class takes (000 §16); no target of the demo's pool is 守信
      ['all/trustworthy', 0],
      ['all/grade-A', 1],
      ['all/grade-B', 1],
      ['all/grade-C', 1],
      ['all/grade-D', 1],
    ]);
  });

  it('leaves draws that verify from the log alone, witnessed by a notary and a deputy (004 §2(3))', async () => {
    for (const drawId of summary.drawIds) {
      expect(await json(`/draws/${drawId}/verification`)).toMatchObject({ ok: true });
      const page = await get(`/gs/draws/${drawId}/verify`);
      expect(page.status).toBe(200);
    }
    const draw = await get(`/draws/${summary.drawIds[0]}`);
    expect(draw.body).toMatch(/公证员/);
    expect(draw.body).toMatch(/人大代表/);
  });

  it('publishes the results, the objected one corrected next to its original (002 §28–29)', async () => {
    const results = await json('/public/results?departmentId=lingling&limit=100');
    expect(results.total).toBe(summary.publishedResults);
    // the completed task's 14, and the joint task's 2 (both its targets inspected, reported and published once)
    expect(summary.publishedResults).toBe(16);
    const { taskId, targetId } = summary.objectedResult;
    const objected = await json(`/public/results/${taskId}/${targetId}`);
    expect(objected.original.conclusion).toBe('发现问题');
    expect(objected.corrections).toMatchObject([{ correctionNumber: 1, objectionNumber: 1 }]);
    expect(objected.current.conclusion).toBe('未发现问题');
    const corrected = await json(`/public/results/${summary.correctedResult.taskId}/${summary.correctedResult.targetId}`);
    expect(corrected.corrections).toMatchObject([{ objectionNumber: null, correctedResult: { handling: '责令十五日内改正' } }]);
    expect((await json('/public/corrections?departmentId=lingling')).total).toBe(2);
    const page = await get(`/gs/results/${taskId}/${targetId}`);
    expect(page.status).toBe(200);
  });

  it('keeps the inspections of the task in progress at different stages (002 §24–28)', async () => {
    const staff = await api.tokenFor('reader-1', 'staff', 'lingling');
    const list = await json(`/tasks/${summary.openTaskId}/inspections?limit=100`, staff);
    expect(new Set(list.inspections.map((i: { status: string }) => i.status)).size).toBeGreaterThanOrEqual(3);
  });

  it('inspects jointly with 零陵区农业农村局: one record names inspectors of both departments and carries its items (004 §2(4))', async () => {
    expect(lines.join('\n')).toMatch(/joint task: ll-\d{4}-joint-agri with 零陵区农业农村局 .* 2 results published/);
    const staff = await api.tokenFor('reader-1', 'staff', 'lingling');
    const agri = await api.tokenFor('reader-agri-1', 'staff', 'lingling-agri');
    const { taskId, targetId } = summary.jointRecord;
    expect(taskId).toBe(summary.jointTaskId);

    // the agriculture bureau's own checklist, reviewed by the justice bureau before it was published (004 §4(3))
    expect(await json('/departments/lingling-agri/checklist/versions')).toMatchObject({ currentVersion: 1, versions: [{ version: 1, itemCount: 2 }] });
    const task = await json(`/tasks/${taskId}`, staff);
    expect(task.jointDepartmentIds).toEqual(['lingling-agri']);
    expect(task.jointAcceptances).toMatchObject([{ jointDepartmentId: 'lingling-agri', items: [{ itemId: 'lla-ny-01' }, { itemId: 'lla-ny-02' }] }]);
    expect(task.lock.targets.map((t: { targetId: string }) => t.targetId)).toContain(targetId);

    const inspection = await json(`/tasks/${taskId}/inspections/${targetId}`, staff);
    expect(inspection.departmentId).toBe('lingling');
    // one form: the task's item, then the items the agriculture bureau accepted, each with a result
    expect(inspection.items.map((i: { itemId: string }) => i.itemId)).toEqual(['hn-zj-03', 'lla-ny-01', 'lla-ny-02']);
    expect(inspection.items.every((i: { result: string | null }) => i.result === 'compliant')).toBe(true);
    expect(inspection.status).toBe('fed-back');

    // inspectors of both departments on the one record, each of its own department's matched group
    const inspectorIds: string[] = inspection.onSite.inspectorIds;
    // the published inspector registry (000 §12) names each inspector's department
    const registry = await Promise.all(inspectorIds.map((id) => json(`/inspectors/${id}`)));
    const departments = registry.map((r: { department: { departmentId: string } }) => r.department.departmentId);
    expect([...new Set(departments)].sort()).toEqual(['lingling', 'lingling-agri']);
    expect(registry.map((r: { department: { name: string } }) => r.department.name)).toContain('零陵区农业农村局');
    const groupOf = async (departmentId: string, token: string) =>
      (await json(`/tasks/${taskId}/matchings/${departmentId}`, token)).groups
        .find((g: { targetId: string }) => g.targetId === targetId)
        .members.map((m: { inspectorId: string }) => m.inspectorId) as string[];
    const market = await groupOf('lingling', staff);
    const agriculture = await groupOf('lingling-agri', agri);
    expect(market.length).toBeGreaterThan(0);
    expect(agriculture.length).toBeGreaterThan(0);
    expect([...inspectorIds].sort()).toEqual([...market, ...agriculture].sort());
    for (const [i, id] of inspectorIds.entries()) expect([id, departments[i]]).toEqual([id, agriculture.includes(id) ? 'lingling-agri' : 'lingling']);

    // published once, the agriculture bureau's items named in it
    const published = await json(`/public/results/${taskId}/${targetId}`);
    expect(published.original.itemResults.map((i: { itemName: string }) => i.itemName)).toEqual(
      expect.arrayContaining(['农药经营许可及经营行为检查', '种子、肥料经营行为检查']),
    );
  });

  it('records inspections outside the random regime: three complaints and tip-offs about one target in its history, and a referral (000 §11, 002 §2, §15)', async () => {
    expect(lines.join('\n')).toMatch(
      /case inspections: 3 complaints and tip-offs about .* \(no quota used; not held to the twice-a-year quota this year, 002 §15\) and 1 referral/,
    );
    const oversight = await api.tokenFor('reader-oversight-1', 'oversight', 'hunan');
    const history = await json(`/history/targets/${summary.complaintTarget}?limit=200`, oversight);
    const cases = history.events.filter((e: { type: string }) => e.type === 'NonRandomInspectionRecorded');
    expect(cases.map((e: { data: { trigger: string } }) => e.data.trigger)).toEqual(['complaint', 'tip-off', 'complaint']);
  });

  it('does not open the annual summary before 1 January of the next year (000 §26)', async () => {
    expect((await get(`/public/departments/lingling/annual-summaries/${summary.today.slice(0, 4)}`)).status).toBe(404);
  });

  it('replays on a second run: nothing new is appended', async () => {
    const before = (await api.events.readAll()).length;
    const again = await runDemo(api.config, { url: api.url!, targets: 500, seed: 'e2e' });
    expect(again.drawIds).toEqual(summary.drawIds);
    expect((await api.events.readAll()).length).toBe(before);
  }, 60_000);
});
