/**
 * 抽查频次 (002 §14–15): given the tasks whose draws the year's quota ledger holds, when a task of
 * the same plan draws for a general item, then it is refused once the plan's frequency is used up.
 */
import { IllegalStateError } from '../shared/errors';
import { TaskUnderPlan, assertWithinFrequency, frequencyUses, taskIdOfDraw } from './plan-frequency';

const general = (itemId: string) => ({ itemId, category: 'general' as const });
const key = (itemId: string) => ({ itemId, category: 'key' as const });
const task = (taskId: string, items: TaskUnderPlan['items'] = [general('food'), general('label')], overrides: Partial<TaskUnderPlan> = {}): TaskUnderPlan => ({
  taskId,
  planId: 'lingling-2026',
  items,
  specialCampaign: false,
  ...overrides,
});
const planned = [
  { itemId: 'food', frequency: 1 },
  { itemId: 'label', frequency: 2 },
  { itemId: 'safety', frequency: 1 },
];

describe('抽查频次: the draws of a year for a general item of a plan (002 §14)', () => {
  it('counts, for each general item of the task, the other tasks of the plan that drew for it', () =>
    expect(frequencyUses(task('t3'), planned, [task('t1'), task('t2', [general('label')])])).toEqual([
      { itemId: 'food', frequency: 1, drawnBy: ['t1'] },
      { itemId: 'label', frequency: 2, drawnBy: ['t1', 't2'] },
    ]));

  it('does not count the task itself (a redraw after a void is the same occasion), tasks of other plans, or the same item drawn as a key item', () =>
    expect(
      frequencyUses(task('t3'), planned, [task('t3'), task('t4', [general('food')], { planId: 'other-plan' }), task('t5', [key('food')])]).map(
        (u) => u.drawnBy,
      ),
    ).toEqual([[], []]));

  it('002 §15: neither counts a special campaign nor holds one to the frequency, and leaves key items out', () => {
    expect(frequencyUses(task('t3'), planned, [task('t1', undefined, { specialCampaign: true })]).map((u) => u.drawnBy)).toEqual([[], []]);
    expect(frequencyUses(task('t3', undefined, { specialCampaign: true }), planned, [task('t1')])).toEqual([]);
    expect(frequencyUses(task('t3', [key('safety')]), planned, [task('t1', [key('safety')])])).toEqual([]);
  });

  it('gives no use for an item the plan version in force does not list', () =>
    expect(frequencyUses(task('t3', [general('new')]), planned, [task('t1')])).toEqual([]));

  it('refuses once the frequency is used up, naming the item, the year and the tasks that drew for it', () => {
    expect(() => assertWithinFrequency([{ itemId: 'label', frequency: 2, drawnBy: ['t1'] }], 2026)).not.toThrow();
    expect(() => assertWithinFrequency([{ itemId: 'food', frequency: 1, drawnBy: ['t1'] }], 2026)).toThrow(IllegalStateError);
    expect(() => assertWithinFrequency([{ itemId: 'label', frequency: 2, drawnBy: ['t1', 't2'] }], 2026)).toThrow(
      'the plan draws for item label 2 times in 2026 (抽查频次, 002 §14) and tasks t1, t2 already drew for it; adjust the plan to draw more often',
    );
  });

  it('finds the task of a draw id', () => expect(['ll-2026-food-d1', 'task-d-2-d12'].map(taskIdOfDraw)).toEqual(['ll-2026-food', 'task-d-2']));
});
