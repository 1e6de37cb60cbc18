/**
 * Follows the whole log in order, in memory: the mechanism behind every in-process fold that must
 * not wait for a replay on each request (the draw's eligibility state, the Merkle tree). It
 * resubscribes after the position it reached when the subscription drops (the EventStoreDB client
 * never does that itself), and lets callers wait until it has read up to the head of the log.
 *
 * With a snapshot, the fold is kept on disk at a recorded position and a start resumes from there
 * instead of folding the whole log again (issue 9 item 2). A snapshot is written when the fold
 * has caught up after at least `everyEvents` new events, and when the process stops. It is used
 * only when it was made by the same fold version from this log: the first event and the event at
 * its position must have the ids it recorded; otherwise the fold starts from the beginning.
 */
import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AllSubscription, EventStore, Position, RecordedEvent, comparePositions, formatPosition, parsePosition } from '@app/event-store';

export interface FoldSnapshot {
  /** Where the snapshot lives, e.g. DATA_DIR/state/eligibility.snapshot. */
  readonly file: string;
  /** Changes whenever the folded state changes shape: an older snapshot is then ignored. */
  readonly version: string;
  /** The state as bytes, and back. `restore` is only called before the first event is applied. */
  save(): Buffer;
  restore(bytes: Buffer): void;
  /** Write one after this many newly folded events once caught up (default 50,000). */
  readonly everyEvents?: number;
}

/**
 * A fold snapshot's position and bytes, or null when there is none; throws when there is one that
 * does not fit: made by another version, or from another log (its first event and the event at its
 * position must carry the ids it recorded).
 */
export async function readFoldSnapshot(
  store: EventStore,
  file: string,
  version: string,
): Promise<{ header: SnapshotHeader; position: Position; body: Buffer } | null> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) throw new Error('not a fold snapshot');
  const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as SnapshotHeader;
  const position = await checkFoldHeader(store, header, version);
  return { header, position, body: bytes.subarray(newline + 1) };
}

/**
 * The position a fold's saved state stands at; throws when the state does not fit: made by another
 * version, or from another log (its first event and the event at its position must carry the ids
 * it recorded).
 */
export async function checkFoldHeader(store: EventStore, header: SnapshotHeader, version: string): Promise<Position> {
  if (header.version !== version) throw new Error(`made by fold version ${header.version}, now ${version}`);
  const position = parsePosition(header.position);
  const [first] = await store.readAll({ maxCount: 1 });
  const [last] = await store.readAll({ fromPosition: position, maxCount: 1 });
  if (first?.id !== header.firstEventId || last?.id !== header.lastEventId || comparePositions(last.position, position) !== 0)
    throw new Error('made from another log');
  return position;
}

/**
 * A fold that keeps its own state on disk as it goes (the Merkle tree's file), instead of being
 * saved whole now and then: the follower asks where it stands at a start, and tells it to make
 * what it folded durable at the position reached.
 */
export interface DurableFold {
  readonly version: string;
  /** The header of what is durable, or null when nothing is. */
  committed(): SnapshotHeader | null;
  /** Takes up the durable state before the first event is applied; the header passed the checks. */
  resume(header: SnapshotHeader): void;
  /** Makes everything folded so far durable, standing at this header's position. */
  commit(header: SnapshotHeader): void;
  /** Empties the durable state: made by another version or from another log. */
  reset(): void;
  /** Commit after this many newly folded events (default 10,000), and at every catch-up at most once a second. */
  readonly everyEvents?: number;
}

export interface SnapshotHeader {
  version: string;
  position: string;
  firstEventId: string;
  lastEventId: string;
}

export class LogFollower {
  private position: Position | null = null;
  private subscription: AllSubscription | null = null;
  private stopped = false;
  private readonly advanced = new EventEmitter();
  private readonly logger: Logger;
  private lastEventId: string | null = null;
  private firstEventId: string | null = null;
  private sinceSnapshot = 0;
  private lastDurableCommit = 0;

  constructor(
    private readonly store: EventStore,
    name: string,
    private readonly apply: (event: RecordedEvent) => void,
    private readonly snapshot?: FoldSnapshot,
    private readonly durable?: DurableFold,
  ) {
    this.logger = new Logger(name);
    this.advanced.setMaxListeners(0);
  }

  /** The position of the last event applied; null before the first. */
  get at(): Position | null {
    return this.position;
  }

  start(): void {
    void this.resume().then(() => this.follow());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    if (this.sinceSnapshot > 0) this.saveSnapshot();
  }

  /** True once every event up to the head of the log as it is now has been applied; false after the timeout. */
  async caughtUp(timeoutMs: number): Promise<boolean> {
    const head = await this.store.headPosition();
    if (!head || (this.position && comparePositions(this.position, head) >= 0)) return true;
    return new Promise<boolean>((resolve) => {
      const finish = (reached: boolean) => {
        clearTimeout(timer);
        this.advanced.off('position', onAdvance);
        resolve(reached);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const onAdvance = (position: Position) => {
        if (comparePositions(position, head) >= 0) finish(true);
      };
      this.advanced.on('position', onAdvance);
    });
  }

  private async follow(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        // unfiltered: every event reaches the fold, so no checkpoint messages arrive
        this.subscription = this.store.subscribeAll(this.position ? { after: this.position } : {});
        for await (const message of this.subscription) {
          if (message.kind === 'caught-up') {
            if (this.saveDue(true)) this.saveSnapshot();
            continue;
          }
          if (message.kind !== 'event') continue;
          this.apply(message.event);
          this.position = message.event.position;
          this.lastEventId = message.event.id;
          this.firstEventId ??= message.event.id;
          this.sinceSnapshot += 1;
          this.advanced.emit('position', message.event.position);
          if (this.saveDue(false)) this.saveSnapshot();
          failures = 0;
        }
      } catch (error) {
        failures += 1;
        this.logger.warn({ msg: 'lost the subscription to the log; resuming after the last event read', error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** failures, 5000)));
      }
    }
  }

  /**
   * When the fold's state is saved. A snapshot is written whole, so only once caught up after
   * `everyEvents` (50,000); a durable fold commits what it added every `everyEvents` (10,000) while
   * reading, and at a catch-up at most once a second.
   */
  private saveDue(caughtUp: boolean): boolean {
    if (this.durable) {
      return caughtUp ? this.sinceSnapshot > 0 && Date.now() - this.lastDurableCommit >= 1000 : this.sinceSnapshot >= (this.durable.everyEvents ?? 10_000);
    }
    return caughtUp && this.sinceSnapshot >= (this.snapshot?.everyEvents ?? 50_000);
  }

  /** Loads the snapshot when it fits this log and this fold; leaves the fold empty otherwise. */
  private async resume(): Promise<void> {
    if (this.durable) return this.resumeDurable(this.durable);
    if (!this.snapshot) return;
    try {
      const found = await readFoldSnapshot(this.store, this.snapshot.file, this.snapshot.version);
      if (!found) return;
      const started = Date.now();
      this.snapshot.restore(found.body);
      this.position = found.position;
      this.firstEventId = found.header.firstEventId;
      this.lastEventId = found.header.lastEventId;
      this.logger.log({ msg: 'resumed the fold from its snapshot', position: found.header.position, millis: Date.now() - started });
    } catch (error) {
      this.logger.warn({ msg: 'ignoring the fold snapshot; folding the log from the start', error: (error as Error).message });
    }
  }

  private async resumeDurable(durable: DurableFold): Promise<void> {
    const header = durable.committed();
    if (!header) return;
    try {
      this.position = await checkFoldHeader(this.store, header, durable.version);
      durable.resume(header);
      this.firstEventId = header.firstEventId;
      this.lastEventId = header.lastEventId;
      this.logger.log({ msg: 'resumed the fold from its file', position: header.position });
    } catch (error) {
      this.position = null;
      this.logger.warn({ msg: 'emptying the fold\'s file; folding the log from the start', error: (error as Error).message });
      durable.reset();
    }
  }

  private saveSnapshot(): void {
    if (this.durable) return this.commitDurable(this.durable);
    if (!this.snapshot || !this.position || !this.firstEventId || !this.lastEventId) return;
    try {
      const started = Date.now();
      const header: SnapshotHeader = { version: this.snapshot.version, position: formatPosition(this.position), firstEventId: this.firstEventId, lastEventId: this.lastEventId };
      const body = this.snapshot.save();
      mkdirSync(dirname(this.snapshot.file), { recursive: true });
      const temporary = `${this.snapshot.file}.${process.pid}.tmp`;
      writeFileSync(temporary, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]));
      renameSync(temporary, this.snapshot.file);
      this.sinceSnapshot = 0;
      this.logger.log({ msg: 'saved the fold snapshot', position: header.position, bytes: body.length, millis: Date.now() - started });
    } catch (error) {
      this.logger.warn({ msg: 'could not save the fold snapshot', error: (error as Error).message });
    }
  }

  private commitDurable(durable: DurableFold): void {
    if (!this.position || !this.firstEventId || !this.lastEventId) return;
    try {
      durable.commit({ version: durable.version, position: formatPosition(this.position), firstEventId: this.firstEventId, lastEventId: this.lastEventId });
      this.sinceSnapshot = 0;
      this.lastDurableCommit = Date.now();
    } catch (error) {
      // kept in memory and committed with the next batch; a crash meanwhile only means folding it again
      this.logger.warn({ msg: 'could not commit the fold to its file', error: (error as Error).message });
    }
  }
}
