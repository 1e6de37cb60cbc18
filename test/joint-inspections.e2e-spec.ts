/**
 * Joint cross-department inspections (issue 12 item 9; 004 §2(4), §4(4)–(5); 001 §1(5); 002 §3),
 * through the HTTP API: 零陵区市场监督管理局 invites 零陵区农业农村局 — another sector under the same
 * county government, with its own checklist and inspectors — to a joint task. The invited
 * department accepts for items of its own checklist; the one list is drawn once, after it has;
 * each department matches its own inspectors; one visit puts both departments' inspectors on one
 * record covering every department's items; the result is published once.
 */
import {
  FOOD_ITEMS,
  Group,
  StoryClient,
  TODAY,
  filePlan,
  importTargets,
  inspector,
  publishChecklist,
  publishPlan,
  registerInspectors,
  registerOrganisation,
} from './fixtures/double-draw-story';
import { ANNEX2_ITEMS } from './fixtures/checklist-000-annex2';
import { ApiHarness, startApi } from './support/api-harness';

const TASK = 'll-2026-joint';
const DRAW = `${TASK}-d1`;
const AGRI = 'lingling-agri';
const AGRI_ITEM = 'ny-nyjy-01';

/** A clock the test moves: dates in China are UTC+8. */
const clock = { at: new Date(`${TODAY}T02:00:00Z`), now: () => clock.at };
const setToday = (date: string) => (clock.at = new Date(`${date}T02:00:00Z`));

describe('joint cross-department inspections (004 §2(4))', () => {
  let api: ApiHarness;
  let story: StoryClient;
  let agri = '';
  let agriHead = '';
  let target = '';
  const groups: Record<string, Group> = {};

  const send = (url: string, payload: unknown, token: string) =>
    api.app.inject({ method: 'POST', url, payload: payload as object, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
  const created = async (response: ReturnType<typeof send>) => story.created(response);
  const record = `/tasks/${TASK}/inspections`;

  beforeAll(async () => {
    api = await startApi({ LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' }, { clock });
    story = await new StoryClient(api).signIn();
    agri = await api.tokenFor('staff-agri-1', 'staff', AGRI);
    agriHead = await api.tokenFor('head-agri-1', 'unit-head', AGRI);
    await registerOrganisation(story);
    // another sector of the same county government: its own city bureau above it, the county's area code
    await story.created(story.post('/departments', { departmentId: 'yongzhou-agri', name: '永州市农业农村局', level: 'city', parentId: 'hunan', areaCode: '431100' }, 'admin'));
    await story.created(story.post('/departments', { departmentId: AGRI, name: '零陵区农业农村局', level: 'county', parentId: 'yongzhou-agri', areaCode: '431102' }, 'admin'));
    await publishChecklist(story);
    // its own checklist (004 §4(3)), reviewed and published
    const agriItem = { ...ANNEX2_ITEMS[0], itemId: AGRI_ITEM, name: '农药经营许可及经营行为检查', legalBasis: '《农药管理条例》', inspectingBody: '零陵区农业农村局', targetType: '农药经营者' };
    await created(send(`/departments/${AGRI}/checklist/draft/items`, agriItem, agri));
    await story.created(story.post(`/departments/${AGRI}/checklist/draft/reviews`, { outcome: 'approved', reviewedOn: '2026-01-08' }, 'admin'));
    await created(send(`/departments/${AGRI}/checklist/versions`, { publishedOn: '2026-01-10' }, agri));
    expect((await importTargets(story)).statusCode).toBe(201);
    await registerInspectors(story);
    for (const [n, id] of ['agri-1', 'agri-2', 'agri-3'].entries()) {
      await created(send('/inspectors', inspector(id, 40 + n, { departmentId: AGRI, name: `农业执法员${n + 1}` }), agri));
    }
    await filePlan(story);
    await publishPlan(story);
  });
  afterAll(() => api.close());

  it('004 §2(4): refuses a joint department of another government (another area), then sets up the joint task with the county’s agriculture bureau', async () => {
    const task = (jointDepartmentIds: string[]) => ({
      taskId: TASK,
      planId: 'lingling-2026',
      year: 2026,
      title: '2026年零陵区农资市场跨部门联合抽查',
      businessUnitId: 'lingling-food',
      itemIds: FOOD_ITEMS,
      window: { from: '2026-04-20', to: '2026-06-30' },
      jointDepartmentIds,
      classes: [{ classId: 'all', label: '农资经营主体', count: 2, gradeRatios: [] }],
      setUpOn: TODAY,
    });
    const qiyang = await story.appendsNothing(() => story.post('/tasks', task(['qiyang']), 'staff'));
    expect(qiyang.statusCode).toBe(400);
    expect(qiyang.json().errors[0]).toMatchObject({ field: 'jointDepartmentIds.0', reason: expect.stringMatching(/one government/) });
    await story.created(story.post('/tasks', task([AGRI]), 'staff'));
  });

  it('004 §2(4): the one list is not drawn before the invited department has accepted', async () => {
    const early = await story.appendsNothing(() => story.post(`/tasks/${TASK}/draws`, {}, 'staff'));
    expect(early.statusCode).toBe(409);
    expect(early.json().errors[0]).toMatchObject({ field: 'jointDepartmentIds', reason: expect.stringMatching(/lingling-agri has not accepted it yet/) });
  });

  it('004 §2(4), §4(3): the invited department accepts for items of its own checklist — not another department, not twice', async () => {
    const acceptance = { departmentId: AGRI, itemIds: [AGRI_ITEM], acceptedOn: TODAY };
    expect((await story.appendsNothing(() => story.post(`/tasks/${TASK}/joint-acceptances`, acceptance, 'qiyang'))).statusCode).toBe(403);
    const notItsOwn = await story.appendsNothing(() => send(`/tasks/${TASK}/joint-acceptances`, { ...acceptance, itemIds: ['hn-zj-01'] }, agri));
    expect(notItsOwn.statusCode).toBe(400);
    expect(notItsOwn.json().errors[0].field).toBe('itemIds.0');

    expect((await created(send(`/tasks/${TASK}/joint-acceptances`, acceptance, agriHead))).json().events).toEqual(['JointTaskAccepted']);
    expect((await story.appendsNothing(() => send(`/tasks/${TASK}/joint-acceptances`, acceptance, agri))).statusCode).toBe(409);
    const view = (await story.get(`/tasks/${TASK}`, 'staff')).json();
    expect(view.jointAcceptances).toEqual([
      { jointDepartmentId: AGRI, items: [{ itemId: AGRI_ITEM, checklistVersion: 1, category: 'general' }], acceptedOn: TODAY },
    ]);
  });

  it('draws the one list once, locks it, and dispatches the whole list to both departments', async () => {
    await story.created(story.post(`/tasks/${TASK}/draws`, {}, 'staff'));
    await story.created(story.post(`/draws/${DRAW}/entropy`, { kind: 'witness', label: '公证员 张某', value: '2 0 2 6 0 4' }, 'notary'));
    await story.created(story.post(`/draws/${DRAW}/execute`, {}, 'staff'));
    await story.created(story.post(`/draws/${DRAW}/confirm`, {}, 'staff'));
    await story.created(
      story.post(`/tasks/${TASK}/implementation-plan`, { summary: '联合抽查：市场监管与农业农村部门同时入户，一次检查，结果一次公示', filedTo: 'yongzhou', filedOn: TODAY }, 'staff'),
    );
    await story.created(story.post(`/tasks/${TASK}/lock`, { drawId: DRAW, lockedOn: TODAY }, 'staff'));
    const view = (await story.get(`/tasks/${TASK}`, 'staff')).json();
    const drawn = view.lock.targets.map((t: { targetId: string }) => t.targetId).sort();
    expect(drawn).toHaveLength(2);
    expect(view.dispatches.map((d: { executingDepartmentId: string; targetIds: string[] }) => [d.executingDepartmentId, [...d.targetIds].sort()])).toEqual([
      ['lingling', drawn],
      [AGRI, drawn],
    ]);
    target = drawn[0];
  });

  it('each department matches its own inspectors to the one list — the invited one for its own items', async () => {
    const match = async (departmentId: string, token: string) => {
      const url = `/tasks/${TASK}/matchings/${departmentId}`;
      await created(send(`/tasks/${TASK}/matchings`, { departmentId }, token));
      await created(send(`${url}/entropy`, { label: '公证员 张某', value: `${departmentId} 1 6 1 8` }, token));
      await created(send(`${url}/assign`, {}, token));
      const matching = (await api.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })).json();
      groups[departmentId] = (matching.groups as Group[]).find((g) => g.targetId === target)!;
    };
    await match('lingling', story.token.staff);
    await match(AGRI, agri);
    expect(groups.lingling.members.every((m) => !m.inspectorId.startsWith('agri-'))).toBe(true);
    expect(groups[AGRI].members.every((m) => m.inspectorId.startsWith('agri-'))).toBe(true);
  });

  it('004 §2(4): one visit, one record — refused without the invited department’s inspectors, recorded with both, every department’s items on the one form', async () => {
    setToday('2026-04-21');
    const opened = await created(story.post(record, { targetId: target, departmentId: 'lingling', openedOn: '2026-04-21' }, 'staff'));
    expect(opened.json().events).toEqual(['InspectionOpened']);
    const visit = (inspectorIds: string[]) => ({
      inspectorIds,
      credentialsShown: true,
      noticeDelivered: true,
      acknowledgement: { kind: 'signed', signedBy: '店长 周某' },
      methods: ['on-site'],
      startedOn: '2026-04-21',
      endedOn: '2026-04-21',
      evidence: [],
    });
    const marketOnly = groups.lingling.members.map((m) => m.inspectorId);
    const alone = await story.appendsNothing(() => story.post(`${record}/${target}/on-site`, visit(marketOnly), 'staff'));
    expect(alone.statusCode).toBe(400);
    expect(alone.json().errors[0].reason).toMatch(/no inspector of lingling-agri is on the record/);

    const together = [...marketOnly, ...groups[AGRI].members.map((m) => m.inspectorId)];
    await created(story.post(`${record}/${target}/on-site`, visit(together), 'staff'));
    const inspection = (await story.get(`${record}/${target}`, 'staff')).json();
    expect(inspection.items.map((i: { itemId: string }) => i.itemId)).toEqual([...FOOD_ITEMS, AGRI_ITEM]);
    expect([...inspection.onSite.inspectorIds].sort()).toEqual([...together].sort());
  });

  it('the result covers every department’s items and is published once', async () => {
    for (const itemId of [...FOOD_ITEMS, AGRI_ITEM]) {
      await created(story.post(`${record}/${target}/items/${itemId}/result`, { result: 'compliant', recordedOn: '2026-04-21' }, 'staff'));
    }
    const report = {
      reportedOn: '2026-04-22',
      content: '市场监管与农业农村部门联合检查农资经营情况',
      findings: '未发现问题',
      evaluation: '未发现问题',
      handlingOpinion: '无需处理',
      foundProblems: false,
    };
    await created(story.post(`${record}/${target}/report`, report, 'staff'));
    // the other drawn target could not be found at its registered address (002 §30)
    const other = (await story.get(`/tasks/${TASK}`, 'staff')).json().lock.targets.find((t: { targetId: string }) => t.targetId !== target).targetId;
    await created(story.post(record, { targetId: other, departmentId: 'lingling', openedOn: '2026-04-21' }, 'staff'));
    await created(story.post(`${record}/${other}/unreachable`, { reason: 'not-at-registered-address', recordedOn: '2026-04-21', evidence: [] }, 'staff'));
    setToday('2026-04-23');
    await created(story.post(`/tasks/${TASK}/complete`, {}, 'staff'));
    await created(story.post(`/results/${TASK}/${target}/publish`, {}, 'staff'));
    expect([403, 409]).toContain((await story.appendsNothing(() => send(`/results/${TASK}/${target}/publish`, {}, agri))).statusCode);
    const published = (await story.get(`/public/results/${TASK}/${target}`)).json();
    expect(published.original.itemResults.map((i: { itemName: string }) => i.itemName)).toContain('农药经营许可及经营行为检查');
  });
});
