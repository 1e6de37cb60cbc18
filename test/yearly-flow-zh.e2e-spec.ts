/**
 * A county's year through the API as a clerk meets it (issue 13, "Done when"): departments,
 * checklist, registry, inspectors, plan, task, the double draw, matching, inspection, report,
 * publication and an objection — with the mistakes clerks make on the way. No language is sent, as
 * a clerk's tools send none: every refusal must come back in Chinese, in the one problem-details
 * shape, naming the field at fault where there is one.
 */
import { FOOD_ITEMS, FOOD_TASK, StoryClient, TODAY, drawLockAndMatch, foodTask, type Response } from './fixtures/double-draw-story';
import { ApiHarness, startApi } from './support/api-harness';

const HAN = /[\u4e00-\u9fff]/;
const clock = { at: new Date(`${TODAY}T02:00:00Z`), now: () => clock.at };

describe('a county’s year in Chinese: every refusal on the way is Chinese and names its field', () => {
  let api: ApiHarness;
  let story: StoryClient;
  /** Every refusal the year met, with what was sent. */
  const refusals: { request: string; response: Response }[] = [];

  beforeAll(async () => {
    api = await startApi({}, { clock, acceptLanguage: null });
    story = await new StoryClient(api).signIn();
    // every request of the story goes through these two: keep the refusals
    const post = story.post.bind(story);
    const get = story.get.bind(story);
    story.post = async (url, payload, who) => {
      const response = await post(url, payload, who);
      if (response.statusCode >= 400) refusals.push({ request: `POST ${url} as ${who}`, response });
      return response;
    };
    story.get = async (url, who) => {
      const response = await get(url, who);
      if (response.statusCode >= 400) refusals.push({ request: `GET ${url}`, response });
      return response;
    };
  });
  afterAll(() => api.close());

  it('runs the year to matched inspectors, with the mistakes of a first year refused on the way', async () => {
    const { selected } = await drawLockAndMatch(story);
    expect(selected.length).toBeGreaterThan(0);
    // the same department registered twice; a checklist item with its cap as text and no name; the same task again
    await story.post('/departments', { departmentId: 'hunan', name: '湖南省市场监督管理局', level: 'province', areaCode: '430000' }, 'admin');
    await story.post('/departments/lingling/checklist/draft/items', { itemId: 'x-1', name: '', ratioCap: '3' }, 'staff');
    await story.post('/tasks', foodTask(), 'staff');
    // a witness value typed in by the staff member who froze the pool, on a draw that is already confirmed
    await story.post(`/draws/${FOOD_TASK}-d1/entropy`, { kind: 'witness', label: '公证员 张某', value: '1 2 3' }, 'staff');
  });

  it('inspects and reports — refusing a report before the visit and a publication before the task is complete', async () => {
    const target = ((await story.get(`/tasks/${FOOD_TASK}`, 'staff')).json().lock.targets as { targetId: string }[])[0].targetId;
    const record = `/tasks/${FOOD_TASK}/inspections/${target}`;
    await story.created(story.post(`/tasks/${FOOD_TASK}/inspections`, { targetId: target, departmentId: 'lingling', openedOn: TODAY }, 'staff'));
    // reporting before anyone went on site, with the date in the wrong form
    await story.post(
      `${record}/report`,
      { reportedOn: '15/04/2026', content: '', findings: '', evaluation: '', handlingOpinion: '', foundProblems: 'no' },
      'staff',
    );
    const group = (
      (await story.get(`/tasks/${FOOD_TASK}/matchings/lingling`, 'staff')).json().groups as { targetId: string; members: { inspectorId: string }[] }[]
    ).find((g) => g.targetId === target)!;
    await story.created(
      story.post(
        `${record}/on-site`,
        {
          inspectorIds: group.members.map((m) => m.inspectorId),
          credentialsShown: true,
          noticeDelivered: true,
          acknowledgement: { kind: 'signed', signedBy: '店长 周某' },
          methods: ['on-site'],
          startedOn: TODAY,
          endedOn: TODAY,
          evidence: [],
        },
        'staff',
      ),
    );
    for (const itemId of FOOD_ITEMS) await story.created(story.post(`${record}/items/${itemId}/result`, { result: 'compliant', recordedOn: TODAY }, 'staff'));
    const report = {
      reportedOn: TODAY,
      content: '检查认证标志使用情况',
      findings: '未发现问题',
      evaluation: '未发现问题',
      handlingOpinion: '无需处理',
      foundProblems: false,
    };
    await story.created(story.post(`${record}/report`, report, 'staff'));
    await story.created(story.post(`${record}/feedback`, { channel: 'direct', deliveredOn: TODAY }, 'staff'));
    await story.created(story.post(`${record}/entry`, { enteredOn: TODAY }, 'staff'));
    // publishing before the task is complete
    await story.post(`/results/${FOOD_TASK}/${target}/publish`, {}, 'staff');
    expect(refusals.length).toBeGreaterThanOrEqual(6);
  });

  it('completes the task, publishes, and takes an objection through its review — refusing a second publication, an objection without grounds and a review without reasoning', async () => {
    const before = refusals.length;
    const [reported, ...others] = ((await story.get(`/tasks/${FOOD_TASK}`, 'staff')).json().lock.targets as { targetId: string }[]).map((t) => t.targetId);
    // the other drawn targets could not be found at their registered address (002 §30)
    for (const targetId of others) {
      await story.created(story.post(`/tasks/${FOOD_TASK}/inspections`, { targetId, departmentId: 'lingling', openedOn: TODAY }, 'staff'));
      await story.created(
        story.post(
          `/tasks/${FOOD_TASK}/inspections/${targetId}/unreachable`,
          { reason: 'not-at-registered-address', recordedOn: TODAY, evidence: [] },
          'staff',
        ),
      );
    }
    await story.created(story.post(`/tasks/${FOOD_TASK}/complete`, {}, 'staff'));
    for (const targetId of [reported, ...others]) await story.created(story.post(`/results/${FOOD_TASK}/${targetId}/publish`, {}, 'staff'));
    const result = `/results/${FOOD_TASK}/${reported}`;
    // publishing the same result again (002 §29: 一经公示不得擅自更改)
    await story.post(`${result}/publish`, {}, 'staff');
    // an objection entered without its grounds, then with them (002 §29)
    await story.post(`${result}/objections`, { receivedOn: TODAY, grounds: '', objector: '异议人 赵某某' }, 'staff');
    await story.created(
      story.post(`${result}/objections`, { receivedOn: TODAY, grounds: '检查时店长不在场，检查结论有误', objector: '异议人 赵某某' }, 'staff'),
    );
    // a review that gives no reasoning, then one that does; the objector is told the outcome
    await story.post(`${result}/objections/1/review`, { upheld: 'no', reasoning: '' }, 'head');
    await story.created(story.post(`${result}/objections/1/review`, { upheld: false, reasoning: '经复查，检查结果无误' }, 'head'));
    await story.created(story.post(`${result}/objections/1/feedback`, { channel: 'post' }, 'staff'));
    // exactly the three mistakes were refused; everything else went through
    expect(refusals.slice(before).map((r) => `${r.request} → ${r.response.statusCode}`)).toEqual([
      `POST ${result}/publish as staff → 409`,
      `POST ${result}/objections as staff → 400`,
      `POST ${result}/objections/1/review as head → 400`,
    ]);
  });

  it('answered every refusal in Chinese, in one problem-details shape, naming the field when the request had one wrong', () => {
    const problems = refusals.map(({ request, response }) => ({
      request,
      status: response.statusCode,
      type: response.headers['content-type'],
      body: response.json(),
    }));
    for (const problem of problems) {
      const where = `${problem.request} → ${problem.status} ${JSON.stringify(problem.body)}`;
      expect({ where, type: problem.type }).toEqual({ where, type: expect.stringMatching(/^application\/problem\+json/) });
      expect({ where, detail: HAN.test(problem.body.detail) }).toEqual({ where, detail: true });
      expect({ where, title: typeof problem.body.title, status: problem.body.status }).toEqual({ where, title: 'string', status: problem.status });
      // a bad request and a refused change name what was wrong; each reason in Chinese, none twice
      if (problem.status === 400 || problem.status === 409) {
        const errors = (problem.body.errors ?? []) as { field: string; reason: string }[];
        expect({ where, named: errors.length > 0 }).toEqual({ where, named: true });
        for (const error of errors) expect({ where, error, chinese: HAN.test(error.reason) }).toEqual({ where, error, chinese: true });
        expect(new Set(errors.map((e) => `${e.field} ${e.reason}`)).size).toBe(errors.length);
      }
    }
  });
});
