/**
 * How large the one write that locks a task's list can become (002 §19: the list is locked,
 * dispatched and announced together, docs/architecture.md "The largest write"), worked out before
 * the draw from the count and the longest ids, so that a draw whose list the event store could not
 * take is refused at its freeze — before any randomness exists — rather than at the lock.
 *
 * An upper bound, from the shape of the events the lock writes (task.decider.ts):
 * - `TaskListLocked.targets`: `{"targetId":"<id>","classId":"<class>"},` per target;
 * - `TaskDispatched.targetIds`: `"<id>",` per target for the department that inspects it, and for
 *   every joint department, which is handed the whole list (004 §2(4));
 * - everything else — the other fields, the announcement, each event's metadata — a fixed allowance.
 */

/** The bytes of a lock's write besides its per-target lists: four events' fields and metadata and more. */
export const LOCK_FIXED_ALLOWANCE = 16 * 1024;

export interface ListShape {
  /** Targets the draw will take. */
  readonly count: number;
  /** The longest target id that can be drawn, in UTF-8 bytes. */
  readonly longestTargetId: number;
  /** The longest class id of the task, in UTF-8 bytes. */
  readonly longestClassId: number;
  /** Joint departments of the task, each dispatched the whole list. */
  readonly jointDepartments: number;
}

export function lockWriteBytesAtMost({ count, longestTargetId, longestClassId, jointDepartments }: ListShape): number {
  const lockedEntry = '{"targetId":"","classId":""},'.length + longestTargetId + longestClassId;
  const dispatchedEntry = '"",'.length + longestTargetId;
  return LOCK_FIXED_ALLOWANCE + count * (lockedEntry + dispatchedEntry * (1 + jointDepartments));
}
