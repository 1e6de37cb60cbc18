/**
 * The behaviour every EventStore adapter must show. Each adapter's *.int-spec.ts calls
 * `eventStoreContract` with a factory that yields a fresh, empty store.
 */
import { randomUUID } from 'node:crypto';
import { AllSubscription, EventStore, Position, ProposedEvent, RecordedEvent, START, SubscriptionMessage, comparePositions } from './event-store.port';
import { AppendTooLargeError, StreamNotFoundError, WrongExpectedRevisionError } from './errors';
import { CommandMetadata, GENESIS_HASH, eventIdFor, recomputeHash } from './envelope';

export interface StoreUnderTest {
  store: EventStore;
  dispose(): Promise<void>;
}

export function proposed(type: string, data: unknown, commandId = randomUUID(), count = 1): ProposedEvent[] {
  const metadata: CommandMetadata = {
    actorId: 'staff-1',
    role: 'staff',
    unit: 'county-1',
    commandId,
    correlationId: commandId,
    causationId: commandId,
    recordedAt: '2026-03-02T08:00:00.000Z',
  };
  return Array.from({ length: count }, (_, i) => ({ id: eventIdFor(commandId, i), type, schemaVersion: 1, data, metadata }));
}

/** Reads messages until the predicate holds; one iterator per subscription, as a consumer would. */
async function take(subscription: AllSubscription, predicate: (seen: SubscriptionMessage[]) => boolean, timeoutMs = 10_000): Promise<SubscriptionMessage[]> {
  const seen: SubscriptionMessage[] = [];
  const iterator = iteratorOf(subscription);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    while (!predicate(seen)) {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next === 'timeout') throw new Error(`subscription timed out after ${seen.length} messages`);
      if (next.done) break;
      seen.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return seen;
}

const iterators = new WeakMap<AllSubscription, AsyncIterator<SubscriptionMessage>>();
function iteratorOf(subscription: AllSubscription): AsyncIterator<SubscriptionMessage> {
  let iterator = iterators.get(subscription);
  if (!iterator) {
    iterator = subscription[Symbol.asyncIterator]();
    iterators.set(subscription, iterator);
  }
  return iterator;
}

const eventsOf = (messages: SubscriptionMessage[]): RecordedEvent[] => messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));

export function eventStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`EventStore contract: ${name}`, () => {
    let sut: StoreUnderTest;
    let store: EventStore;
    const stream = () => `contract-${randomUUID()}`;

    beforeEach(async () => {
      sut = await open();
      store = sut.store;
    });
    afterEach(async () => {
      await sut.dispose();
    });

    describe('append with expected revision', () => {
      it('creates a stream at revision 0 when no stream is expected', async () => {
        const s = stream();
        const result = await store.append(s, proposed('Opened', { n: 1 }), 'no-stream');
        expect(result.nextExpectedRevision).toBe(0);
        const events = await store.readStream(s);
        expect(events.map((e) => [e.revision, e.type, e.data])).toEqual([[0, 'Opened', { n: 1 }]]);
        expect(comparePositions(events[0].position, result.position)).toBe(0);
      });

      it('refuses no-stream when the stream exists, reporting the actual revision', async () => {
        const s = stream();
        await store.append(s, proposed('Opened', {}), 'no-stream');
        const error = await store.append(s, proposed('Opened', {}), 'no-stream').catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ stream: s, expected: 'no-stream', actual: 0 });
      });

      it('refuses stream-exists when the stream has no events', async () => {
        const s = stream();
        const error = await store.append(s, proposed('Changed', {}), 'stream-exists').catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ expected: 'stream-exists', actual: 'no-stream' });
        await expect(store.readStream(s)).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      it('accepts stream-exists and any on an existing stream', async () => {
        const s = stream();
        await store.append(s, proposed('Opened', {}), 'no-stream');
        expect((await store.append(s, proposed('Changed', {}), 'stream-exists')).nextExpectedRevision).toBe(1);
        expect((await store.append(s, proposed('Changed', {}), 'any')).nextExpectedRevision).toBe(2);
      });

      it('accepts any on a missing stream', async () => {
        const s = stream();
        expect((await store.append(s, proposed('Opened', {}), 'any')).nextExpectedRevision).toBe(0);
      });

      it('appends at the exact revision and refuses a stale one with expected and actual', async () => {
        const s = stream();
        await store.append(s, proposed('Opened', {}, randomUUID(), 3), 'no-stream');
        expect((await store.append(s, proposed('Changed', {}), 2)).nextExpectedRevision).toBe(3);
        const error = await store.append(s, proposed('Changed', {}), 2).catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ stream: s, expected: 2, actual: 3 });
      });

      it('refuses an exact revision on a missing stream', async () => {
        const error = await store.append(stream(), proposed('Changed', {}), 0).catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ expected: 0, actual: 'no-stream' });
      });

      it('lets exactly one of 50 parallel appends at the same revision succeed', async () => {
        const s = stream();
        await store.append(s, proposed('Opened', {}), 'no-stream');
        const outcomes = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => store.append(s, proposed('Changed', { i }), 0)));
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(49);
        for (const l of lost) expect(l.reason).toBeInstanceOf(WrongExpectedRevisionError);
        const events = await store.readStream(s);
        expect(events.map((e) => e.revision)).toEqual([0, 1]);
        const winner = (won[0] as PromiseFulfilledResult<unknown>).value;
        expect(winner).toMatchObject({ nextExpectedRevision: 1 });
      });

      it('appends nothing new when a command is retried with the same command id', async () => {
        const s = stream();
        await store.append(s, proposed('Opened', {}), 'no-stream');
        const commandId = randomUUID();
        const first = await store.append(s, proposed('Changed', { x: 1 }, commandId, 2), 0);
        const retry = await store.append(s, proposed('Changed', { x: 1 }, commandId, 2), 0);
        expect(retry.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(comparePositions(retry.position, first.position)).toBe(0);
        expect((await store.readStream(s)).map((e) => e.revision)).toEqual([0, 1, 2]);
        const all = (await store.readAll()).filter((e) => e.stream === s);
        expect(all).toHaveLength(3);
      });
    });

    describe('a command retried under each expectation appends once', () => {
      for (const expectation of ['no-stream', 'any', 'stream-exists', 'exact'] as const) {
        it(`under ${expectation}: the retry answers with the first result and the stream holds the events once`, async () => {
          const s = stream();
          if (expectation !== 'no-stream') await store.append(s, proposed('Opened', {}), 'no-stream');
          const expected = expectation === 'exact' ? 0 : expectation;
          const commandId = randomUUID();
          const first = await store.append(s, proposed('Changed', { x: 1 }, commandId, 2), expected);
          // another command lands in between: a retry under 'any' must still not append again
          if (expectation === 'any' || expectation === 'stream-exists') await store.append(s, proposed('Other', {}), 'any');
          const retry = await store.append(s, proposed('Changed', { x: 1 }, commandId, 2), expected);
          expect(retry.nextExpectedRevision).toBe(first.nextExpectedRevision);
          expect(comparePositions(retry.position, first.position)).toBe(0);
          expect((await store.readStream(s)).filter((e) => e.type === 'Changed')).toHaveLength(2);
        });
      }
    });

    describe('the largest write (EventStoreDB: MaxAppendSize, 1 MiB by default)', () => {
      const MiB = 1024 * 1024;
      const text = (bytes: number) => 'x'.repeat(bytes);

      it('refuses a write above 1 MiB whole, saying how large it was, and appends nothing', async () => {
        const s = stream();
        await store.append(s, proposed('Opened', {}), 'no-stream');
        const error = await store.append(s, proposed('Listed', { list: text(MiB + 1024) }), 0).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppendTooLargeError);
        expect((error as AppendTooLargeError).size).toBeGreaterThan(MiB);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['Opened']);
      });

      it('counts every event of one write together: three events of 400 KiB are refused, none of them appended', async () => {
        const s = stream();
        const error = await store.append(s, proposed('Part', { part: text(400 * 1024) }, randomUUID(), 3), 'no-stream').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppendTooLargeError);
        await expect(store.readStream(s)).rejects.toThrow(StreamNotFoundError);
        // the same three written one at a time are taken, and the stream goes on from there
        for (let i = 0; i < 3; i++) await store.append(s, proposed('Part', { part: text(400 * 1024) }), i === 0 ? 'no-stream' : i - 1);
        expect((await store.readStream(s)).map((e) => e.revision)).toEqual([0, 1, 2]);
      });

      it('takes a write just under the limit', async () => {
        const s = stream();
        await store.append(s, proposed('Listed', { list: text(MiB - 4096) }), 'no-stream');
        expect((await store.readStream(s))[0].data).toEqual({ list: text(MiB - 4096) });
      });
    });

    describe('the envelope', () => {
      it('keeps id, type, schema version, data and who-did-it metadata', async () => {
        const s = stream();
        const [event] = proposed('Opened', { name: '湘江区市场监督管理局', amount: 1.5, tags: ['a'] });
        await store.append(s, [event], 'no-stream');
        const [stored] = await store.readStream(s);
        expect(stored).toMatchObject({ id: event.id, stream: s, type: 'Opened', schemaVersion: 1, data: event.data });
        expect(stored.metadata).toMatchObject(event.metadata);
      });

      it('chains each event to the previous hash of its stream', async () => {
        const s = stream();
        await store.append(s, proposed('Opened', { a: 1 }, randomUUID(), 2), 'no-stream');
        await store.append(s, proposed('Changed', { b: 2 }), 'any');
        const events = await store.readStream(s);
        expect(events[0].metadata.prevHash).toBe(GENESIS_HASH);
        expect(events[1].metadata.prevHash).toBe(events[0].metadata.hash);
        expect(events[2].metadata.prevHash).toBe(events[1].metadata.hash);
        for (const e of events) expect(recomputeHash(e)).toBe(e.metadata.hash);
      });
    });

    describe('reading a stream', () => {
      it('throws StreamNotFoundError for a missing stream', async () => {
        await expect(store.readStream(stream())).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      it('reads forwards and backwards from a revision, honouring maxCount', async () => {
        const s = stream();
        await store.append(s, proposed('E', {}, randomUUID(), 5), 'no-stream');
        expect((await store.readStream(s, { fromRevision: 2 })).map((e) => e.revision)).toEqual([2, 3, 4]);
        expect((await store.readStream(s, { fromRevision: 1, maxCount: 2 })).map((e) => e.revision)).toEqual([1, 2]);
        expect((await store.readStream(s, { direction: 'backwards' })).map((e) => e.revision)).toEqual([4, 3, 2, 1, 0]);
        expect((await store.readStream(s, { direction: 'backwards', fromRevision: 2 })).map((e) => e.revision)).toEqual([2, 1, 0]);
        expect((await store.readStream(s, { direction: 'backwards', maxCount: 1 })).map((e) => e.revision)).toEqual([4]);
      });

      it('reads several streams at once, forwards, with an empty list for a missing one', async () => {
        const [a, b, missing] = [stream(), stream(), stream()];
        await store.append(a, proposed('E', {}, randomUUID(), 3), 'no-stream');
        await store.append(b, proposed('F', { b: true }), 'no-stream');
        const read = await store.readStreams([a, missing, b]);
        expect([...read.keys()].sort()).toEqual([a, b, missing].sort());
        expect(read.get(a)?.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(read.get(b)).toEqual(await store.readStream(b));
        expect(read.get(missing)).toEqual([]);
      });
    });

    describe('reading all', () => {
      it('reads every stream in commit order, inclusive from a position, and backwards', async () => {
        const a = stream();
        const b = stream();
        await store.append(a, proposed('A1', {}), 'no-stream');
        await store.append(b, proposed('B1', {}), 'no-stream');
        await store.append(a, proposed('A2', {}), 0);
        const all = (await store.readAll()).filter((e) => e.stream === a || e.stream === b);
        expect(all.map((e) => e.type)).toEqual(['A1', 'B1', 'A2']);
        for (let i = 1; i < all.length; i++) expect(comparePositions(all[i - 1].position, all[i].position)).toBeLessThan(0);
        const fromB = await store.readAll({ fromPosition: all[1].position });
        expect(fromB.map((e) => e.type).slice(0, 2)).toEqual(['B1', 'A2']);
        const backwards = await store.readAll({ direction: 'backwards', maxCount: 2 });
        expect(backwards.map((e) => e.type)).toEqual(['A2', 'B1']);
        const head = await store.headPosition();
        expect(head && comparePositions(head, all[2].position)).toBe(0);
      });

      it('reports an empty store with a null head', async () => {
        const all = await store.readAll();
        if (all.length === 0) expect(await store.headPosition()).toBeNull();
        else expect(await store.headPosition()).not.toBeNull();
      });
    });

    describe('subscribing to all', () => {
      it('catches up, reports caught-up, then delivers live events in order', async () => {
        const s = stream();
        await store.append(s, proposed('Before', { i: 1 }), 'no-stream');
        const head = await store.headPosition();
        const priorEvents = await store.readAll();
        const subscription = store.subscribeAll({ filter: { streamPrefixes: [s] } });
        try {
          const first = await take(subscription, (seen) => seen.some((m) => m.kind === 'caught-up'));
          expect(eventsOf(first).map((e) => e.type)).toEqual(['Before']);
          await store.append(s, proposed('After', { i: 2 }), 0);
          await store.append(s, proposed('Later', { i: 3 }), 1);
          const live = await take(subscription, (seen) => eventsOf(seen).length >= 2);
          expect(eventsOf(live).map((e) => e.type)).toEqual(['After', 'Later']);
          expect(head).not.toBeNull();
          expect(priorEvents.length).toBeGreaterThan(0);
        } finally {
          await subscription.close();
        }
      });

      it('starts after the given position (exclusive)', async () => {
        const s = stream();
        await store.append(s, proposed('One', {}), 'no-stream');
        await store.append(s, proposed('Two', {}), 0);
        await store.append(s, proposed('Three', {}), 1);
        const events = await store.readStream(s);
        const subscription = store.subscribeAll({ after: events[0].position, filter: { streamPrefixes: [s] } });
        try {
          const seen = await take(subscription, (m) => m.some((x) => x.kind === 'caught-up'));
          expect(eventsOf(seen).map((e) => e.type)).toEqual(['Two', 'Three']);
        } finally {
          await subscription.close();
        }
      });

      it('resumes after an event in the middle of a multi-event write: the rest of that write, nothing skipped or repeated', async () => {
        const s = stream();
        const written = await store.append(s, proposed('Part', {}, randomUUID(), 3), 'no-stream');
        await store.append(s, proposed('After', {}), 2);
        const events = await store.readStream(s);
        // a write reports its last event's position, whatever the store says of the write as a whole
        expect(comparePositions(written.position, events[2].position)).toBe(0);
        // every event of a write has a position of its own, in order
        expect(comparePositions(events[0].position, events[1].position)).toBeLessThan(0);
        expect(comparePositions(events[1].position, events[2].position)).toBeLessThan(0);
        const subscription = store.subscribeAll({ after: events[0].position, filter: { streamPrefixes: [s] } });
        try {
          const seen = await take(subscription, (m) => m.some((x) => x.kind === 'caught-up'));
          expect(eventsOf(seen).map((e) => e.revision)).toEqual([1, 2, 3]);
        } finally {
          await subscription.close();
        }
        expect((await store.readAll({ fromPosition: events[1].position })).filter((e) => e.stream === s).map((e) => e.revision)).toEqual([1, 2, 3]);
      });

      it('filters by event-type prefix and by stream prefix', async () => {
        const prefix = `flt${randomUUID().slice(0, 8)}`;
        await store.append(`${prefix}-a`, proposed(`${prefix}Wanted`, { n: 1 }), 'no-stream');
        await store.append(`other-${randomUUID()}`, proposed(`${prefix}Wanted`, { n: 2 }), 'no-stream');
        await store.append(`${prefix}-b`, proposed('Unwanted', { n: 3 }), 'no-stream');
        const byType = store.subscribeAll({ filter: { eventTypePrefixes: [prefix] } });
        const byStream = store.subscribeAll({ filter: { streamPrefixes: [`${prefix}-`] } });
        try {
          const types = eventsOf(await take(byType, (m) => m.some((x) => x.kind === 'caught-up')));
          expect(types.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
          const streams = eventsOf(await take(byStream, (m) => m.some((x) => x.kind === 'caught-up')));
          expect(streams.map((e) => e.data)).toEqual([{ n: 1 }, { n: 3 }]);
        } finally {
          await byType.close();
          await byStream.close();
        }
      });

      it('delivers every event of concurrent appends exactly once, in global order', async () => {
        const prefix = `burst-${randomUUID()}`;
        const subscription = store.subscribeAll({ filter: { streamPrefixes: [prefix] } });
        try {
          await take(subscription, (m) => m.some((x) => x.kind === 'caught-up'));
          await Promise.all(Array.from({ length: 40 }, (_, i) => store.append(`${prefix}-${i % 4}-${i}`, proposed('Burst', { i }), 'no-stream')));
          const seen = eventsOf(await take(subscription, (m) => eventsOf(m).length >= 40));
          expect(new Set(seen.map((e) => e.id)).size).toBe(40);
          for (let i = 1; i < seen.length; i++) expect(comparePositions(seen[i - 1].position, seen[i].position)).toBeLessThan(0);
        } finally {
          await subscription.close();
        }
      });

      it('ends the iteration when closed', async () => {
        const subscription = store.subscribeAll({ after: START });
        const iterator = subscription[Symbol.asyncIterator]();
        const pending = (async () => {
          for (;;) {
            const next = await iterator.next();
            if (next.done) return 'done';
          }
        })();
        await subscription.close();
        await expect(pending).resolves.toBe('done');
      });
    });
  });
}

export type { Position };
