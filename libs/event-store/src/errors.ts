import { ExpectedRevision } from './event-store.port';

/** The one error family of the event store port. */
export abstract class EventStoreError extends Error {
  abstract readonly code: 'wrong-expected-revision' | 'stream-not-found' | 'store-unavailable';
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
