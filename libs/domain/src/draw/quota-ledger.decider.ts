/**
 * The yearly quota ledger: how often each target was drawn this year (000 §19, 002 §15: at most
 * twice). Appending to it with its exact revision is what serialises draws: a draw decided on
 * revision R lands only if nothing else used quota since R.
 */
import { Decider, assertNever } from '../shared/decider';
import { QuotaLedgerEvent } from './draw.events';

export type QuotaLedgerCommand =
  | { readonly type: 'ConsumeQuota'; readonly year: number; readonly drawId: string; readonly targetIds: readonly string[] }
  | { readonly type: 'ReleaseQuota'; readonly year: number; readonly drawId: string };

export interface QuotaLedger {
  /** Draws of each target this year. */
  readonly used: ReadonlyMap<string, number>;
  /** What each draw consumed, and whether it was given back. */
  readonly byDraw: ReadonlyMap<string, { readonly targetIds: readonly string[]; readonly released: boolean }>;
}

const initialState: QuotaLedger = { used: new Map(), byDraw: new Map() };

function decide(command: QuotaLedgerCommand, state: QuotaLedger): QuotaLedgerEvent[] {
  const { year, drawId } = command;
  switch (command.type) {
    case 'ConsumeQuota':
      // a draw consumes once; its retry finds the entry and adds nothing
      if (state.byDraw.has(drawId)) return [];
      return [{ type: 'QuotaConsumed', data: { year, drawId, targetIds: [...command.targetIds] } }];
    case 'ReleaseQuota': {
      const entry = state.byDraw.get(drawId);
      if (!entry || entry.released) return [];
      return [{ type: 'QuotaReleased', data: { year, drawId, targetIds: [...entry.targetIds] } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: QuotaLedger, event: QuotaLedgerEvent): QuotaLedger {
  const used = new Map(state.used);
  const byDraw = new Map(state.byDraw);
  const delta = event.type === 'QuotaConsumed' ? 1 : -1;
  for (const id of event.data.targetIds) used.set(id, (used.get(id) ?? 0) + delta);
  byDraw.set(event.data.drawId, { targetIds: event.data.targetIds, released: event.type === 'QuotaReleased' });
  return { used, byDraw };
}

export const quotaLedgerDecider: Decider<QuotaLedger, QuotaLedgerCommand, QuotaLedgerEvent> = { initialState, decide, evolve };
