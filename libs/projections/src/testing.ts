import { RecordedEvent, eventIdFor } from '@app/event-store';

export interface RecordedEventSpec {
  readonly type: string;
  readonly data: unknown;
  /** Global log position (commit and prepare); also numbers the event id and revision. */
  readonly position?: number;
  readonly stream?: string;
  readonly recordedAt?: string;
  readonly actorId?: string;
  readonly role?: string;
  readonly unit?: string;
}

/**
 * A stored event for projection specs. Projections read only the type, data, stream, position and the
 * actor and time in the metadata, so the command and hash-chain fields are fixed.
 */
export function recordedEvent({
  type,
  data,
  position = 1,
  stream = 's',
  recordedAt = '2026-01-05T02:00:00.000Z',
  actorId = 'a',
  role = 'staff',
  unit = 'lingling',
}: RecordedEventSpec): RecordedEvent {
  return {
    id: eventIdFor('cmd', position),
    stream,
    revision: position - 1,
    position: { commit: BigInt(position), prepare: BigInt(position) },
    type,
    schemaVersion: 1,
    data,
    metadata: { actorId, role, unit, commandId: 'c', correlationId: 'c', causationId: 'c', recordedAt, prevHash: '0', hash: '1' },
  };
}
