import { AppConfig, DrawVerification, openEventStore, verifyDraw } from '@app/platform';

/** Re-runs one draw from the event log; the report lists every step and whether it reproduced. */
export async function runVerifyDraw(config: AppConfig, drawId: string): Promise<DrawVerification> {
  const store = await openEventStore(config);
  try {
    return await verifyDraw(store, drawId);
  } finally {
    await store.close();
  }
}

export function formatVerification(verification: DrawVerification): string {
  const lines = verification.checks.map((c) => `${c.ok ? 'ok      ' : 'MISMATCH'}  ${c.step}: ${c.detail}`);
  const verdict = verification.ok
    ? `draw ${verification.drawId} verified: every step reproduces from the log`
    : `draw ${verification.drawId} does NOT verify: first mismatch at ${verification.firstMismatch!.step}`;
  return [...lines, verdict].join('\n');
}
