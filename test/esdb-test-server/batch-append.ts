/**
 * BatchAppend and ServerFeatures as an EventStoreDB 23.x/24.x node serves them. A node lists
 * BatchAppend among its supported methods, and @eventstore/db-client then sends every
 * `appendToStream` over one long-lived BatchAppend stream — production's append path — instead of
 * Append: requests carry a correlation id, options (stream, expected position) and proposed
 * messages, ending with `is_final`; each write is answered with a success (current revision and the
 * write's position) or a google.rpc.Status whose details pack WrongExpectedVersion or
 * MaximumAppendSizeExceeded. A write above the node's maximum append size (1 MiB by default) is
 * refused as a node refuses it.
 */
import * as grpc from '@grpc/grpc-js';
import { createRequire } from 'node:module';
import { BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { AllStreamPosition, MaximumAppendSizeExceeded, Timeout, UUID, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { ExpectedState, InMemoryLog, ProposedRecord } from './in-memory-log';
import { isUuid } from './uuid';

// the client's own copy of google-protobuf (it may keep one of its own): a message of another copy
// cannot be nested in the generated messages
const fromClient = createRequire(require.resolve('@eventstore/db-client'));
const { Any } = fromClient('google-protobuf/google/protobuf/any_pb') as typeof import('google-protobuf/google/protobuf/any_pb');
const { Empty: ProtoEmpty } = fromClient('google-protobuf/google/protobuf/empty_pb') as typeof import('google-protobuf/google/protobuf/empty_pb');

/** EventStoreDB's default `MaxAppendSize`. */
export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;

const STREAMS = 'event_store.client.streams.Streams';

export function createServerFeaturesService(): grpc.UntypedServiceImplementation {
  return {
    getSupportedMethods: (_call: grpc.ServerUnaryCall<unknown, SupportedMethods>, callback: grpc.sendUnaryData<SupportedMethods>) => {
      const methods = ['Read', 'Append', 'BatchAppend'].map((name) => new SupportedMethod().setServiceName(STREAMS).setMethodName(name));
      callback(null, new SupportedMethods().setMethodsList(methods).setEventStoreServerVersion('24.10.0'));
    },
  };
}

interface PendingWrite {
  options: BatchAppendReq.Options | null;
  readonly proposed: ProposedRecord[];
  bytes: number;
}

export function batchAppend(
  log: InMemoryLog,
  call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>,
  maxAppendSize: number,
  counted: () => void,
  timesOut: () => boolean,
): void {
  const pending = new Map<string, PendingWrite>();
  call.on('data', (request: BatchAppendReq) => {
    const correlation = request.getCorrelationId()!;
    const key = correlation.getString() || Buffer.from(correlation.serializeBinary()).toString('hex');
    let write = pending.get(key);
    if (!write) pending.set(key, (write = { options: null, proposed: [], bytes: 0 }));
    if (request.hasOptions()) write.options = request.getOptions()!;
    for (const message of request.getProposedMessagesList()) {
      const metadata = message.getMetadataMap();
      const data = message.getData_asU8();
      const customMetadata = message.getCustomMetadata_asU8();
      write.bytes += data.length + customMetadata.length;
      write.proposed.push({
        id: message.getId()!.getString(),
        type: metadata.get('type') ?? '',
        contentType: metadata.get('content-type') ?? 'application/octet-stream',
        data,
        customMetadata,
      });
    }
    if (!request.getIsFinal()) return;
    pending.delete(key);
    // a node refuses an event id that is not a UUID: the whole call fails
    const notUuid = write.proposed.find((record) => !isUuid(record.id));
    if (notUuid) {
      call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: `event id ${notUuid.id} is not a UUID` });
      return;
    }
    counted();
    const response = answer(log, correlation, write, maxAppendSize);
    // the write has landed, but the node did not hear it committed in time: it answers a timeout
    if (response.hasSuccess() && timesOut()) {
      const details = new Any();
      details.pack(new Timeout().serializeBinary(), 'event_store.client.Timeout');
      response.setError(new Status().setCode(Code.DEADLINE_EXCEEDED).setMessage('Timeout').setDetails(details));
    }
    call.write(response);
  });
  call.on('end', () => call.end());
}

function answer(log: InMemoryLog, correlation: UUID, write: PendingWrite, maxAppendSize: number): BatchAppendResp {
  const options = write.options!;
  const identifier = options.getStreamIdentifier()!;
  const response = new BatchAppendResp().setCorrelationId(correlation).setStreamIdentifier(identifier);
  if (write.bytes > maxAppendSize) {
    const details = new Any();
    details.pack(new MaximumAppendSizeExceeded().setMaxappendsize(maxAppendSize).serializeBinary(), 'event_store.client.MaximumAppendSizeExceeded');
    return response.setError(new Status().setCode(Code.INVALID_ARGUMENT).setMessage('Maximum Append Size Exceeded').setDetails(details));
  }
  const expected = expectedOf(options);
  const stream = Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
  const outcome = log.append(stream, expected, write.proposed);
  if (!outcome.ok) {
    const wrong = new WrongExpectedVersion();
    if (outcome.currentRevision === null) wrong.setCurrentNoStream(new ProtoEmpty());
    else wrong.setCurrentStreamRevision(outcome.currentRevision.toString());
    if (expected.kind === 'revision') wrong.setExpectedStreamPosition(expected.revision.toString());
    else if (expected.kind === 'no-stream') wrong.setExpectedNoStream(new ProtoEmpty());
    else if (expected.kind === 'stream-exists') wrong.setExpectedStreamExists(new ProtoEmpty());
    else wrong.setExpectedAny(new ProtoEmpty());
    const details = new Any();
    details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
    return response.setError(new Status().setCode(Code.FAILED_PRECONDITION).setMessage('Wrong expected version').setDetails(details));
  }
  const success = new BatchAppendResp.Success();
  if (outcome.currentRevision === null) success.setNoStream(new ProtoEmpty());
  else success.setCurrentRevision(outcome.currentRevision.toString());
  if (outcome.position === null) success.setNoPosition(new ProtoEmpty());
  else
    success.setPosition(new AllStreamPosition().setCommitPosition(outcome.position.commit.toString()).setPreparePosition(outcome.position.prepare.toString()));
  return response.setSuccess(success);
}

function expectedOf(options: BatchAppendReq.Options): ExpectedState {
  if (options.hasStreamPosition()) return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: 'no-stream' };
  if (options.hasStreamExists()) return { kind: 'stream-exists' };
  return { kind: 'any' };
}
