/**
 * 抽查频次 — how often a year the plan draws for an item (000 §15–16, 002 §14–15). A task
 * implements the plan, so the draws of a year for one general item of a plan are no more than the
 * plan's frequency for it: a draw is refused when that many other tasks of the plan drew for the
 * item this year. What counts is what the yearly quota ledger holds — every executed draw enters
 * it (with the targets it used, or none), a voided one leaves it — so the count is taken on the
 * ledger revision the draw is appended against, and two draws racing for the last occasion are
 * serialised like their quota. Key items and special campaigns are outside the ratio and
 * frequency limits (002 §15): they neither count nor are counted.
 */
import { IllegalStateError } from '../shared/errors';
import { PlanItem } from '../plan/plan.events';
import { TaskItem } from '../task/task.events';

/** What the frequency rule needs of a task: its plan, its items and whether it is a campaign. */
export interface TaskUnderPlan {
  readonly taskId: string;
  readonly planId: string;
  readonly items: readonly Pick<TaskItem, 'itemId' | 'category'>[];
  readonly specialCampaign: boolean;
}

/** For one general item of the task: the plan's frequency, and the other tasks of the plan that drew for it this year. */
export interface FrequencyUse {
  readonly itemId: string;
  readonly frequency: number;
  readonly drawnBy: readonly string[];
}

/** Draw ids are `<taskId>-d<n>`. */
export function taskIdOfDraw(drawId: string): string {
  return drawId.replace(/-d\d+$/, '');
}

/**
 * The frequency uses of the task's general items: `drawnThisYear` are the tasks whose draws the
 * year's quota ledger holds, not released (the task itself is left out: a task is one occasion
 * however often it is redrawn after a void).
 */
export function frequencyUses(
  task: TaskUnderPlan,
  planned: readonly Pick<PlanItem, 'itemId' | 'frequency'>[],
  drawnThisYear: readonly TaskUnderPlan[],
): FrequencyUse[] {
  if (task.specialCampaign) return [];
  return task.items
    .filter((item) => item.category === 'general')
    .flatMap((item) => {
      const plannedItem = planned.find((p) => p.itemId === item.itemId);
      if (!plannedItem) return [];
      const drawnBy = drawnThisYear
        .filter(
          (other) =>
            other.taskId !== task.taskId &&
            other.planId === task.planId &&
            !other.specialCampaign &&
            other.items.some((i) => i.itemId === item.itemId && i.category === 'general'),
        )
        .map((other) => other.taskId);
      return [{ itemId: item.itemId, frequency: plannedItem.frequency, drawnBy: [...new Set(drawnBy)].sort() }];
    });
}

/** Refuses a draw that would exceed the plan's frequency of any of its general items. */
export function assertWithinFrequency(uses: readonly FrequencyUse[], year: number): void {
  for (const { itemId, frequency, drawnBy } of uses) {
    if (drawnBy.length >= frequency) {
      throw new IllegalStateError(
        `the plan draws for item ${itemId} ${frequency} time${frequency === 1 ? '' : 's'} in ${year} (抽查频次, 002 §14) and task${drawnBy.length === 1 ? '' : 's'} ${drawnBy.join(', ')} already drew for it; adjust the plan to draw more often`,
        'taskId',
      );
    }
  }
}
