/**
 * Draws as the public sees them (一公开): the frozen pools with their hashes and exclusions, the
 * entropy revealed, and what was drawn — everything needed to re-run the draw — plus the quota
 * counters: draws of each target per year, and the targets each department drew this year.
 */
import { RecordedEvent } from '@app/event-store';
import { Projection, ReadChange, incr, indexAdd, update } from '@app/read-store';
import type { DrawEvent, DrawnStratum, EntropyContribution, FrozenStratum, QuotaLedgerEvent, TaskListLocked } from '@app/domain';

export interface DrawView {
  drawId: string;
  taskId: string;
  departmentId: string;
  year: number;
  status: 'frozen' | 'drawn' | 'confirmed' | 'voided';
  algorithm: string;
  eligibilityPosition: string;
  strata: FrozenStratum[];
  serverCommitment: string;
  beacon: { source: string; round: string } | null;
  contributions: EntropyContribution[];
  drawn: DrawnStratum[] | null;
  ledgerRevision: number | null;
  frozenOn: string;
  drawnOn: string | null;
  confirmedOn: string | null;
  /** The role that voided it (an authorised role, 002 §19); who exactly is in the history, not in the public view. */
  voided: { reasonCode: string | null; reason: string; voidedOn: string; byRole: string } | null;
  /** 001 §2(2)1: targets drawn although a superior found nothing at them within the six months, and why; absent when none. */
  sixMonthRuleLifted?: { targetIds: string[]; reason: string };
}

export const DRAWS = 'draws';
export const drawsOfTask = (taskId: string) => `draws:task:${taskId}`;
export const drawsOfDepartment = (departmentId: string) => `draws:dept:${departmentId}`;
/** Times a target was drawn for random inspection in a year (000 §19: at most twice). */
export const quotaUsed = (year: number, targetId: string) => `quota:${year}:${targetId}`;
/** Distinct targets a department's locked task lists cover in a year: its share of the registry (003 §1: at least 5%). */
export const drawnTargetsOf = (year: number, departmentId: string) => `drawn-targets:${year}:${departmentId}`;

export const drawsProjection: Projection = {
  name: 'draws',
  eventTypes: ['DrawPoolFrozen', 'EntropyContributed', 'TargetsDrawn', 'DrawConfirmed', 'DrawVoided', 'QuotaConsumed', 'QuotaReleased', 'TaskListLocked'],
  project(recorded: RecordedEvent): ReadChange[] {
    const event = { type: recorded.type, data: recorded.data } as DrawEvent | QuotaLedgerEvent | TaskListLocked;
    switch (event.type) {
      case 'DrawPoolFrozen': {
        const d = event.data;
        const score = Number(recorded.position.commit);
        return [
          update<DrawView>(DRAWS, d.drawId, () => ({
            drawId: d.drawId,
            taskId: d.taskId,
            departmentId: d.departmentId,
            year: d.year,
            status: 'frozen',
            algorithm: d.algorithm,
            eligibilityPosition: d.eligibilityPosition,
            strata: d.strata,
            serverCommitment: d.serverCommitment,
            beacon: d.beacon,
            contributions: [],
            drawn: null,
            ledgerRevision: null,
            frozenOn: d.frozenOn,
            drawnOn: null,
            confirmedOn: null,
            voided: null,
            ...(d.sixMonthRuleLifted ? { sixMonthRuleLifted: d.sixMonthRuleLifted } : {}),
          })),
          indexAdd(drawsOfTask(d.taskId), d.drawId, score),
          indexAdd(drawsOfDepartment(d.departmentId), d.drawId, score),
        ];
      }
      case 'EntropyContributed':
        return [update<DrawView>(DRAWS, event.data.drawId, (d) => d && { ...d, contributions: [...d.contributions, event.data.contribution] })];
      case 'TargetsDrawn': {
        const { strata, ledgerRevision, drawnOn } = event.data;
        return [update<DrawView>(DRAWS, event.data.drawId, (d) => d && { ...d, status: 'drawn', drawn: strata, ledgerRevision, drawnOn })];
      }
      case 'DrawConfirmed':
        return [update<DrawView>(DRAWS, event.data.drawId, (d) => d && { ...d, status: 'confirmed', confirmedOn: event.data.confirmedOn })];
      case 'DrawVoided': {
        const voided = { reasonCode: event.data.reasonCode ?? null, reason: event.data.reason, voidedOn: event.data.voidedOn, byRole: recorded.metadata.role };
        return [update<DrawView>(DRAWS, event.data.drawId, (d) => d && { ...d, status: 'voided', voided })];
      }
      case 'QuotaConsumed':
      case 'QuotaReleased': {
        const by = event.type === 'QuotaConsumed' ? 1 : -1;
        return event.data.targetIds.map((id) => incr(quotaUsed(event.data.year, id), by));
      }
      case 'TaskListLocked': {
        // the task's year; a lock written without it (before the field existed) falls back to the lock date
        const year = event.data.year ?? Number(event.data.lockedOn.slice(0, 4));
        return event.data.targets.map(({ targetId }) => indexAdd(drawnTargetsOf(year, event.data.departmentId), targetId, Number(recorded.position.commit)));
      }
    }
  },
};
