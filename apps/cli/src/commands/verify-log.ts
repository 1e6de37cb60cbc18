import { existsSync, readFileSync } from 'node:fs';
import { witnessDbOf } from '../../../witness/src/witness-config';
import { WitnessStore } from '../../../witness/src/witness-store';
import { SignedTreeHead, VerificationKey, signingKeyFrom, verificationKeyFrom } from '@app/integrity';
import { AppConfig, LogFinding, LogVerification, openEventStore, verifyLog } from '@app/platform';
import { duration, rate } from './progress';

export interface VerifyLogOptions {
  /** An SPKI PEM file, or the raw public key in base64: verify without holding the signing key. */
  readonly publicKey?: string;
  /** A JSON file of heads kept outside the log: an array, or a page from GET /integrity/tree-heads. */
  readonly heads?: string;
  /** A witness's data directory: check the log against every head the witness cosigned. */
  readonly witness?: string;
  /** Hears of the fold's advance: events checked and the share of the log read (a progress bar). */
  readonly onProgress?: (events: number, fraction: number | null) => void;
}

/** Re-reads the whole log (the embedded store's rows as stored, on worker threads; any other store through its port) and checks hashes, chains and signed heads. */
export async function runVerifyLog(config: AppConfig, options: VerifyLogOptions = {}): Promise<LogVerification> {
  const key = verificationKey(config, options.publicKey);
  const given = [...(options.heads ? headsFrom(readFileSync(options.heads, 'utf8')) : []), ...(options.witness ? witnessedHeads(options.witness) : [])];
  const store = await openEventStore(config);
  try {
    return await verifyLog(store, key, given, { onProgress: options.onProgress });
  } finally {
    await store.close();
  }
}

function verificationKey(config: AppConfig, configured: string | undefined): VerificationKey {
  if (!configured) {
    const { publicKey, keyId } = signingKeyFrom(config.treeHeadSigningKey);
    return { publicKey, keyId };
  }
  return verificationKeyFrom(configured.trim().startsWith('-----BEGIN') ? configured : readIfFile(configured));
}

function readIfFile(value: string): string {
  try {
    return readFileSync(value, 'utf8');
  } catch {
    return value;
  }
}

/** The heads a witness cosigned, from its own storage (WITNESS_DATA_DIR). */
function witnessedHeads(dataDir: string): SignedTreeHead[] {
  const file = witnessDbOf({ dataDir });
  if (!existsSync(file)) throw new Error(`no witness storage at ${file}`);
  const store = new WitnessStore(file);
  try {
    return store.cosigned().map((entry) => entry.head);
  } finally {
    store.close();
  }
}

function headsFrom(json: string): SignedTreeHead[] {
  const parsed = JSON.parse(json) as SignedTreeHead[] | { heads: SignedTreeHead[] };
  return Array.isArray(parsed) ? parsed : parsed.heads;
}

/** The cli's answer: 0 verified, 1 tampered, 2 not verifiable (events no signed head covers). */
export const VERIFY_LOG_EXIT = { verified: 0, tampered: 1, notVerifiable: 2 } as const;

export function verifyLogExitCode(v: LogVerification): number {
  if (!v.ok) return VERIFY_LOG_EXIT.tampered;
  return v.uncovered > 0 ? VERIFY_LOG_EXIT.notVerifiable : VERIFY_LOG_EXIT.verified;
}

export function formatLogVerification(v: LogVerification): string {
  const lines = [`read ${v.events} events in ${v.streams} streams; tree heads checked with key ${v.keyId}`];
  for (const { head, source, rootMatches, signatureValid } of v.heads) {
    const ok = rootMatches && signatureValid;
    const why = ok ? 'root and signature verify' : !signatureValid ? 'signature does NOT verify' : 'root does NOT match the log';
    lines.push(`${ok ? 'ok      ' : 'MISMATCH'}  ${source === 'given' ? 'given head' : 'head'} of size ${head.treeSize} signed ${head.timestamp}: ${why}`);
  }
  if (v.ok) {
    const checks = `every event hash, every stream chain and ${v.heads.length} signed tree head${v.heads.length === 1 ? '' : 's'} check out`;
    if (v.uncovered === 0) {
      lines.push(`log verified: ${checks}`);
      return lines.join('\n');
    }
    // never "verified" for what no head vouches for: a forged event there would look the same
    const from = v.coveredSize;
    const to = v.coveredSize + v.uncovered - 1;
    if (v.coveredSize > 0) lines.push(`verified up to leaf ${v.coveredSize - 1}: ${checks}`);
    else lines.push(`no signed tree head covers any event; every event hash and every stream chain check out`);
    lines.push(
      `NOT VERIFIABLE: ${from === to ? `leaf ${from}` : `leaves ${from}–${to}`} (${v.uncovered === 1 ? '1 event' : `${v.uncovered} events`}) ${v.uncovered === 1 ? 'is' : 'are'} covered by no signed head: ` +
        `${v.uncovered === 1 ? 'its hash and chain check' : 'their hashes and chains check'} out, but whoever can write the file could have written ${v.uncovered === 1 ? 'it' : 'them'}; the next head, or a head kept outside the log (--heads), will tell`,
    );
    return lines.join('\n');
  }
  lines.push(`TAMPERED: ${describe(v.first!)}`);
  const others = v.findings.filter((f) => f !== v.first);
  if (others.length > 0)
    lines.push(`${others.length} further problem${others.length === 1 ? '' : 's'}:`, ...others.slice(0, 20).map((f) => `  ${describe(f)}`));
  return lines.join('\n');
}

/**
 * The closing block of `cli verify-log`, after the report: counts, speed, heads, how far signed
 * heads vouch for the log, and the verdict with its exit code.
 */
export function formatLogSummary(v: LogVerification, millis: number): string {
  const code = verifyLogExitCode(v);
  const good = v.heads.filter((h) => h.rootMatches && h.signatureValid).length;
  const bad = v.heads.length - good;
  const given = v.heads.filter((h) => h.source === 'given').length;
  const verdict =
    code === VERIFY_LOG_EXIT.verified
      ? v.events === 0
        ? 'VERIFIED: the log is empty'
        : 'VERIFIED: every event is covered by a signed tree head'
      : code === VERIFY_LOG_EXIT.tampered
        ? `TAMPERED: ${v.findings.length} problem${v.findings.length === 1 ? '' : 's'}, the first at leaf ${v.first?.leafIndex ?? '?'}`
        : `NOT VERIFIABLE ${v.coveredSize > 0 ? `past leaf ${v.coveredSize - 1}` : 'at all'}: ${v.uncovered} event${v.uncovered === 1 ? '' : 's'} no signed head covers yet`;
  const covered =
    v.events === 0
      ? 'nothing: the log is empty'
      : v.coveredSize === 0
        ? `no leaf (of ${v.events})`
        : `leaves 0–${v.coveredSize - 1} of ${v.events}${v.uncovered > 0 ? `; ${v.uncovered} after them not yet` : ''}`;
  return [
    '',
    'summary',
    `  events        ${v.events.toLocaleString('en-US')} in ${v.streams.toLocaleString('en-US')} streams, checked in ${duration(millis)} (${rate(v.events, millis)} events/s)`,
    `  tree heads    ${v.heads.length} checked${given > 0 ? ` (${given} given)` : ''}: ${good} verify${bad > 0 ? `, ${bad} do NOT` : ''}; key ${v.keyId}`,
    `  signed over   ${covered}`,
    `  verdict       ${verdict} (exit ${code})`,
  ].join('\n');
}

function describe(f: LogFinding): string {
  const where = f.event
    ? `position ${f.event.position} (leaf ${f.event.leafIndex}), stream ${f.event.stream}, revision ${f.event.revision}, id ${f.event.id}`
    : `the end of the log (leaf ${f.leafIndex})`;
  return `${f.kind} at ${where}: ${f.detail}`;
}
