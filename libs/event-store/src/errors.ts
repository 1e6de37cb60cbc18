import { ExpectedRevision } from './event-store.port';

/** The one error family of the event store port. */
export abstract class EventStoreError extends Error {
  abstract readonly code: 'wrong-expected-revision' | 'stream-not-found' | 'store-unavailable' | 'append-too-large' | 'access-denied' | 'stream-deleted';
}

export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'wrong-expected-revision' as const;
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, or 'no-stream' when it has no events. */
    readonly actual: number | 'no-stream',
  ) {
    super(`stream ${stream}: expected revision ${expected}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class StreamNotFoundError extends EventStoreError {
  readonly code = 'stream-not-found' as const;
  constructor(readonly stream: string) {
    super(`stream ${stream} not found`);
    this.name = 'StreamNotFoundError';
  }
}

export class StoreUnavailableError extends EventStoreError {
  readonly code = 'store-unavailable' as const;
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/** The store refuses a write this large (EventStoreDB's maximum append size): trying again cannot help. */
export class AppendTooLargeError extends EventStoreError {
  readonly code = 'append-too-large' as const;
  constructor(
    readonly stream: string,
    /** The write's size in bytes as we sent it; null when unknown. */
    readonly size: number | null,
    /** The store's limit in bytes; null when it did not say. */
    readonly maxSize: number | null,
  ) {
    super(
      `stream ${stream}: the write${size === null ? '' : ` of ${size} bytes`} exceeds the store's maximum append size${maxSize === null ? '' : ` of ${maxSize} bytes`}`,
    );
    this.name = 'AppendTooLargeError';
  }
}

/** The store refuses the service's credentials for this operation: a deployment fault, not a passing one. */
export class StoreAccessDeniedError extends EventStoreError {
  readonly code = 'access-denied' as const;
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StoreAccessDeniedError';
  }
}

/** The stream was deleted in the store (never by this service, which deletes nothing). */
export class StreamDeletedError extends EventStoreError {
  readonly code = 'stream-deleted' as const;
  constructor(readonly stream: string) {
    super(`stream ${stream} was deleted in the event store`);
    this.name = 'StreamDeletedError';
  }
}
