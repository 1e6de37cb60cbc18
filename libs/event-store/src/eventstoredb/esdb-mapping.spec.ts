/**
 * What EventStoreDB's errors become (issue 15 item 2): only what may pass by itself is "the store
 * is unavailable, try again"; a write too large, refused credentials and a deleted stream are
 * errors of their own. Built from the client's own error classes, as the client raises them.
 */
import {
  AccessDeniedError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError as EsdbStreamDeletedError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  UnavailableError,
} from '@eventstore/db-client';
import { toProblem } from '@app/platform/http/problem-details';
import { AppendTooLargeError, StoreAccessDeniedError, StoreUnavailableError, StreamDeletedError, StreamNotFoundError } from '../errors';
import { isTransient, translateError } from './esdb-mapping';

const grpc = (metadata: Record<string, string>) =>
  ({ code: 9, message: 'refused', metadata: { getMap: () => metadata } }) as unknown as ConstructorParameters<typeof NotLeaderError>[0];

describe('EventStoreDB errors as the port names them', () => {
  it('a write above the maximum append size is AppendTooLargeError with both sizes, answered 413', () => {
    const error = translateError(new MaxAppendSizeExceededError(undefined, 1_048_576), 'draw-d1', 1_500_000);
    expect(error).toBeInstanceOf(AppendTooLargeError);
    expect(error).toMatchObject({ stream: 'draw-d1', size: 1_500_000, maxSize: 1_048_576 });
    expect(toProblem(error)).toMatchObject({ status: 413, detail: 'the change is too large for the event store (1500000 bytes, at most 1048576 bytes)' });
  });

  it('refused credentials are StoreAccessDeniedError: an operator must act, it is not "try again"', () => {
    const error = translateError(new AccessDeniedError(undefined, 'access denied'), '$all');
    expect(error).toBeInstanceOf(StoreAccessDeniedError);
    expect(toProblem(error)).toMatchObject({ status: 500, type: 'urn:dsr:problem:store-access-denied' });
  });

  it('a deleted stream is StreamDeletedError, answered 410', () => {
    const error = translateError(new EsdbStreamDeletedError(undefined, 'task-t1'), 'task-t1');
    expect(error).toBeInstanceOf(StreamDeletedError);
    expect(toProblem(error)).toMatchObject({ status: 410 });
  });

  it('a missing stream stays StreamNotFoundError', () => {
    expect(translateError(new EsdbStreamNotFoundError(undefined, 'task-t1'), 'task-t1')).toBeInstanceOf(StreamNotFoundError);
  });

  it('a lost leader, a deadline and a node away are transient: retried, then StoreUnavailableError (503)', () => {
    const notLeader = new NotLeaderError(grpc({ 'leader-endpoint-host': 'node-2', 'leader-endpoint-port': '2113' }));
    for (const error of [notLeader, new DeadlineExceededError(undefined, 'deadline'), new UnavailableError(undefined, 'away')]) {
      expect(isTransient(error)).toBe(true);
      const translated = translateError(error, 's');
      expect(translated).toBeInstanceOf(StoreUnavailableError);
      expect(toProblem(translated)).toMatchObject({ status: 503 });
    }
    expect(isTransient(new AccessDeniedError(undefined, 'no'))).toBe(false);
    expect(isTransient(new MaxAppendSizeExceededError(undefined, 1))).toBe(false);
  });
});
