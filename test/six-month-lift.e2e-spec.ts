/**
 * The six-month rule holds "in principle" (001 §2(2)1: 原则上六个月内不再抽查), so lifting it takes a
 * recorded reason (issue 12), through the HTTP API: a freeze names the targets and the reason, the
 * draw takes them, the log and the public draw page keep the reason, verification re-runs the draw
 * with the same lift, and a lift the rule does not call for is refused.
 */
import { proposed } from '@app/event-store/event-store.contract';
import { idOf, plannedCounty, plannedTask, StoryClient, TODAY } from './fixtures/double-draw-story';
import { ApiHarness, startApi } from './support/api-harness';

type Stratum = { stratumId: string; poolSize: number; excludedCount: number };
type Exclusion = { stratumId: string; targetId: string; reason: string };

describe('lifting the six-month rule with a recorded reason (001 §2(2)1)', () => {
  let api: ApiHarness;
  let story: StoryClient;
  const CHECKED_BY_CITY = idOf(40);
  const REASON = '市局检查后接到多起投诉举报，需再次核查';
  const task = (taskId: string) => plannedTask(taskId, [{ classId: 'all', label: '全部市场主体', ratio: 3 }]);
  const strataOf = async (drawId: string) => (await story.get(`/draws/${drawId}`)).json().strata as Stratum[];

  beforeAll(async () => {
    api = await startApi({}, { clock: { now: () => new Date(`${TODAY}T02:00:00Z`) } });
    story = await new StoryClient(api).signIn();
    await plannedCounty(story);
    // the city bureau, lingling's superior, inspected the target six weeks ago and found nothing
    await api.events.append(
      'inspection-yongzhou-2026-01-' + CHECKED_BY_CITY,
      proposed('InspectionReported', {
        targetId: CHECKED_BY_CITY,
        departmentId: 'yongzhou',
        taskId: 'yongzhou-2026-01',
        reportedOn: '2026-03-01',
        concludedOn: '2026-03-01',
        content: '食品经营许可事项',
        findings: '未发现问题',
        evaluation: '',
        handlingOpinion: '',
        foundProblems: false,
      }),
      'no-stream',
    );
    for (const taskId of ['ll-2026-held', 'll-2026-lifted']) await story.created(story.post('/tasks', task(taskId), 'staff'));
  });
  afterAll(() => api.close());

  it('without a lift, the rule keeps the target out of the draw', async () => {
    await story.created(story.post('/tasks/ll-2026-held/draws', {}, 'staff'));
    const exclusions = (await story.get('/draws/ll-2026-held-d1/exclusions?limit=500')).json().items as Exclusion[];
    expect(exclusions).toContainEqual(expect.objectContaining({ targetId: CHECKED_BY_CITY, reason: 'superior-found-nothing' }));
  });

  it('refuses a lift for a target the rule does not keep out, and one without a reason: 400 naming the field, nothing appended', async () => {
    const needless = await story.appendsNothing(() =>
      story.post('/tasks/ll-2026-lifted/draws', { sixMonthRuleLifted: { targetIds: [CHECKED_BY_CITY, idOf(41)], reason: REASON } }, 'staff'),
    );
    expect(needless.statusCode).toBe(400);
    expect(JSON.stringify(needless.json())).toContain('sixMonthRuleLifted.targetIds');
    expect(JSON.stringify(needless.json())).toContain(`does not keep ${idOf(41)} out of this draw`);

    const unreasoned = await story.appendsNothing(() =>
      story.post('/tasks/ll-2026-lifted/draws', { sixMonthRuleLifted: { targetIds: [CHECKED_BY_CITY], reason: '需要' } }, 'staff'),
    );
    expect(unreasoned.statusCode).toBe(400);
    expect(JSON.stringify(unreasoned.json())).toContain('sixMonthRuleLifted.reason');
  });

  it('with a lift and its reason, the target is in the pool, the reason is public, and the draw still verifies', async () => {
    await story.created(story.post('/tasks/ll-2026-lifted/draws', { sixMonthRuleLifted: { targetIds: [CHECKED_BY_CITY], reason: REASON } }, 'staff'));
    const draw = (await story.get('/draws/ll-2026-lifted-d1')).json();
    expect(draw.sixMonthRuleLifted).toEqual({ targetIds: [CHECKED_BY_CITY], reason: REASON });
    const [lifted] = draw.strata as Stratum[];
    const [held] = await strataOf('ll-2026-held-d1');
    const exclusions = (await story.get('/draws/ll-2026-lifted-d1/exclusions?limit=500')).json().items as Exclusion[];
    expect(exclusions.map((e) => e.targetId)).not.toContain(CHECKED_BY_CITY);
    expect(lifted.excludedCount).toBe(held.excludedCount - 1);
    expect(lifted.poolSize).toBe(held.poolSize + 1);

    const page = await story.get('/gs/draws/ll-2026-lifted-d1');
    expect(page.body).toContain('解除六个月内不再抽查的限制');
    expect(page.body).toContain(REASON);

    const verification = (await story.get('/draws/ll-2026-lifted-d1/verification')).json();
    expect(verification.ok).toBe(true);
  });
});
