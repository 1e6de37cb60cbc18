/**
 * Credit-risk grades drive the draw (issue 12 item 8; 002 §15, 003 §2(4), 000 §16), through the
 * HTTP API: the plan gives ratios per 信用风险分类 grade; a task set up under it draws each grade as a
 * stratum of its own at the plan's ratio; a task may name its own grade ratios, within the cap, or
 * filter on grades; the draw re-runs from the log; the statistics count the registry and the drawn
 * targets per grade.
 */
import { idOf, plannedCounty, plannedTask, poolHashOf, StoryClient, TODAY } from './fixtures/double-draw-story';
import { ApiHarness, startApi } from './support/api-harness';

type Stratum = { stratumId: string; classId: string; poolHash: string; poolSize: number; count: number };

describe('credit-risk grades drive the draw (002 §15, 003 §2(4))', () => {
  let api: ApiHarness;
  let story: StoryClient;
  const GRADED_D = Array.from({ length: 20 }, (_, k) => idOf(10 + k));
  const GRADED_A = Array.from({ length: 10 }, (_, k) => idOf(30 + k));
  const ALL = Array.from({ length: 150 }, (_, n) => idOf(n));
  const task = (taskId: string, classes: object[]) => plannedTask(taskId, classes, `2026年零陵区按信用风险分类抽查 ${taskId}`);
  const strataOf = async (drawId: string) => (await story.get(`/draws/${drawId}`)).json().strata as Stratum[];

  beforeAll(async () => {
    api = await startApi({}, { clock: { now: () => new Date(`${TODAY}T02:00:00Z`) } });
    story = await new StoryClient(api).signIn();
    // the plan draws grade A at 1% and grade D at 3% for general items (test/fixtures/plans.ts)
    await plannedCounty(story);
    const grade = (targetId: string, grade: string) =>
      story.created(
        story.post(
          `/targets/${targetId}/status-changes`,
          { change: 'credit-grade', grade, effectiveDate: '2026-02-01', source: '企业信用风险分类管理系统' },
          'staff',
        ),
      );
    for (const id of GRADED_D) await grade(id, 'D');
    for (const id of GRADED_A) await grade(id, 'A');
  });
  afterAll(() => api.close());

  it("002 §15, 000 §16: a task set up under the plan takes the plan's per-grade ratios and its 守信 ratio, and its draw has one stratum per grade", async () => {
    await story.created(story.post('/tasks', task('ll-2026-graded', [{ classId: 'all', label: '全部市场主体', ratio: 3 }]), 'staff'));
    const view = (await story.get('/tasks/ll-2026-graded', 'staff')).json();
    expect(view.classes[0].gradeRatios).toEqual([
      { grade: 'A', ratio: 1 },
      { grade: 'D', ratio: 3 },
    ]);
    // the plan draws 守信 targets at 1 % for every item of the task (test/fixtures/plans.ts); the class named none
    expect(view.classes[0].trustworthyRatio).toBe(1);

    await story.created(story.post('/tasks/ll-2026-graded/draws', {}, 'staff'));
    const strata = await strataOf('ll-2026-graded-d1');
    const ungraded = ALL.filter((id) => !GRADED_D.includes(id) && !GRADED_A.includes(id)).sort();
    expect(strata.map((s) => [s.stratumId, s.poolSize, s.count])).toEqual([
      ['all', 120, 4], // 3% of 120, rounded up
      ['all/trustworthy', 0, 0], // no target of this story is marked 守信
      ['all/grade-A', 10, 1],
      ['all/grade-D', 20, 1],
    ]);
    expect(strata[0].poolHash).toBe(poolHashOf(ungraded));
    expect(strata[3].poolHash).toBe(poolHashOf([...GRADED_D].sort()));
  });

  it('002 §9, §14–15: a task draws a grade no harder than the cap of its general items and the plan’s ratio for the grade, nor a worse grade less than a better one', async () => {
    const over = await story.appendsNothing(() =>
      story.post('/tasks', task('ll-2026-over', [{ classId: 'all', label: '全部', ratio: 3, gradeRatios: [{ grade: 'D', ratio: 40 }] }]), 'staff'),
    );
    expect(over.statusCode).toBe(400);
    expect(over.json().errors).toEqual([{ field: 'classes.0.gradeRatios.0.ratio', reason: expect.stringMatching(/above the cap of 35%/) }]);

    // within the cap, above the 3 % the plan sets for grade D
    const overPlan = await story.appendsNothing(() =>
      story.post('/tasks', task('ll-2026-over-plan', [{ classId: 'all', label: '全部', ratio: 3, gradeRatios: [{ grade: 'D', ratio: 10 }] }]), 'staff'),
    );
    expect(overPlan.statusCode).toBe(400);
    expect(overPlan.json().errors).toEqual([
      {
        field: 'classes.0.gradeRatios.0.ratio',
        reason: expect.stringMatching(/grade D at 10%, above the ratio of 3% the plan sets for grade D of general item hn-zj-01/),
      },
    ]);

    const inverted = await story.appendsNothing(() =>
      story.post(
        '/tasks',
        task('ll-2026-inverted', [
          {
            classId: 'all',
            label: '全部',
            ratio: 3,
            gradeRatios: [
              { grade: 'C', ratio: 3 },
              { grade: 'D', ratio: 2 },
            ],
          },
        ]),
        'staff',
      ),
    );
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json().errors[0].field).toBe('classes.0.gradeRatios');

    const unknown = await story.appendsNothing(() =>
      story.post('/tasks', task('ll-2026-e', [{ classId: 'all', label: '全部', ratio: 3, gradeRatios: [{ grade: 'E', ratio: 5 }] }]), 'staff'),
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors.map((e: { field: string }) => e.field)).toEqual(['classes.0.gradeRatios.0.grade']);
  });

  it('000 §20, 002 §15: a directional class filtering on grade D, deployed as a special campaign, draws from the D-graded targets only, at its own ratio beyond the plan’s', async () => {
    // without the campaign the plan's 3 % for grade D binds it (002 §14)
    const planned = await story.appendsNothing(() =>
      story.post(
        '/tasks',
        task('ll-2026-risky-planned', [
          {
            classId: 'risky',
            label: '高风险市场主体',
            filter: { subjectTypes: [], scales: [], industries: [], areaCodes: [], creditGrades: ['D'] },
            ratio: 30,
            trustworthyRatio: null,
            gradeRatios: [],
          },
        ]),
        'staff',
      ),
    );
    expect(planned.statusCode).toBe(400);
    expect(planned.json().errors).toEqual([{ field: 'classes.0.ratio', reason: expect.stringMatching(/draws 30%, above the ratio of 3% the plan sets/) }]);

    await story.created(
      story.post(
        '/tasks',
        {
          ...task('ll-2026-risky', [
            {
              classId: 'risky',
              label: '高风险市场主体',
              filter: { subjectTypes: [], scales: [], industries: [], areaCodes: [], creditGrades: ['D'] },
              ratio: 30,
              trustworthyRatio: null,
              gradeRatios: [],
            },
          ]),
          specialCampaign: true,
        },
        'staff',
      ),
    );
    await story.created(story.post('/tasks/ll-2026-risky/draws', {}, 'staff'));
    expect((await strataOf('ll-2026-risky-d1')).map((s) => [s.stratumId, s.poolSize, s.count, s.poolHash])).toEqual([
      ['risky', 20, 6, poolHashOf([...GRADED_D].sort())],
    ]);
  });

  it('the graded draw is witnessed, executed, re-run from the log, and the statistics count coverage per grade', async () => {
    const drawId = 'll-2026-graded-d1';
    await story.created(story.post(`/draws/${drawId}/entropy`, { kind: 'witness', label: '公证员 张某', value: '1 6 1 8' }, 'notary'));
    await story.created(story.post(`/draws/${drawId}/execute`, {}, 'staff'));
    await story.created(story.post(`/draws/${drawId}/confirm`, {}, 'staff'));
    const drawn = (await story.get(`/draws/${drawId}`)).json().drawn as { stratumId: string; selected: string[] }[];
    expect(drawn.map((d) => [d.stratumId, d.selected.length])).toEqual([
      ['all', 4],
      ['all/trustworthy', 0],
      ['all/grade-A', 1],
      ['all/grade-D', 1],
    ]);
    expect(GRADED_D).toContain(drawn[3].selected[0]);
    expect((await story.get(`/draws/${drawId}/verification`)).json().ok).toBe(true);

    await story.created(
      story.post(
        '/tasks/ll-2026-graded/implementation-plan',
        { summary: '按信用风险分类分层抽取；实地核查；结果20个工作日内公示', filedTo: 'yongzhou', filedOn: TODAY },
        'staff',
      ),
    );
    await story.created(story.post('/tasks/ll-2026-graded/lock', { drawId, lockedOn: TODAY }, 'staff'));
    const statistics = (await story.get('/statistics/departments/lingling?year=2026', 'staff')).json();
    expect(statistics.byGrade).toEqual({
      A: { size: 10, inspected: 1, share: 10 },
      B: { size: 0, inspected: 0, share: null },
      C: { size: 0, inspected: 0, share: null },
      D: { size: 20, inspected: 1, share: 5 },
      ungraded: { size: 120, inspected: 4, share: 3.3 },
    });

    // the public draw page names each stratum's part in words
    const page = await story.get(`/gs/draws/${drawId}`);
    expect(page.body).toContain('信用风险 D 类对象（按该类比例抽取）');
  });
  it('002 §14: the plan draws for an item as often as it says (抽查频次, once here): a second task of the plan for the same general items is refused at its draw, appending nothing; a campaign is not counted (002 §15)', async () => {
    await story.created(story.post('/tasks', task('ll-2026-second', [{ classId: 'all', label: '全部市场主体', ratio: 3 }]), 'staff'));
    await story.created(story.post('/tasks/ll-2026-second/draws', {}, 'staff'));
    await story.created(story.post('/draws/ll-2026-second-d1/entropy', { kind: 'witness', label: '公证员 张某', value: '2 7 1 8' }, 'notary'));
    const refused = await story.appendsNothing(() => story.post('/draws/ll-2026-second-d1/execute', {}, 'staff'));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/the plan draws for item hn-zj-01 1 time in 2026 \(抽查频次, 002 §14\) and task ll-2026-graded already drew for it/);

    // the campaign deployed apart (ll-2026-risky, frozen above) is outside the ratio and frequency limits
    await story.created(story.post('/draws/ll-2026-risky-d1/entropy', { kind: 'witness', label: '公证员 张某', value: '3 1 4 1' }, 'notary'));
    await story.created(story.post('/draws/ll-2026-risky-d1/execute', {}, 'staff'));
  });
});
