/**
 * Targets with many complaints are drawn at a higher ratio (issue 12 item 10; 002 §15:
 * 对投诉举报多 … 的市场主体 … 可提高抽查比例和频次), through the HTTP API: complaint-triggered
 * inspections are recorded, a task gives a class a higher ratio for such targets, and its draw has a
 * stratum of its own for them, outside the checklist's cap, named on the public draw page.
 */
import { idOf, plannedCounty, plannedTask, StoryClient, TODAY } from './fixtures/double-draw-story';
import { ApiHarness, startApi } from './support/api-harness';

type Stratum = { stratumId: string; classId: string; poolSize: number; count: number };

describe('targets with many complaints are drawn at a higher ratio (002 §15)', () => {
  let api: ApiHarness;
  let story: StoryClient;
  const OFTEN_COMPLAINED = [idOf(20), idOf(21)];
  const task = (taskId: string, complaintsRatio: number) => plannedTask(taskId, [{ classId: 'all', label: '全部市场主体', ratio: 3, complaintsRatio }]);

  beforeAll(async () => {
    api = await startApi({}, { clock: { now: () => new Date(`${TODAY}T02:00:00Z`) } });
    story = await new StoryClient(api).signIn();
    await plannedCounty(story);
    // three complaint-prompted inspections of each this year: "many complaints" (MANY_COMPLAINTS)
    for (const [k, targetId] of OFTEN_COMPLAINED.entries())
      for (let n = 1; n <= 3; n++)
        await story.created(
          story.post(
            '/departments/lingling/case-inspections',
            {
              inspectionId: `ll-2026-case-${k}-${n}`,
              targetId,
              trigger: n === 2 ? 'tip-off' : 'complaint',
              source: `12315 工单 2026031500${n}`,
              inspectedOn: `2026-03-1${n}`,
              findings: '现场核查投诉所涉问题',
              foundProblems: false,
            },
            'staff',
          ),
        );
  });
  afterAll(() => api.close());

  it('draws them as a stratum of their own at the class’s higher ratio, above the checklist’s cap, and names it on the public draw page', async () => {
    await story.created(story.post('/tasks', task('ll-2026-complaints', 100), 'staff'));
    expect((await story.get('/tasks/ll-2026-complaints', 'staff')).json().classes[0]).toMatchObject({ ratio: 3, complaintsRatio: 100 });

    await story.created(story.post('/tasks/ll-2026-complaints/draws', {}, 'staff'));
    const strata = (await story.get('/draws/ll-2026-complaints-d1')).json().strata as Stratum[];
    const complaints = strata.find((s) => s.stratumId === 'all/complaints');
    // all of the two — where the checklist's cap of 3 % would allow one of two (rounded up)
    expect(complaints).toMatchObject({ classId: 'all', poolSize: 2, count: 2 });
    const main = strata.find((s) => s.stratumId === 'all')!;
    expect(strata.reduce((sum, s) => sum + s.poolSize, 0)).toBeGreaterThan(main.poolSize);

    const page = await story.get('/gs/draws/ll-2026-complaints-d1');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('投诉举报多的对象');
  });

  it('refuses a ratio for many complaints that is not above the class’s ratio: 400 naming the field, nothing appended', async () => {
    const refused = await story.appendsNothing(() => story.post('/tasks', task('ll-2026-lower', 2), 'staff'));
    expect(refused.statusCode).toBe(400);
    const problem = refused.json();
    expect(JSON.stringify(problem)).toContain('classes.0.complaintsRatio');
    expect(JSON.stringify(problem)).toContain('must be above its ratio of 3%');
  });
});
