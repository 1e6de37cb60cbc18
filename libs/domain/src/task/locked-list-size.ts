/**
 * How large the writes that carry a task's whole list can become, worked out before the draw from
 * the count and the longest ids, so that a draw whose list the event store could not take is
 * refused at its freeze — before any randomness exists — rather than at the lock or the matching,
 * when the list can no longer be voided (docs/architecture.md "The largest write"):
 *
 * - the lock (002 §19), which writes the list, each department's share and the announcement together;
 * - the matching of one department's share (002 §21), whose freeze names each target's pools and
 *   whose draw names each target's group; at worst one department inspects the whole list.
 *
 * The lock's bound,  *
 * from the shape of the events the lock writes (task.decider.ts):
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

/** Inspector and department ids are at most this long in the matching's bound: the registry's are far shorter. */
export const ASSUMED_PERSON_ID_LENGTH = 24;

/** 002 §21: a group of two. */
const GROUP_OF = 2;

export interface MatchedShape {
  readonly count: number;
  readonly longestTargetId: number;
  /** Default ASSUMED_PERSON_ID_LENGTH: the draw does not know its inspectors yet. */
  readonly longestPersonId?: number;
  readonly longestDepartmentId?: number;
}

/**
 * An upper bound of the largest write matching inspectors to `count` targets makes: the freeze
 * (`MatchingPoolsFrozen`: each target's pool hash and size, for inspectors and for experts) or the
 * draw (`InspectorsMatched`: each target's group, and its expert) — matching.events.ts. Conflicts
 * of interest excluded per target and the reasons of appointed experts add to it and are not
 * counted: they are few.
 */
export function matchingWriteBytesAtMost({
  count,
  longestTargetId,
  longestPersonId = ASSUMED_PERSON_ID_LENGTH,
  longestDepartmentId = ASSUMED_PERSON_ID_LENGTH,
}: MatchedShape): number {
  const target = 'T'.repeat(longestTargetId);
  const person = 'P'.repeat(longestPersonId);
  const pool = { targetId: target, poolHash: 'h'.repeat(64), poolSize: 9_999_999, excluded: [] };
  const frozen = 2 * (JSON.stringify(pool).length + 1);
  const group = {
    targetId: target,
    leaderId: person,
    members: Array.from({ length: GROUP_OF }, () => ({ inspectorId: person, departmentId: 'D'.repeat(longestDepartmentId) })),
  };
  const expert = { targetId: target, expertId: person, how: 'appointed', reason: null };
  const matched = JSON.stringify(group).length + 1 + JSON.stringify(expert).length + 1;
  return LOCK_FIXED_ALLOWANCE + count * Math.max(frozen, matched);
}
