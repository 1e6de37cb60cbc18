/**
 * `npm run cli -- witness check` and `witness export-heads`: read a witness's own storage
 * (WITNESS_DATA_DIR), not the service's. `check` exits 1 when the witness raised any alarm, so a
 * unit's monitoring can run it; `export-heads` writes the cosigned heads as the JSON array
 * `verify-log --heads` takes, so the log can be checked against what the witness saw.
 */
import { existsSync } from 'node:fs';
import { WitnessConfig, witnessDbOf } from '../../../witness/src/witness-config';
import { WitnessStore } from '../../../witness/src/witness-store';

export interface WitnessCheck {
  readonly ok: boolean;
  readonly text: string;
}

export function runWitnessCheck(config: Pick<WitnessConfig, 'dataDir'>): WitnessCheck {
  const file = witnessDbOf(config);
  if (!existsSync(file)) return { ok: false, text: `no witness storage at ${file}: set WITNESS_DATA_DIR to the witness's data directory` };
  const store = new WitnessStore(file);
  try {
    const cosigned = store.cosigned();
    const alarms = store.alarms();
    const newest = cosigned.at(-1)?.head;
    const lines = [
      newest
        ? `${cosigned.length} head${cosigned.length === 1 ? '' : 's'} cosigned, the newest of size ${newest.treeSize} signed ${newest.timestamp} (root ${newest.rootHash})`
        : 'no head cosigned yet',
    ];
    for (const alarm of alarms) lines.push(`ALARM ${alarm.raisedAt} ${alarm.reason}: ${alarm.detail}`);
    if (alarms.length === 0) lines.push('no alarm: every head seen extends the ones cosigned before it');
    return { ok: alarms.length === 0, text: lines.join('\n') };
  } finally {
    store.close();
  }
}

export function exportWitnessedHeads(config: Pick<WitnessConfig, 'dataDir'>): string {
  const store = new WitnessStore(witnessDbOf(config));
  try {
    return JSON.stringify(store.cosigned().map((entry) => entry.head), null, 2);
  } finally {
    store.close();
  }
}
