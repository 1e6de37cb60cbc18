/**
 * The event envelope: who did what, under which command, and the per-stream hash chain that
 * makes an edited, deleted, reordered or inserted event detectable (全程留痕、责任可溯).
 * docs/event-envelope.md specifies the hashed bytes exactly; keep the two in step.
 */
import { hash } from 'node:crypto';
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
  // a string becomes its UTF-8 bytes
  return Buffer.from(canonicalText(fields));
}

/** SHA-256 of the canonical bytes, in one call without a Hash object (Node 20.12+): the verifier hashes every event. */
export function hashEvent(fields: HashedFields): string {
  return hash('sha256', canonicalText(fields), 'hex');
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
  const parts = [fields.id, fields.revision, fields.schemaVersion, fields.stream, fields.type].map((value) => canonicalJson(value));
  if (parts.some((part) => part === undefined)) throw new Error('event cannot be serialised canonically');
  const [id, revision, schemaVersion, stream, type] = parts;
  return `{"data":${dataText},"id":${id},"metadata":${metadataText(fields.metadata)},"revision":${revision},"schemaVersion":${schemaVersion},"stream":${stream},"type":${type}}`;
}

/** The metadata's members in JCS key order (UTF-16 code units; all ASCII here). */
const METADATA_KEYS = ['actorId', 'causationId', 'commandId', 'correlationId', 'prevHash', 'recordedAt', 'role', 'unit'] as const;

/** JCS of the metadata, member by member in key order, without a sorted copy of it per event. */
function metadataText(metadata: HashedFields['metadata']): string {
  let text = '';
  for (const key of METADATA_KEYS) {
    const value = canonicalJson(metadata[key]);
    // JCS, like JSON, leaves out a member whose value is undefined
    if (value === undefined) continue;
    text += `${text === '' ? '' : ','}"${key}":${value}`;
  }
  return `{${text}}`;
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
