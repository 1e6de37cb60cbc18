/**
 * The event_store.client.streams.Streams gRPC service (Read, Append and — as 23.x/24.x nodes
 * serve it, listed by ServerFeatures — BatchAppend) over an InMemoryLog, answering the way
 * EventStoreDB does. Delete and Tombstone are left out, so grpc-js answers UNIMPLEMENTED for them.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { IStreamsServer } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendReq, AppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { TestUsers, refusalOf } from './access';
import { batchAppend } from './batch-append';
import { isUuid } from './uuid';
import { AppendOutcome, Direction, ExpectedState, InMemoryLog, LogPosition, ProposedRecord, StoredRecord } from './in-memory-log';

/** Live events a subscriber may leave unread before the node drops it back to reading the log. */
const LIVE_QUEUE_SIZE = 500;

/** EventStoreDB's search window when the client asks for the default (`count`). */
const DEFAULT_MAX_SEARCH_WINDOW = 32;

type ReadCall = grpc.ServerWritableStream<ReadReq, ReadResp>;
type RecordPredicate = (record: StoredRecord) => boolean;

interface ReadFilter {
  readonly matches: RecordPredicate;
  /** Events scanned between checkpoints; null when the request has no filter. */
  readonly checkpointInterval: number | null;
}

export function createStreamsService(
  log: InMemoryLog,
  options: {
    batchAppend: boolean;
    maxAppendSize: number;
    writes: { append: number; batchAppend: number };
    /** Whether the node answers the write it has just made a timeout (it landed, but the answer says it may not have). */
    timesOut: () => boolean;
    /** The node's users when it is secure; null for an insecure node, which authenticates no one. */
    users: TestUsers | null;
  } & SubscriptionBehaviour,
): grpc.UntypedServiceImplementation {
  const implementation: Pick<IStreamsServer, 'read' | 'append'> & Partial<Pick<IStreamsServer, 'batchAppend'>> = {
    read: (call) => {
      const refused = refusalOf(options.users, call.metadata, readsAll(call.request) ? '$all' : 'streams');
      if (refused) return call.emit('error', refused);
      read(log, call, options);
    },
    append: (call, callback) => {
      const refused = refusalOf(options.users, call.metadata, 'streams');
      if (refused) return callback(refused);
      options.writes.append += 1;
      append(log, call, callback, options.maxAppendSize, options.timesOut);
    },
    ...(options.batchAppend
      ? {
          batchAppend: (call) => {
            const refused = refusalOf(options.users, call.metadata, 'streams');
            if (refused) return call.emit('error', refused);
            batchAppend(log, call, options.maxAppendSize, () => (options.writes.batchAppend += 1), options.timesOut);
          },
        }
      : {}),
  };
  return implementation;
}

/** What a node's version changes in its subscriptions. */
export interface SubscriptionBehaviour {
  /** `caught_up` and `fell_behind`: sent from 23.10 on. */
  readonly caughtUpMessages: boolean;
}

function read(log: InMemoryLog, call: ReadCall, server: SubscriptionBehaviour): void {
  const options = call.request.getOptions();
  if (!options) return fail(call, grpc.status.INVALID_ARGUMENT, 'read options are required');
  if (options.hasSubscription()) {
    if (!options.hasAll()) return fail(call, grpc.status.UNIMPLEMENTED, 'only $all subscriptions are implemented');
    return subscribeToAll(log, call, options, server);
  }
  if (options.hasStream()) return readStream(log, call, options);
  return readAll(log, call, options);
}

/** A read or subscription of `$all` rather than of one stream. */
function readsAll(request: ReadReq): boolean {
  const options = request.getOptions();
  return !!options && !options.hasStream();
}

function readStream(log: InMemoryLog, call: ReadCall, options: ReadReq.Options): void {
  const streamOptions = options.getStream()!;
  const identifier = streamOptions.getStreamIdentifier();
  const from = streamOptions.hasRevision() ? BigInt(streamOptions.getRevision()) : streamOptions.hasEnd() ? 'end' : 'start';
  const records = log.readStream(streamNameOf(identifier), from, directionOf(options), countOf(options));
  if (records === null) {
    const notFound = new ReadResp.StreamNotFound();
    notFound.setStreamIdentifier(identifier);
    call.write(new ReadResp().setStreamNotFound(notFound));
  } else {
    for (const record of records) call.write(eventResponse(record));
  }
  call.end();
}

function readAll(log: InMemoryLog, call: ReadCall, options: ReadReq.Options): void {
  const records = log.readAll(allFromOf(options), directionOf(options), countOf(options), filterOf(options).matches);
  for (const record of records) call.write(eventResponse(record));
  call.end();
}

/**
 * Catch-up from an exclusive position, then live events until cancelled, as a 24.x node serves it:
 *
 * - `caught_up` when the catch-up reaches the end of the log (sent from 23.10 on; a node before
 *   that sends none — `caughtUpMessages: false`);
 * - `fell_behind` when a live subscriber cannot take the events as fast as they are written (the
 *   node's live queue overflows; here: more than LIVE_QUEUE_SIZE responses wait in the call's
 *   write buffer), then reading from the log again and `caught_up` once at its end (also 23.10 on);
 * - with a filter, a checkpoint every `max search window × multiplier` scanned events and when the
 *   subscription goes live, naming the position the node reads *next* — the next event's, or at
 *   the end of the log the position the next write will take — as KurrentDB 24.10 did before
 *   its fix for filtered checkpoints (KurrentDB pull request 4975): a client resuming after a
 *   checkpoint's position would skip that event.
 */
function subscribeToAll(log: InMemoryLog, call: ReadCall, options: ReadReq.Options, server: SubscriptionBehaviour): void {
  const { matches, checkpointInterval } = filterOf(options);
  let cursor = subscriptionStartIndex(log, options.getAll()!);
  let scannedSinceCheckpoint = 0;
  let live = false;
  let waitingForDrain = false;
  const nextReadPosition = (): LogPosition => log.at(cursor)?.position ?? log.endPosition();
  const pump = (): void => {
    if (waitingForDrain) return;
    for (let record = log.at(cursor); record && !call.cancelled; record = log.at(cursor)) {
      cursor += 1;
      const accepted = matches(record) ? call.write(eventResponse(record)) : true;
      if (checkpointInterval !== null && ++scannedSinceCheckpoint >= checkpointInterval) {
        scannedSinceCheckpoint = 0;
        call.write(checkpointResponse(nextReadPosition()));
      }
      if (!accepted && live && call.writableLength > LIVE_QUEUE_SIZE) {
        // the live queue is full: the node drops back to reading the log, and says so
        live = false;
        if (server.caughtUpMessages) call.write(new ReadResp().setFellBehind(new ReadResp.FellBehind()));
        waitingForDrain = true;
        call.once('drain', () => {
          waitingForDrain = false;
          pump();
        });
        return;
      }
    }
    if (!live && !call.cancelled) {
      live = true;
      if (checkpointInterval !== null) call.write(checkpointResponse(nextReadPosition()));
      if (server.caughtUpMessages) call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
    }
  };
  call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
  pump();
  const unsubscribe = log.onAppend(pump);
  call.on('cancelled', unsubscribe);
  call.on('close', unsubscribe);
}

function subscriptionStartIndex(log: InMemoryLog, all: ReadReq.Options.AllOptions): number {
  if (all.hasPosition()) return log.indexAfter(positionOf(all.getPosition()!));
  return log.indexAtOrAfter(all.hasEnd() ? 'end' : 'start');
}

function append(
  log: InMemoryLog,
  call: grpc.ServerReadableStream<AppendReq, AppendResp>,
  callback: grpc.sendUnaryData<AppendResp>,
  maxAppendSize: number,
  timesOut: () => boolean,
): void {
  let options: AppendReq.Options | undefined;
  const proposed: ProposedRecord[] = [];
  call.on('data', (request: AppendReq) => {
    if (request.hasOptions()) options = request.getOptions();
    else if (request.hasProposedMessage()) proposed.push(proposedRecord(request.getProposedMessage()!));
  });
  call.on('end', () => {
    if (!options) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'append options must come first' });
    // a node refuses an event id that is not a UUID (the test server used to take any text)
    const notUuid = proposed.find((record) => !isUuid(record.id));
    if (notUuid) return callback({ code: grpc.status.INVALID_ARGUMENT, details: `event id ${notUuid.id} is not a UUID` });
    // a node counts the whole write, every event's data and metadata, and refuses it with an RPC
    // error naming its limit (EventStoreDB's RpcExceptions.MaxAppendSizeExceeded; the client reads
    // the `exception` and `maximum-append-size` trailers into MaxAppendSizeExceededError)
    const bytes = proposed.reduce((sum, record) => sum + record.data.length + record.customMetadata.length, 0);
    if (bytes > maxAppendSize) {
      const trailers = new grpc.Metadata();
      trailers.set('exception', 'maximum-append-size-exceeded');
      trailers.set('maximum-append-size', String(maxAppendSize));
      return callback({ code: grpc.status.INVALID_ARGUMENT, details: `Maximum Append Size of ${maxAppendSize} Exceeded.`, metadata: trailers });
    }
    const expected = expectedStateOf(options);
    const outcome = log.append(streamNameOf(options.getStreamIdentifier()), expected, proposed);
    if (outcome.ok && timesOut()) return callback({ code: grpc.status.DEADLINE_EXCEEDED, details: 'Deadline Exceeded' });
    callback(null, appendResponse(outcome, expected));
  });
}

function proposedRecord(message: AppendReq.ProposedMessage): ProposedRecord {
  const metadata = message.getMetadataMap();
  return {
    id: message.getId()?.getString() ?? randomUUID(),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

function expectedStateOf(options: AppendReq.Options): ExpectedState {
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no-stream' };
  if (options.hasStreamExists()) return { kind: 'stream-exists' };
  return { kind: 'any' };
}

function appendResponse(outcome: AppendOutcome, expected: ExpectedState): AppendResp {
  if (!outcome.ok) return new AppendResp().setWrongExpectedVersion(wrongExpectedVersion(outcome.currentRevision, expected));
  const success = new AppendResp.Success();
  if (outcome.currentRevision === null) success.setNoStream(new Empty());
  else success.setCurrentRevision(outcome.currentRevision.toString());
  if (outcome.position === null) success.setNoPosition(new Empty());
  else
    success.setPosition(
      new AppendResp.Position().setCommitPosition(outcome.position.commit.toString()).setPreparePosition(outcome.position.prepare.toString()),
    );
  return new AppendResp().setSuccess(success);
}

function wrongExpectedVersion(current: bigint | null, expected: ExpectedState): AppendResp.WrongExpectedVersion {
  const result = new AppendResp.WrongExpectedVersion();
  if (current === null) result.setCurrentNoStream(new Empty());
  else result.setCurrentRevision(current.toString());
  switch (expected.kind) {
    case 'any':
      return result.setExpectedAny(new Empty());
    case 'no-stream':
      return result.setExpectedNoStream(new Empty());
    case 'stream-exists':
      return result.setExpectedStreamExists(new Empty());
    case 'revision':
      return result.setExpectedRevision(expected.revision.toString());
  }
}

function eventResponse(record: StoredRecord): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(record.id))
    .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(record.stream, 'utf8')))
    .setStreamRevision(record.revision.toString())
    .setCommitPosition(record.position.commit.toString())
    .setPreparePosition(record.position.prepare.toString())
    .setData(record.data)
    .setCustomMetadata(record.customMetadata);
  recorded.getMetadataMap().set('type', record.type).set('content-type', record.contentType).set('created', record.createdTicks.toString());
  const event = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(record.position.commit.toString());
  return new ReadResp().setEvent(event);
}

function checkpointResponse(position: LogPosition): ReadResp {
  const checkpoint = new ReadResp.Checkpoint().setCommitPosition(position.commit.toString()).setPreparePosition(position.prepare.toString());
  return new ReadResp().setCheckpoint(checkpoint);
}

function filterOf(options: ReadReq.Options): ReadFilter {
  const filter = options.getFilter();
  if (!options.hasFilter() || !filter) return { matches: () => true, checkpointInterval: null };
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier()! : filter.getEventType()!;
  const field = (record: StoredRecord): string => (onStream ? record.stream : record.type);
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_MAX_SEARCH_WINDOW;
  return {
    matches: expressionMatcher(expression, field),
    checkpointInterval: window * Math.max(1, filter.getCheckpointintervalmultiplier()),
  };
}

/** Prefixes win over a regex when both are given, as on the server. */
function expressionMatcher(expression: ReadReq.Options.FilterOptions.Expression, field: (record: StoredRecord) => string): RecordPredicate {
  const prefixes = expression.getPrefixList();
  if (prefixes.length > 0) return (record) => prefixes.some((prefix) => field(record).startsWith(prefix));
  if (expression.getRegex()) {
    const regex = new RegExp(expression.getRegex());
    return (record) => regex.test(field(record));
  }
  return () => true;
}

/** A position the client sent: commit and prepare both count, as on a node. */
function positionOf(position: ReadReq.Options.Position): LogPosition {
  return { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) };
}

function allFromOf(options: ReadReq.Options): LogPosition | 'start' | 'end' {
  const all = options.getAll();
  if (all?.hasPosition()) return positionOf(all.getPosition()!);
  return all?.hasEnd() ? 'end' : 'start';
}

function directionOf(options: ReadReq.Options): Direction {
  return options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS ? 'backwards' : 'forwards';
}

function countOf(options: ReadReq.Options): number {
  if (!options.hasCount()) return Number.MAX_SAFE_INTEGER;
  const count = BigInt(options.getCount());
  return count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
}

function streamNameOf(identifier: StreamIdentifier | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

function fail(call: ReadCall, code: grpc.status, details: string): void {
  call.emit('error', { code, details });
}
