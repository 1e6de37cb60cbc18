/**
 * The facts an inspector matching rests on, read from the event log alone — never from a read
 * model: the registry (departments, inspectors, experts, checklists) folded up to a position,
 * and the task's events up to the same position. The freeze folds up to the log's head and
 * records it; verification folds up to the recorded position again and re-runs everything
 * (`verifyMatching`), so `GET …/verification` and any outside re-implementation agree.
 */
import { EventStore, Position, RecordedEvent, START, StreamNotFoundError, comparePositions, parsePosition } from '@app/event-store';
import {
  CANDIDATE_STREAM_PREFIXES,
  CandidateRegistry,
  MatchingEvent,
  MatchingPoolsFrozen,
  MatchingTaskFacts,
  MatchingVerification,
  applyCandidateEvent,
  emptyCandidateRegistry,
  matchingStream,
  taskFactsFrom,
  taskStream,
  upcast,
  verifyMatching,
} from '@app/domain';

/** Folds every registry event at or before `upTo`; the filtered subscription skips the rest of the log (targets, draws …). */
export async function loadCandidateRegistry(store: EventStore, upTo: Position): Promise<CandidateRegistry> {
  const registry = emptyCandidateRegistry();
  const subscription = store.subscribeAll({ filter: { streamPrefixes: CANDIDATE_STREAM_PREFIXES } });
  try {
    for await (const message of subscription) {
      if (message.kind === 'caught-up') break;
      if (message.kind === 'idle' || message.kind === 'fell-behind') continue;
      if (message.kind === 'checkpoint') {
        // an event at the checkpoint's own position may still come (see the port)
        if (comparePositions(message.position, upTo) > 0) break;
        continue;
      }
      const { event } = message;
      if (comparePositions(event.position, upTo) > 0) break;
      applyCandidateEvent(registry, { type: event.type, data: upcast(event.type, event.schemaVersion, event.data) });
    }
  } finally {
    await subscription.close();
  }
  return registry;
}

/** The task's set-up, locked list and dispatches as they stood at `upTo`. */
export async function loadMatchingTask(store: EventStore, taskId: string, upTo: Position): Promise<MatchingTaskFacts> {
  const events = (await readOrEmpty(store, taskStream(taskId))).filter((e) => comparePositions(e.position, upTo) <= 0);
  return taskFactsFrom(events.map((e) => ({ type: e.type, data: upcast(e.type, e.schemaVersion, e.data) })));
}

/** Where the log ends now: the position a freeze records. */
export async function logHead(store: EventStore): Promise<Position> {
  return (await store.headPosition()) ?? START;
}

export async function verifyMatchingFromLog(store: EventStore, taskId: string, departmentId: string): Promise<MatchingVerification | null> {
  const events = (await readOrEmpty(store, matchingStream(taskId, departmentId))).map(
    (e) => ({ type: e.type, data: upcast(e.type, e.schemaVersion, e.data) }) as MatchingEvent,
  );
  const frozen = events[0] as MatchingPoolsFrozen | undefined;
  if (!frozen) return null;
  if (frozen.type !== 'MatchingPoolsFrozen')
    return verifyMatching(events, { registry: emptyCandidateRegistry(), task: { setUp: null, locked: null, dispatches: [] } });
  const position = parsePosition(frozen.data.candidatesPosition);
  const [registry, task] = await Promise.all([loadCandidateRegistry(store, position), loadMatchingTask(store, taskId, position)]);
  return verifyMatching(events, { registry, task });
}

async function readOrEmpty(store: EventStore, stream: string): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(stream);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}
