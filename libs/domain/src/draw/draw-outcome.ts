/** What a draw's events amount to, for the task that locks its list and for inspector matching. */
import { DrawEvent } from './draw.events';

export type DrawStatus = 'none' | 'frozen' | 'drawn' | 'confirmed' | 'voided';

export interface DrawOutcome {
  readonly status: DrawStatus;
  readonly drawId: string | null;
  readonly taskId: string | null;
  /** The drawn targets with the class each was drawn for, in draw order; empty until drawn. */
  readonly targets: readonly { targetId: string; classId: string }[];
}

export function drawOutcome(events: readonly DrawEvent[]): DrawOutcome {
  let outcome: DrawOutcome = { status: 'none', drawId: null, taskId: null, targets: [] };
  const classOf = new Map<string, string>();
  for (const event of events) {
    switch (event.type) {
      case 'DrawPoolFrozen':
        for (const stratum of event.data.strata) classOf.set(stratum.stratumId, stratum.classId);
        outcome = { ...outcome, status: 'frozen', drawId: event.data.drawId, taskId: event.data.taskId };
        break;
      case 'TargetsDrawn':
        outcome = {
          ...outcome,
          status: 'drawn',
          targets: event.data.strata.flatMap((s) => s.selected.map((targetId) => ({ targetId, classId: classOf.get(s.stratumId) ?? s.stratumId }))),
        };
        break;
      case 'DrawConfirmed':
        outcome = { ...outcome, status: 'confirmed' };
        break;
      case 'DrawVoided':
        outcome = { ...outcome, status: 'voided' };
        break;
      case 'EntropyContributed':
        break;
    }
  }
  return outcome;
}
