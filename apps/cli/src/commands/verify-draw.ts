import { AppConfig, DrawVerification, openEventStore, verifyDraw, verifyMatchingFromLog } from '@app/platform';
import { MatchingVerification } from '@app/domain';

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

/** Re-runs one department's inspector matching of a task from the event log. */
export async function runVerifyMatching(config: AppConfig, taskId: string, departmentId: string): Promise<MatchingVerification | null> {
  const store = await openEventStore(config);
  try {
    return await verifyMatchingFromLog(store, taskId, departmentId);
  } finally {
    await store.close();
  }
}

export function formatMatchingVerification(taskId: string, departmentId: string, verification: MatchingVerification | null): string {
  if (!verification) return `no matching of task ${taskId} for ${departmentId} in the log`;
  if (verification.ok) {
    return `matching of task ${taskId} for ${departmentId} verified: ${verification.targets} targets, ${verification.recusals} recusals, ${verification.replacements} replacements reproduce from the log`;
  }
  return `matching of task ${taskId} for ${departmentId} does NOT verify: ${JSON.stringify(verification.mismatch)}`;
}
