/**
 * Translation between our envelope and EventStoreDB's records, and from client errors to the
 * port's error family.
 */
import { ErrorType, EventData, JSONType, Position as EsdbPosition, RecordedEvent as EsdbRecordedEvent, isCommandError } from '@eventstore/db-client';
import { ChainedEvent, EventMetadata } from '../envelope';
import { AppendTooLargeError, EventStoreError, StoreAccessDeniedError, StoreUnavailableError, StreamDeletedError, StreamNotFoundError } from '../errors';
import { Position, RecordedEvent, START } from '../event-store.port';

/** What we store as ESDB event metadata: our envelope metadata plus the schema version. */
type StoredMetadata = EventMetadata & { readonly schemaVersion: number };

export function toEventData(event: ChainedEvent): EventData {
  const metadata: StoredMetadata & Record<string, unknown> = { ...event.metadata, schemaVersion: event.schemaVersion };
  return { id: event.id, contentType: 'application/json', type: event.type, data: event.data as JSONType, metadata };
}

export function fromEsdbEvent(event: EsdbRecordedEvent): RecordedEvent {
  const { schemaVersion, ...metadata } = event.metadata as unknown as StoredMetadata;
  return {
    id: event.id,
    stream: event.streamId,
    revision: Number(event.revision),
    position: event.position ? fromEsdbPosition(event.position) : START,
    type: event.type,
    schemaVersion,
    data: event.data,
    metadata,
  };
}

export function fromEsdbPosition(position: EsdbPosition): Position {
  return { commit: position.commit, prepare: position.prepare };
}

/** System events (`$`-prefixed types) belong to the server, never to our streams. */
export function isSystemEvent(event: { readonly type: string }): boolean {
  return event.type.startsWith('$');
}

/**
 * Maps a client or gRPC error to the port's errors; anything else (our own bugs) passes through.
 * Only what may pass by itself becomes StoreUnavailableError ("try again"): a write too large,
 * refused credentials and a deleted stream are errors of their own, which trying again cannot mend.
 * `size` is the write's size in bytes, when the call was a write.
 */
export function translateError(error: unknown, stream?: string, size: number | null = null): unknown {
  if (error instanceof EventStoreError) return error;
  if (error instanceof Error && isCommandError(error)) {
    switch (error.type) {
      case ErrorType.STREAM_NOT_FOUND:
        return new StreamNotFoundError(stream ?? error.streamName);
      case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
        return new AppendTooLargeError(stream ?? '', size, Number.isFinite(error.maxAppendSize) ? error.maxAppendSize : null);
      case ErrorType.ACCESS_DENIED:
        return new StoreAccessDeniedError(
          `EventStoreDB refused the service access (${error.message}): EVENTSTORE_URL must name a user the node knows, with its password, in the $ops or $admins group, which may read $all`,
          error,
        );
      case ErrorType.STREAM_DELETED:
        return new StreamDeletedError(stream ?? error.streamName);
      default:
        return new StoreUnavailableError(`EventStoreDB call failed (${error.type}): ${error.message}`, error);
    }
  }
  if (isGrpcServiceError(error)) return new StoreUnavailableError(`EventStoreDB call failed: ${error.message}`, error);
  return error;
}

function isGrpcServiceError(error: unknown): error is Error & { code: number } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'number';
}

/** Failures that may pass by themselves — the node lost leadership, the call ran out of time, the node is away — worth one more try. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error) || !isCommandError(error)) return false;
  return [ErrorType.NOT_LEADER, ErrorType.DEADLINE_EXCEEDED, ErrorType.UNAVAILABLE, ErrorType.TIMEOUT].includes(error.type);
}
