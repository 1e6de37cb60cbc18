/**
 * The write path of every command: read the stream, fold it, let the pure decider decide, and
 * append the new events with the expected revision of what was read. A concurrent writer makes
 * the append fail; the command is then decided again on the fresher state, a few times at most.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, RecordedEvent, StreamNotFoundError, WrongExpectedRevisionError, eventIdFor, formatPosition } from '@app/event-store';
import { Decider, DomainEvent, IllegalStateError, schemaVersionOf, upcast } from '@app/domain';
import { CLOCK, Clock } from './clock';
import { CommandContext } from './command-context';
import { Metrics } from '../metrics/metrics';

export interface CommandResult {
  readonly stream: string;
  /** Revision of the stream's last event after the command. */
  readonly revision: number;
  /** Global position of the last appended event; null when nothing was appended. */
  readonly position: string | null;
  readonly events: readonly string[];
  /** True when this command id had already been applied: nothing new was appended. */
  readonly replayed: boolean;
}

export interface LoadedStream<State> {
  readonly state: State;
  readonly revision: number | null;
  readonly events: readonly RecordedEvent[];
}

const MAX_ATTEMPTS = 5;

@Injectable()
export class CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Reads a stream and folds it into the decider's state: also how handlers look up outside
   * facts. With `throughRevision`, only the events up to and including that revision count.
   */
  async load<State, Event extends DomainEvent>(
    stream: string,
    decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>,
    throughRevision?: number,
    options: { lastEventOnly?: boolean } = {},
  ): Promise<LoadedStream<State>> {
    let events: RecordedEvent[];
    try {
      events = options.lastEventOnly ? await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 }) : await this.store.readStream(stream);
      if (throughRevision !== undefined) events = events.filter((e) => e.revision <= throughRevision);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { state: decider.initialState, revision: null, events: [] };
      throw error;
    }
    const state = events.reduce((s, e) => decider.evolve(s, { type: e.type, data: upcast(e.type, e.schemaVersion, e.data) } as Event), decider.initialState);
    return { state, revision: events.length > 0 ? events[events.length - 1].revision : null, events };
  }

  /**
   * With `expectedRevision` the command is decided only on exactly that revision of the stream
   * and is not retried: a caller whose own decision depended on that revision (the quota ledger)
   * gets the WrongExpectedRevisionError and decides again itself.
   */
  /** What an earlier run of this command id appended to the stream, or null: lets a handler answer a retry before re-deciding. */
  async previousResult(stream: string, context: CommandContext): Promise<CommandResult | null> {
    const { events } = await this.load(stream, { initialState: null, evolve: () => null });
    return replayOf(stream, events, context);
  }

  async run<State, Command extends { type: string }, Event extends DomainEvent>(
    stream: string,
    decider: Decider<State, Command, Event>,
    command: Command,
    context: CommandContext,
    options: {
      expectedRevision?: number | null;
      /**
       * Decide on the stream's last event alone, for a decider whose state is whatever that event
       * says (the tree heads: only the newest size counts) on a stream that grows without end. A
       * retry is recognised only if its events are still the last ones.
       */
      lastEventOnly?: boolean;
    } = {},
  ): Promise<CommandResult> {
    const stop = this.metrics.commandDuration.startTimer({ command: command.type });
    try {
      const result = await this.attempt(stream, decider, command, context, options.expectedRevision, options.lastEventOnly ?? false);
      stop({ outcome: result.replayed ? 'replayed' : 'appended' });
      return result;
    } catch (error) {
      stop({ outcome: 'refused' });
      throw error;
    }
  }

  private async attempt<State, Command extends { type: string }, Event extends DomainEvent>(
    stream: string,
    decider: Decider<State, Command, Event>,
    command: Command,
    context: CommandContext,
    expectedRevision: number | null | undefined,
    lastEventOnly: boolean,
  ): Promise<CommandResult> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.load(stream, decider, undefined, { lastEventOnly });
      const earlier = replayOf(stream, loaded.events, context);
      if (earlier) return earlier;
      if (expectedRevision !== undefined && loaded.revision !== expectedRevision) {
        throw new WrongExpectedRevisionError(stream, expectedRevision ?? 'no-stream', loaded.revision ?? 'no-stream');
      }
      const decided = decider.decide(command, loaded.state);
      if (decided.length === 0) return { stream, revision: loaded.revision ?? -1, position: null, events: [], replayed: false };
      const recordedAt = this.clock.now().toISOString();
      const proposed = decided.map((event, i) => ({
        id: eventIdFor(context.commandId, i),
        type: event.type,
        schemaVersion: schemaVersionOf(event.type),
        data: event.data,
        metadata: {
          actorId: context.actor.id,
          role: context.actor.role,
          unit: context.actor.unit,
          commandId: context.commandId,
          correlationId: context.correlationId,
          causationId: context.causationId,
          recordedAt,
        },
      }));
      try {
        const appended = await this.store.append(stream, proposed, loaded.revision ?? 'no-stream');
        return {
          stream,
          revision: appended.nextExpectedRevision,
          position: formatPosition(appended.position),
          events: decided.map((e) => e.type),
          replayed: false,
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || expectedRevision !== undefined) throw error;
        if (attempt >= MAX_ATTEMPTS) throw new IllegalStateError(`${stream} kept changing while the command was decided; try again`);
      }
    }
  }
}

/** The result an earlier run of the same command id produced on this stream, or null. */
function replayOf(stream: string, events: readonly RecordedEvent[], context: CommandContext): CommandResult | null {
  const earlier = events.filter((e) => e.metadata.commandId === context.commandId);
  if (earlier.length === 0) return null;
  const last = earlier[earlier.length - 1];
  return { stream, revision: last.revision, position: formatPosition(last.position), events: earlier.map((e) => e.type), replayed: true };
}
