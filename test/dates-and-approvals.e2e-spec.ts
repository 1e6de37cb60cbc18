/**
 * Issue 12 item 11, dates and approvals, through the HTTP API: the justice bureau reviews the
 * checklist before it is published (004 §4(3)); the task's 实施方案 is filed with the superior
 * before the task starts (004 §4(5)); the annual plan and the 实施方案 stand on the deadline
 * ladder as dated duties (000 §15, 004 §4(5); docs/deadlines.md).
 */
import { ApiHarness, startApi } from './support/api-harness';
import { ANNEX2_ITEMS } from './fixtures/checklist-000-annex2';
import { FOOD_TASK, StoryClient, TODAY, filePlan, publishPlan, registerOrganisation, setUpFoodTask } from './fixtures/double-draw-story';

describe('dates and approvals (issue 12 item 11)', () => {
  let api: ApiHarness;
  let c: StoryClient;
  let cityLegal: string;
  let otherLegal: string;
  const reviews = '/departments/lingling/checklist/draft/reviews';
  const publish = () => c.post('/departments/lingling/checklist/versions', { publishedOn: '2026-01-10' }, 'staff');
  const asLegal = (token: string, payload: unknown) =>
    api.app.inject({
      method: 'POST',
      url: reviews,
      payload: payload as object,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
  const duty = async (dutyId: string, asOf: string) =>
    ((await c.get(`/deadlines?departmentId=lingling&asOf=${asOf}&limit=500`, 'staff')).json().items as { dutyId: string; state: string; dueOn: string }[]).find(
      (d) => d.dutyId === dutyId,
    );

  beforeAll(async () => {
    api = await startApi();
    c = await new StoryClient(api).signIn();
    cityLegal = await api.tokenFor('sfj-yz-1', 'legal', 'yongzhou');
    otherLegal = await api.tokenFor('sfj-qy-1', 'legal', 'qiyang');
    await registerOrganisation(c);
    for (const item of ANNEX2_ITEMS) await c.created(c.post('/departments/lingling/checklist/draft/items', item, 'staff'));
  });
  afterAll(() => api.close());

  it('004 §4(3): refuses to publish a draft the justice bureau has not reviewed (409 naming review)', async () => {
    const refused = await c.appendsNothing(publish);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors).toEqual([{ field: 'review', reason: expect.stringMatching(/not been reviewed for legality/) }]);
  });

  it('004 §4(3): only the legal role of the department or a superior reviews it; a return needs reasons', async () => {
    expect((await c.post(reviews, { outcome: 'approved', reviewedOn: '2026-01-05' }, 'staff')).statusCode).toBe(403);
    expect((await asLegal(otherLegal, { outcome: 'approved', reviewedOn: '2026-01-05' })).statusCode).toBe(403);
    const noReasons = await asLegal(cityLegal, { outcome: 'returned', reviewedOn: '2026-01-05' });
    expect(noReasons.statusCode).toBe(400);
    expect(noReasons.json().errors.map((e: { field: string }) => e.field)).toEqual(['reasons']);
    expect((await asLegal(cityLegal, { outcome: 'maybe', reviewedOn: '2026-01-05' })).statusCode).toBe(400);
  });

  it('004 §4(3): the city justice bureau returns the draft; it is corrected, approved, and only then published', async () => {
    const returned = await asLegal(cityLegal, { outcome: 'returned', reasons: ['第1项依据需注明条款'], reviewedOn: '2026-01-05' });
    expect(returned.statusCode).toBe(201);
    expect(returned.json().events).toEqual(['ChecklistDraftReviewed']);
    expect((await publish()).json().errors[0]).toEqual({ field: 'review', reason: expect.stringMatching(/returned the draft/) });

    const { itemId, ...fields } = ANNEX2_ITEMS[0];
    const revised = await api.app.inject({
      method: 'PUT',
      url: `/departments/lingling/checklist/draft/items/${itemId}`,
      payload: { ...fields, legalBasis: `${fields.legalBasis}第十条` },
      headers: { 'content-type': 'application/json', ...c.headers('staff') },
    });
    expect(revised.statusCode).toBe(200);
    expect((await asLegal(cityLegal, { outcome: 'approved', reviewedOn: '2026-01-08' })).statusCode).toBe(201);
    expect((await c.get('/departments/lingling/checklist/draft', 'staff')).json()).toMatchObject({
      approvedForPublication: true,
      latestReview: { reviewNumber: 2, outcome: 'approved', reviewingUnit: 'yongzhou', reviewedOn: '2026-01-08' },
    });
    const published = await c.created(publish());
    expect(published.json().events).toEqual(['ChecklistVersionPublished']);
    const event = (await api.events.readAll()).filter((e) => e.type === 'ChecklistVersionPublished').pop()!;
    expect(event.data).toMatchObject({ checklistRules: 'dsr-checklist-2', review: { reviewNumber: 2, reviewedOn: '2026-01-08', reviewingUnit: 'yongzhou' } });
  });

  it('000 §15: the annual plan published by 31 March closes its dated duty on time', async () => {
    await filePlan(c);
    expect(await duty('annual-plan:lingling:2026', '2026-03-19')).toMatchObject({ dueOn: '2026-03-31', state: 'pending' });
    await publishPlan(c);
    expect(await duty('annual-plan:lingling:2026', '2026-04-01')).toMatchObject({ state: 'closed-on-time' });
  });

  it('004 §4(5): the task does not start until its 实施方案 is filed with the superior, due the day before its window opens', async () => {
    await setUpFoodTask(c);
    expect(await duty(`implementation-plan:${FOOD_TASK}`, TODAY)).toMatchObject({ dueOn: '2026-04-19', state: 'reminder' });
    expect(await duty(`implementation-plan:${FOOD_TASK}`, '2026-04-20')).toMatchObject({ state: 'overdue' });
    const toCounty = await c.post(`/tasks/${FOOD_TASK}/implementation-plan`, { summary: '每组2人；实地核查', filedTo: 'qiyang', filedOn: TODAY }, 'staff');
    expect(toCounty.json().errors).toEqual([{ field: 'filedTo', reason: expect.stringMatching(/filed with yongzhou/) }]);
    const filed = await c.created(
      c.post(
        `/tasks/${FOOD_TASK}/implementation-plan`,
        { summary: '每组2人；实地核查', filedTo: 'yongzhou', alsoFiledWith: '零陵区人民政府', filedOn: TODAY },
        'staff',
      ),
    );
    expect(filed.json().events).toEqual(['ImplementationPlanFiled']);
    expect(await duty(`implementation-plan:${FOOD_TASK}`, '2026-04-20')).toMatchObject({ state: 'closed-on-time' });
    expect((await c.get(`/tasks/${FOOD_TASK}`, 'staff')).json().implementationPlan).toMatchObject({ filedTo: 'yongzhou', dueOn: '2026-04-19' });
  });
});
