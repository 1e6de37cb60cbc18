/**
 * The event envelope: who did what, under which command, and the per-stream hash chain that
 * makes an edited, deleted, reordered or inserted event detectable (全程留痕、责任可溯).
 * docs/event-envelope.md specifies the hashed bytes exactly; keep the two in step.
 */
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { canonicalJson } from './canonical-json';

/** What the command handler knows about the command that caused an event. */
export interface CommandMetadata {
  readonly actorId: string;
  readonly role: string;
  readonly unit: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** ISO-8601 UTC instant, taken from the clock once per command. */
  readonly recordedAt: string;
}

export interface EventMetadata extends CommandMetadata {
  /** `hash` of the previous event in the same stream; GENESIS_HASH for revision 0. */
  readonly prevHash: string;
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Fixed UUID namespace for event ids: uuidv5(`${commandId}/${index}`, EVENT_ID_NAMESPACE). */
export const EVENT_ID_NAMESPACE = '5b0c3a52-7f1e-4d8e-9a51-2f6f1f4d2c10';

/** The id of the `index`-th event a command appends: the same command always yields the same ids. */
export function eventIdFor(commandId: string, index: number): string {
  return uuidv5(`${commandId}/${index}`, EVENT_ID_NAMESPACE);
}

/** The fields of one event that the hash covers. */
export interface HashedFields {
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: CommandMetadata & { readonly prevHash: string };
}

/** RFC 8785 (JCS) canonical JSON of the hashed fields, as UTF-8 bytes. */
export function canonicalBytes(fields: HashedFields): Buffer {
  return Buffer.from(canonicalText(fields), 'utf8');
}

export function hashEvent(fields: HashedFields): string {
  return sha256Hex(canonicalText(fields));
}

/** One call without a Hash object where Node has it (20.12+): the verifier hashes every event. */
function sha256Hex(text: string): string {
  return typeof crypto.hash === 'function' ? crypto.hash('sha256', text, 'hex') : createHash('sha256').update(text, 'utf8').digest('hex');
}

function canonicalText(fields: HashedFields): string {
  const dataText = canonicalJson(fields.data);
  if (dataText === undefined) throw new Error('event cannot be serialised canonically');
  return envelopeText(fields, dataText);
}

/**
 * The canonical text of the hashed fields with the data already in canonical text: JCS writes an
 * object's members in key order, each value in its own canonical form, so the envelope is that
 * text put together (`data`, `id`, `metadata`, `revision`, `schemaVersion`, `stream`, `type`),
 * the short fields written directly instead of through a sorted copy of a fresh object per event.
 */
export function envelopeText(fields: Omit<HashedFields, 'data'>, dataText: string): string {
  const { actorId, role, unit, commandId, correlationId, causationId, recordedAt, prevHash } = fields.metadata;
  // members in key order; strings and finite numbers are written by JSON.stringify in JCS too
  const metadataText = allStrings(actorId, causationId, commandId, correlationId, prevHash, recordedAt, role, unit)
    ? `{"actorId":${JSON.stringify(actorId)},"causationId":${JSON.stringify(causationId)},"commandId":${JSON.stringify(commandId)},` +
      `"correlationId":${JSON.stringify(correlationId)},"prevHash":${JSON.stringify(prevHash)},"recordedAt":${JSON.stringify(recordedAt)},` +
      `"role":${JSON.stringify(role)},"unit":${JSON.stringify(unit)}}`
    : canonicalJson({ actorId, role, unit, commandId, correlationId, causationId, recordedAt, prevHash });
  const parts = [fields.id, fields.revision, fields.schemaVersion, fields.stream, fields.type].map(scalarText);
  if (metadataText === undefined || parts.some((part) => part === undefined)) throw new Error('event cannot be serialised canonically');
  const [id, revision, schemaVersion, stream, type] = parts;
  return `{"data":${dataText},"id":${id},"metadata":${metadataText},"revision":${revision},"schemaVersion":${schemaVersion},"stream":${stream},"type":${type}}`;
}

function allStrings(...values: unknown[]): boolean {
  return values.every((value) => typeof value === 'string');
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return JSON.stringify(value);
  return canonicalJson(value);
}

/** The tail of a stream that new events chain onto; null for a stream with no events. */
export interface StreamTail {
  readonly revision: number;
  readonly hash: string;
}

export interface ChainedEvent {
  readonly id: string;
  readonly revision: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/** Assigns revisions and links each proposed event to its predecessor's hash. */
export function chainEvents(
  stream: string,
  tail: StreamTail | null,
  events: readonly { id: string; type: string; schemaVersion: number; data: unknown; metadata: CommandMetadata }[],
): ChainedEvent[] {
  let prevHash = tail?.hash ?? GENESIS_HASH;
  let revision = tail ? tail.revision : -1;
  return events.map((event) => {
    revision += 1;
    const metadata = { ...pickCommandMetadata(event.metadata), prevHash };
    const hash = hashEvent({ stream, revision, id: event.id, type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata });
    prevHash = hash;
    return { id: event.id, revision, type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata: { ...metadata, hash } };
  });
}

/** Recomputes an event's hash from what is stored; used by verification. */
export function recomputeHash(event: {
  stream: string;
  revision: number;
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}): string {
  return hashEvent({ ...event, metadata: event.metadata });
}

function pickCommandMetadata(m: CommandMetadata): CommandMetadata {
  return {
    actorId: m.actorId,
    role: m.role,
    unit: m.unit,
    commandId: m.commandId,
    correlationId: m.correlationId,
    causationId: m.causationId,
    recordedAt: m.recordedAt,
  };
}
