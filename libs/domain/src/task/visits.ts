/**
 * 进一次门、查多项事 — tasks whose windows overlap and that drew the same target are merged so
 * that one visit covers them all, each task still counted (DOMAIN.md, The double draw). A joint
 * task (004 §2(4)) is one inspection that counts once for every participating department.
 */

/** One locked task list that names the target. */
export interface VisitEntry {
  readonly taskId: string;
  /** The task's owner. */
  readonly departmentId: string;
  /** Other departments of a joint task; empty otherwise. */
  readonly jointDepartmentIds: readonly string[];
  readonly itemIds: readonly string[];
  /** YYYY-MM-DD, inclusive. */
  readonly window: { readonly from: string; readonly to: string };
}

/** One visit to a target: every task in it is inspected at once. */
export interface Visit {
  /** From the earliest start to the latest end of its tasks' windows. */
  readonly window: { from: string; to: string };
  /** Ordered by window start, then task id. */
  readonly tasks: VisitEntry[];
  /** Every item checked on the visit, each once, sorted. */
  readonly itemIds: string[];
  /** Each task once per participating department: what the visit counts towards. */
  readonly counted: { taskId: string; departmentId: string }[];
}

/**
 * Groups entries into visits: two tasks share a visit when their windows overlap, directly or
 * through a chain of overlapping tasks. A task listed twice counts once.
 */
export function mergeVisits(entries: readonly VisitEntry[]): Visit[] {
  const unique = [...new Map(entries.map((e) => [e.taskId, e])).values()];
  const sorted = unique.sort((a, b) => a.window.from.localeCompare(b.window.from) || a.taskId.localeCompare(b.taskId));
  const groups: VisitEntry[][] = [];
  let end = '';
  for (const entry of sorted) {
    const current = groups[groups.length - 1];
    // sorted by start: the entry overlaps the group when it starts no later than the group's latest end
    if (current && entry.window.from <= end) {
      current.push(entry);
      if (entry.window.to > end) end = entry.window.to;
    } else {
      groups.push([entry]);
      end = entry.window.to;
    }
  }
  return groups.map(toVisit);
}

function toVisit(tasks: VisitEntry[]): Visit {
  return {
    window: { from: tasks[0].window.from, to: tasks.reduce((to, t) => (t.window.to > to ? t.window.to : to), tasks[0].window.to) },
    tasks,
    itemIds: [...new Set(tasks.flatMap((t) => t.itemIds))].sort(),
    counted: tasks.flatMap((t) => [t.departmentId, ...t.jointDepartmentIds].map((departmentId) => ({ taskId: t.taskId, departmentId }))),
  };
}
