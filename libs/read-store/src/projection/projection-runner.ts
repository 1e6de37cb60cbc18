/**
 * Follows the store's ordered subscription from the durable checkpoint, applies the projections
 * in batches and commits each batch's writes together with the next checkpoint. Because the
 * read store commits both atomically, a crash anywhere leaves the read models equal to a prefix
 * of the log, and the next start resumes exactly after it: the result equals a rebuild from zero.
 */
import { EventEmitter } from 'node:events';
import { EventStore, Position, RecordedEvent, comparePositions, formatPosition, parsePosition } from '@app/event-store';
import { CheckpointConflictError, Fence, LeaseLostError, ReadStore } from '../read-store.port';
import { Projection } from './projection';
import { ProjectionDispatch, dispatchOf, writesForBatch } from './batch';

export interface ProjectionRunnerOptions {
  /** Name of the checkpoint; one runner per name. */
  readonly name?: string;
  readonly batchSize?: number;
  /** Events per batch while replaying the log before the first catch-up: fewer, larger commits (default 5,000). */
  readonly catchUpBatchSize?: number;
  /** A partial batch is committed once no further event arrives within this time. */
  readonly idleFlushMs?: number;
  /** Applied to every event before the projections see it (schema upcasting). */
  readonly upcast?: (event: RecordedEvent) => RecordedEvent;
  readonly logger?: RunnerLogger;
  /**
   * What the projections' output looks like: when the read store holds models made by another
   * version (or from another log), they are cleared and rebuilt instead of resumed. Change it
   * whenever a projection's documents or indexes change shape.
   */
  readonly version?: string;
  /** Called after every commit, e.g. to export metrics. */
  readonly onCommitted?: (status: { checkpoint: Position; events: number }) => void;
  /**
   * Run only while holding the lease named after the runner, so that of several instances one
   * applies batches and the others stand by; every commit is fenced with the lease's token.
   */
  readonly lease?: RunnerLeaseOptions;
}

export interface RunnerLeaseOptions {
  /** This instance, unique among all that may run: e.g. hostname, pid and a random part. */
  readonly owner: string;
  /** How long the lease lasts unless renewed: a dead holder is replaced after at most this (default 5 s). */
  readonly ttlMs?: number;
  /** How often the holder renews and a standby tries to acquire (default 30 % of the TTL). */
  readonly renewEveryMs?: number;
}

export interface RunnerLogger {
  info(message: string, context?: object): void;
  warn(message: string, context?: object): void;
  error(message: string, context?: object): void;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly running: boolean;
  readonly caughtUp: boolean;
  readonly checkpoint: string | null;
  readonly head: string | null;
  /** Distance between the head of the log and the checkpoint, in log-position units (events on the embedded store). */
  readonly lag: number;
  readonly lastError: string | null;
  /** Under a lease: this instance's owner id and whether it holds the lease (false: standing by). */
  readonly lease: { readonly owner: string; readonly held: boolean; readonly token: number | null } | null;
}

/** Where a runner records which projections version and which log its read models come from. */
export const RUNNER_META = 'projection-runner';
interface RunnerOrigin {
  version: string;
  firstEventId: string | null;
}

const silent: RunnerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export class ProjectionRunner {
  readonly name: string;
  private readonly batchSize: number;
  private readonly catchUpBatchSize: number;
  private readonly idleFlushMs: number;
  private readonly logger: RunnerLogger;
  private readonly progress = new EventEmitter();
  private running = false;
  private caughtUp = false;
  private checkpoint: Position | null = null;
  private lastError: string | null = null;
  private loop: Promise<void> | null = null;
  private stopCurrent: (() => Promise<void>) | null = null;
  private readonly dispatch: ProjectionDispatch;
  private readonly lease: Required<RunnerLeaseOptions> | null;
  /**
   * The lease while this instance holds it, with the timer that renews it and when it runs out by
   * this side's clock unless renewed (counted from before the last successful call, so never later
   * than the store's own expiry).
   */
  private held: { token: number; renewal: NodeJS.Timeout; expiresAt: number } | null = null;
  private wakeUp: (() => void) | null = null;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.name = options.name ?? 'read-models';
    this.batchSize = options.batchSize ?? 500;
    this.catchUpBatchSize = Math.max(this.batchSize, options.catchUpBatchSize ?? 5000);
    this.idleFlushMs = options.idleFlushMs ?? 10;
    this.logger = options.logger ?? silent;
    this.progress.setMaxListeners(0);
    this.dispatch = dispatchOf(projections);
    const lease = options.lease;
    const ttlMs = lease?.ttlMs ?? 5000;
    this.lease = lease ? { owner: lease.owner, ttlMs, renewEveryMs: lease.renewEveryMs ?? Math.round(ttlMs * 0.3) } : null;
  }

  /** Whether this instance applies batches now: running, and holding the lease when it needs one. */
  get active(): boolean {
    return this.running && (this.lease === null || this.holdsLease());
  }

  /**
   * Holding the lease by this side's reckoning: a renewal that has not come back does not extend
   * it, so an instance cut off from the store counts itself out before another can take over,
   * whenever its renewal timer happens to fire.
   */
  private holdsLease(): boolean {
    return this.held !== null && Date.now() < this.held.expiresAt;
  }

  /** Starts following the log in the background; restarts from the checkpoint after failures. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.runForever();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.stopCurrent?.();
    await this.loop;
    this.loop = null;
  }

  /** Clears every read model and replays the whole log until caught up. */
  async rebuild(): Promise<void> {
    const wasRunning = this.running;
    await this.stop();
    await this.readStore.clear();
    this.checkpoint = null;
    this.caughtUp = false;
    if (wasRunning) {
      this.start();
      await this.untilCaughtUp();
    } else {
      await this.runUntilCaughtUp();
    }
  }

  /** Processes the log from the checkpoint to its current end, then returns. */
  async runUntilCaughtUp(): Promise<void> {
    this.start();
    await this.untilCaughtUp();
    await this.stop();
  }

  untilCaughtUp(): Promise<void> {
    if (this.caughtUp) return Promise.resolve();
    return new Promise((resolve) => this.progress.once('caught-up', resolve));
  }

  /** Resolves true once the read models include the event at `position`, false after the timeout. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    if (this.checkpoint && comparePositions(this.checkpoint, position) >= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onCommit = (checkpoint: Position) => {
        if (comparePositions(checkpoint, position) >= 0) finish(true);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (result: boolean) => {
        clearTimeout(timer);
        this.progress.off('committed', onCommit);
        resolve(result);
      };
      this.progress.on('committed', onCommit);
    });
  }

  async status(): Promise<ProjectionStatus> {
    const [stored, head] = await Promise.all([this.readStore.getCheckpoint(this.name), this.eventStore.headPosition()]);
    const checkpoint = stored ? parsePosition(stored) : null;
    return {
      name: this.name,
      running: this.running,
      caughtUp: this.caughtUp,
      checkpoint: stored,
      head: head ? formatPosition(head) : null,
      lag: head ? Number(head.commit - (checkpoint?.commit ?? 0n)) : 0,
      lastError: this.lastError,
      lease: this.lease && { owner: this.lease.owner, held: this.holdsLease(), token: this.holdsLease() ? this.held!.token : null },
    };
  }

  private async runForever(): Promise<void> {
    let failures = 0;
    let standingBy = false;
    while (this.running) {
      try {
        if (this.held && !this.holdsLease()) this.loseLease(this.held.token, 'the lease could not be renewed in time');
        if (this.lease && !this.held && !(await this.acquireLease(this.lease))) {
          if (!standingBy) this.logger.info('another instance holds the lease; standing by', { owner: this.lease.owner });
          standingBy = true;
          await this.pause(this.lease.renewEveryMs);
          continue;
        }
        standingBy = false;
        await this.follow();
        failures = 0;
      } catch (error) {
        if (error instanceof LeaseLostError) {
          // Often renewal has already failed by now; this says that a batch was actually withheld.
          this.logger.warn('batch fenced off: another instance holds the lease', { error: error.message });
          this.loseLease(error.token, 'a commit was fenced off', error.message);
          continue;
        }
        failures += 1;
        this.lastError = (error as Error).message;
        this.caughtUp = false;
        if (error instanceof CheckpointConflictError)
          this.logger.warn('checkpoint moved under the runner; resuming from the stored one', { error: this.lastError });
        else this.logger.error('projection runner failed; restarting from its checkpoint', { error: this.lastError, failures });
        await sleep(Math.min(100 * 2 ** Math.min(failures, 6), 5000));
      }
    }
    await this.releaseLease();
  }

  /** Takes the lease when free; from then on renews it until renewal fails or the runner stops. */
  private async acquireLease(lease: Required<RunnerLeaseOptions>): Promise<boolean> {
    // The lease counts from before the call, so this side never believes it longer than Redis or SQLite.
    const acquiredAt = Date.now();
    const token = await this.readStore.acquireLease(this.name, lease.owner, lease.ttlMs);
    if (token === null) return false;
    const renewal = setInterval(() => {
      const sentAt = Date.now();
      if (this.held?.token === token && sentAt >= this.held.expiresAt) {
        this.loseLease(token, 'the lease could not be renewed in time');
        return;
      }
      this.readStore.renewLease(this.name, lease.owner, token, lease.ttlMs).then(
        (renewed) => {
          if (!renewed) this.loseLease(token, 'the lease expired or was taken over before it was renewed');
          else if (this.held?.token === token) this.held.expiresAt = Math.max(this.held.expiresAt, sentAt + lease.ttlMs);
        },
        (error: unknown) => {
          if (this.held?.token === token && Date.now() >= this.held.expiresAt)
            this.loseLease(token, 'the lease could not be renewed in time', (error as Error).message);
        },
      );
    }, lease.renewEveryMs);
    this.held = { token, renewal, expiresAt: acquiredAt + lease.ttlMs };
    this.logger.info('lease acquired; applying projections', { owner: lease.owner, token });
    return true;
  }

  /**
   * Stops applying: the current subscription ends, and the runner goes back to waiting for the
   * lease. Only for the token held now: a late answer about an earlier one must not drop a newer.
   */
  private loseLease(token: number, reason: string, error?: string): void {
    if (this.held?.token !== token) return;
    clearInterval(this.held.renewal);
    this.logger.warn('lease lost; standing by', { reason, token: this.held.token, error });
    this.held = null;
    this.caughtUp = false;
    void this.stopCurrent?.();
  }

  /** On a clean stop a standby can take over at once instead of after the TTL. */
  private async releaseLease(): Promise<void> {
    if (!this.lease || !this.held) return;
    const { token, renewal } = this.held;
    clearInterval(renewal);
    this.held = null;
    await this.readStore.releaseLease(this.name, this.lease.owner, token).catch((error: unknown) => {
      this.logger.warn('could not release the lease; it expires by itself', { error: (error as Error).message });
    });
  }

  /** Sleeps, but wakes at once when the runner stops. */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    }).finally(() => (this.wakeUp = null));
  }

  /** One subscription's lifetime: from the stored checkpoint until stopped or failed. */
  private async follow(): Promise<void> {
    const fence: Fence | undefined = this.held ? { lease: this.name, token: this.held.token } : undefined;
    const holding = () => !fence || (this.held?.token === fence.token && this.holdsLease());
    const stored = await this.resumable();
    let committed: string | null = stored;
    this.checkpoint = stored ? parsePosition(stored) : null;
    const subscription = this.eventStore.subscribeAll(this.checkpoint ? { after: this.checkpoint } : {});
    this.stopCurrent = () => subscription.close();
    const pull = messagePuller(subscription[Symbol.asyncIterator]());
    let batch: RecordedEvent[] = [];
    let position: Position | null = this.checkpoint;
    let skippedSinceCommit = 0;

    const flush = async () => {
      if (!position || (batch.length === 0 && skippedSinceCommit === 0)) return;
      const events = batch;
      batch = [];
      skippedSinceCommit = 0;
      const writes = await writesForBatch(events, this.dispatch, this.readStore);
      if (committed === null) writes.push({ op: 'put', collection: RUNNER_META, id: this.name, document: await this.origin() });
      const next = formatPosition(position);
      await this.readStore.commit(writes, { name: this.name, expected: committed, next, fence });
      committed = next;
      this.checkpoint = position;
      this.lastError = null;
      this.options.onCommitted?.({ checkpoint: position, events: events.length });
      this.progress.emit('committed', position);
    };

    try {
      while (this.running && holding()) {
        const next = await pull(batch.length > 0 || skippedSinceCommit > 0 ? this.idleFlushMs : undefined);
        if (next === 'idle') {
          await flush();
          continue;
        }
        if (next.done) break;
        const message = next.value;
        if (message.kind === 'event') {
          position = message.event.position;
          if (this.isRelevant(message.event)) batch.push(this.options.upcast ? this.options.upcast(message.event) : message.event);
          else skippedSinceCommit += 1;
          if (batch.length + skippedSinceCommit >= (this.caughtUp ? this.batchSize : this.catchUpBatchSize)) await flush();
        } else if (message.kind === 'checkpoint') {
          // Not a place to resume after: EventStoreDB may name the position of an event it has not
          // delivered yet (the next it reads, or the end of the log that the next write takes).
          // The runner resumes after the last event it was given, which is exact on every store.
          continue;
        } else if (message.kind === 'idle') {
          await flush();
        } else if (message.kind === 'fell-behind') {
          // reading from the log again: catch-up batches until the next caught-up
          this.caughtUp = false;
          this.logger.warn('projections fell behind the log; catching up', { checkpoint: committed });
        } else {
          await flush();
          if (!this.caughtUp) {
            this.caughtUp = true;
            this.logger.info('projections caught up', { checkpoint: committed });
            this.progress.emit('caught-up');
          }
        }
      }
      if (this.running && holding()) throw new Error('subscription ended unexpectedly');
    } finally {
      this.stopCurrent = null;
      await subscription.close();
    }
  }

  /**
   * The stored checkpoint when the read models were made by this version from this log; after
   * clearing them (and null) when not: a persistent read store outlives upgrades and restores.
   */
  private async resumable(): Promise<string | null> {
    const stored = await this.readStore.getCheckpoint(this.name);
    if (stored === null) return null;
    const [meta, origin, head] = await Promise.all([
      this.readStore.getDocument<RunnerOrigin>(RUNNER_META, this.name),
      this.origin(),
      this.eventStore.headPosition(),
    ]);
    const reason =
      meta?.version !== origin.version
        ? `made by projections version ${meta?.version ?? 'unknown'}, now ${origin.version}`
        : meta.firstEventId !== origin.firstEventId
          ? 'made from another log'
          : !head || comparePositions(parsePosition(stored), head) > 0
            ? `checkpoint ${stored} is past the end of the log`
            : null;
    if (reason === null) return stored;
    this.logger.warn('read models do not match this log and version; rebuilding them', { reason });
    await this.readStore.clear();
    return null;
  }

  private async origin(): Promise<RunnerOrigin> {
    const [first] = await this.eventStore.readAll({ maxCount: 1 });
    return { version: this.options.version ?? 'unversioned', firstEventId: first?.id ?? null };
  }

  private isRelevant(event: RecordedEvent): boolean {
    return this.dispatch.has(event.type);
  }
}

/** Pulls messages one at a time; a pull that went idle stays pending for the next call, so nothing is lost. */
function messagePuller<T>(iterator: AsyncIterator<T>) {
  let pending: Promise<IteratorResult<T>> | null = null;
  return async (idleMs?: number): Promise<IteratorResult<T> | 'idle'> => {
    pending ??= iterator.next();
    if (idleMs === undefined) {
      const result = await pending;
      pending = null;
      return result;
    }
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<'idle'>((resolve) => (timer = setTimeout(() => resolve('idle'), idleMs)));
    const result = await Promise.race([pending, idle]);
    clearTimeout(timer);
    if (result !== 'idle') pending = null;
    return result;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
