import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { EsdbTestServer, startEsdbTestServer } from '../../../../test/esdb-test-server';
import { eventStoreContract, proposed } from '../event-store.contract';
import { GENESIS_HASH, recomputeHash } from '../envelope';
import { AppendTooLargeError, StoreAccessDeniedError, StoreUnavailableError } from '../errors';
import { AllSubscription, RecordedEvent, START, SubscriptionMessage, comparePositions } from '../event-store.port';
import { EsdbEventStore } from './esdb-event-store';
import { useEsdbTestNode } from '../../../../test/support/esdb-node';

describe('EsdbEventStore on a node without BatchAppend (before 21.10: Append, one call per write)', () => {
  let server: EsdbTestServer;
  beforeAll(async () => {
    server = await startEsdbTestServer({ batchAppend: false });
  });
  afterAll(async () => {
    await server.stop();
  });

  eventStoreContract('EventStoreDB adapter over Append', async () => {
    const store = await EsdbEventStore.connect(server.url);
    return { store, dispose: () => store.close() };
  });
});

describe('EsdbEventStore on a secure node (TLS, users, and $all readable by $admins and $ops only)', () => {
  let server: EsdbTestServer;
  beforeAll(async () => {
    server = await startEsdbTestServer({
      users: {
        admin: { password: 'changeit', groups: ['$admins'] },
        ops: { password: 'ops-password', groups: ['$ops'] },
        clerk: { password: 'clerk-password', groups: [] },
      },
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  eventStoreContract('EventStoreDB adapter over TLS, as a member of $ops', async () => {
    const store = await EsdbEventStore.connect(server.urlAs('ops', 'ops-password'));
    return { store, dispose: () => store.close() };
  });

  it('will not start as a user outside $admins and $ops: the service reads $all, and the refusal says so rather than "try again"', async () => {
    const refused = await EsdbEventStore.connect(server.urlAs('clerk', 'clerk-password')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StoreAccessDeniedError);
    expect((refused as Error).message).toMatch(/\$ops or \$admins/);
  });

  it('lets such a user write and read its own streams, and refuses it reads and subscriptions of $all with StoreAccessDeniedError', async () => {
    const store = EsdbEventStore.fromConnectionString(server.urlAs('clerk', 'clerk-password'));
    try {
      const stream = `secure-${randomUUID()}`;
      await store.append(stream, proposed('Opened', { by: 'clerk' }), 'no-stream');
      expect((await store.readStream(stream)).map((e) => e.data)).toEqual([{ by: 'clerk' }]);
      await expect(store.readAll({ maxCount: 1 })).rejects.toBeInstanceOf(StoreAccessDeniedError);
      const subscription = store.subscribeAll();
      try {
        await expect(subscription[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(StoreAccessDeniedError);
      } finally {
        await subscription.close();
      }
    } finally {
      await store.close();
    }
  });

  it('refuses a wrong password and a call without credentials with StoreAccessDeniedError, and writes nothing', async () => {
    const stream = `secure-${randomUUID()}`;
    for (const url of [server.urlAs('ops', 'not-the-password'), server.url]) {
      const store = EsdbEventStore.fromConnectionString(url);
      try {
        await expect(store.append(stream, proposed('Opened', {}), 'no-stream')).rejects.toBeInstanceOf(StoreAccessDeniedError);
      } finally {
        await store.close();
      }
    }
    const admin = EsdbEventStore.fromConnectionString(server.urlAs('admin', 'changeit'));
    try {
      await expect(admin.readStream(stream)).rejects.toThrow(/not found/i);
    } finally {
      await admin.close();
    }
  });

  it('is not reached by a client that does not trust the node’s certificate authority', async () => {
    const untrusting = server.urlAs('ops', 'ops-password').replace(/&tlsCAFile=[^&]*/, '');
    await expect(EsdbEventStore.connect(untrusting)).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

describe('EsdbEventStore on the protocol test server', () => {
  let server: EsdbTestServer;
  beforeAll(async () => {
    server = await startEsdbTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  eventStoreContract('EventStoreDB adapter on the protocol test server (a 24.x node: BatchAppend)', async () => {
    const store = await EsdbEventStore.connect(server.url);
    return { store, dispose: () => store.close() };
  });

  it('appends through BatchAppend, as the client does with a 23.x/24.x node — production’s append path', async () => {
    const store = await EsdbEventStore.connect(server.url);
    try {
      const before = { ...server.writes };
      await store.append(`batch-${randomUUID()}`, proposed('Opened', {}), 'no-stream');
      expect(server.writes.batchAppend).toBeGreaterThan(before.batchAppend);
      expect(server.writes.append).toBe(before.append);
    } finally {
      await store.close();
    }
  });

  it('refuses a write above the maximum append size as AppendTooLargeError with the node’s limit and the write’s size', async () => {
    const store = await EsdbEventStore.connect(server.url);
    try {
      const s = `large-${randomUUID()}`;
      const error = await store.append(s, proposed('Large', { text: 'x'.repeat(1_200_000) }), 'no-stream').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppendTooLargeError);
      expect(error).toMatchObject({ stream: s, maxSize: 1024 * 1024, size: expect.any(Number) });
      expect((error as AppendTooLargeError).size).toBeGreaterThan(1024 * 1024);
      await expect(store.readStream(s)).rejects.toThrow(/not found/);
    } finally {
      await store.close();
    }
  });

  describe('adapter behaviour', () => {
    const stores: EsdbEventStore[] = [];
    const open = async (): Promise<EsdbEventStore> => {
      const store = await EsdbEventStore.connect(server.url);
      stores.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((s) => s.close()));
    });

    adapterSpecificTests(open);

    it('skips system events written after ours in readAll and headPosition', async () => {
      const store = await open();
      const s = `sys-${randomUUID()}`;
      const { position } = await store.append(s, proposed('Mine', {}), 'no-stream');
      for (let i = 0; i < 12; i++) server.appendSystemEvent();
      expect(await store.headPosition()).toEqual(position);
      const [last] = await store.readAll({ direction: 'backwards', maxCount: 1 });
      expect(last.stream).toBe(s);
      expect((await store.readAll()).some((e) => e.type.startsWith('$'))).toBe(false);
      const subscription = store.subscribeAll();
      try {
        const seen = await takeUntil(subscription, (m) => m.kind === 'caught-up');
        expect(seen.some((m) => m.kind === 'event' && m.event.type.startsWith('$'))).toBe(false);
        expect(seen.some((m) => m.kind === 'event' && m.event.stream === s)).toBe(true);
      } finally {
        await subscription.close();
      }
    });

    it('reports checkpoints while a filtered subscription scans past other events', async () => {
      const store = await open();
      const busy = `busy-${randomUUID()}`;
      await store.append(busy, proposed('Noise', {}, randomUUID(), 70), 'no-stream');
      const subscription = store.subscribeAll({ filter: { streamPrefixes: [`nothing-${randomUUID()}`] } });
      try {
        const seen = await takeUntil(subscription, (m) => m.kind === 'caught-up');
        const checkpoints = seen.flatMap((m) => (m.kind === 'checkpoint' ? [m.position] : []));
        expect(checkpoints.length).toBeGreaterThanOrEqual(2);
        for (let i = 1; i < checkpoints.length; i++) expect(comparePositions(checkpoints[i - 1], checkpoints[i])).toBeLessThan(0);
        expect(seen.some((m) => m.kind === 'event')).toBe(false);
      } finally {
        await subscription.close();
      }
    });
  });
});

describe('EsdbEventStore when the server is unreachable', () => {
  it('fails to connect to a closed port with StoreUnavailableError', async () => {
    const url = `esdb://127.0.0.1:${await closedPort()}?tls=false`;
    await expect(EsdbEventStore.connect(url)).rejects.toBeInstanceOf(StoreUnavailableError);
    const store = EsdbEventStore.fromConnectionString(url);
    try {
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.append(`s-${randomUUID()}`, proposed('E', {}), 'any')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.readStream(`s-${randomUUID()}`)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.headPosition()).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await store.close();
    }
  });

  it('throws StoreUnavailableError from calls and live subscriptions once the server stops', async () => {
    const server = await startEsdbTestServer();
    const store = await EsdbEventStore.connect(server.url);
    const subscription = store.subscribeAll({ after: START });
    try {
      const s = `s-${randomUUID()}`;
      await store.append(s, proposed('E', {}), 'no-stream');
      await takeUntil(subscription, (m) => m.kind === 'caught-up');
      await server.stop();
      await expect(drain(subscription)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.append(s, proposed('E', {}), 0)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.readStream(s)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await subscription.close();
      await store.close();
      await server.stop();
    }
  });
});

const realUrl = process.env.EVENTSTORE_URL;
if (realUrl) {
  describe('EsdbEventStore on a real EventStoreDB', () => {
    eventStoreContract('EventStoreDB adapter on a real EventStoreDB', async () => {
      const store = await EsdbEventStore.connect(realUrl);
      return { store, dispose: () => store.close() };
    });

    describe('adapter behaviour', () => {
      const stores: EsdbEventStore[] = [];
      afterEach(async () => {
        await Promise.all(stores.splice(0).map((s) => s.close()));
      });
      adapterSpecificTests(async () => {
        const store = await EsdbEventStore.connect(realUrl);
        stores.push(store);
        return store;
      });
    });
  });
}

/** Behaviour beyond the shared contract that any EventStoreDB server must show through this adapter. */
function adapterSpecificTests(open: () => Promise<EsdbEventStore>): void {
  it("keeps the hash chain intact under 20 parallel 'any' appends", async () => {
    const store = await open();
    const s = `race-${randomUUID()}`;
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.append(s, proposed('Raced', { i }), 'any')));
    expectIntactChain(await store.readStream(s), 20);
  });

  it("keeps the hash chain intact when 'any' and 'stream-exists' appends race from separate connections", async () => {
    const connections = await Promise.all(Array.from({ length: 4 }, () => open()));
    const s = `race-${randomUUID()}`;
    await connections[0].append(s, proposed('Opened', { i: -1 }), 'no-stream');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => connections[i % connections.length].append(s, proposed('Raced', { i }), i % 2 ? 'any' : 'stream-exists')),
    );
    expectIntactChain(await connections[0].readStream(s), 21);
  });

  it('applies stream and event-type prefixes together', async () => {
    const store = await open();
    const prefix = `both${randomUUID().slice(0, 8)}`;
    await store.append(`${prefix}-a`, proposed(`${prefix}Wanted`, { n: 1 }), 'no-stream');
    await store.append(`${prefix}-b`, proposed('Unwanted', { n: 2 }), 'no-stream');
    await store.append(`other-${randomUUID()}`, proposed(`${prefix}Wanted`, { n: 3 }), 'no-stream');
    const subscription = store.subscribeAll({ filter: { streamPrefixes: [`${prefix}-`], eventTypePrefixes: [prefix] } });
    try {
      const seen = await takeUntil(subscription, (m) => m.kind === 'caught-up');
      expect(seen.flatMap((m) => (m.kind === 'event' ? [m.event.data] : []))).toEqual([{ n: 1 }]);
    } finally {
      await subscription.close();
    }
  });

  it('returns the original result when a no-stream append is retried', async () => {
    const store = await open();
    const s = `retry-${randomUUID()}`;
    const events = proposed('Opened', { a: 1 }, randomUUID(), 2);
    const first = await store.append(s, events, 'no-stream');
    const retry = await store.append(s, events, 'no-stream');
    expect(retry).toEqual(first);
    expect(await store.readStream(s)).toHaveLength(2);
  });

  it('reads $all backwards from a position inclusively', async () => {
    const store = await open();
    const s = `back-${randomUUID()}`;
    await store.append(s, proposed('E', {}, randomUUID(), 3), 'no-stream');
    const events = await store.readStream(s);
    const backwards = await store.readAll({ direction: 'backwards', fromPosition: events[1].position, maxCount: 2 });
    expect(backwards.map((e) => e.revision)).toEqual([1, 0]);
    expect(backwards.every((e) => e.stream === s)).toBe(true);
  });

  it('pages through $all when it holds more events than one page', async () => {
    const store = await open();
    const s = `page-${randomUUID()}`;
    await store.append(s, proposed('E', {}, randomUUID(), 1200), 'no-stream');
    const [first] = await store.readStream(s, { maxCount: 1 });
    const forwards = await store.readAll({ fromPosition: first.position, maxCount: 1200 });
    expect(forwards.map((e) => e.revision)).toEqual(Array.from({ length: 1200 }, (_, i) => i));
  });
}

function expectIntactChain(events: RecordedEvent[], count: number): void {
  expect(events.map((e) => e.revision)).toEqual(Array.from({ length: count }, (_, i) => i));
  expect(events[0].metadata.prevHash).toBe(GENESIS_HASH);
  for (let i = 1; i < events.length; i++) expect(events[i].metadata.prevHash).toBe(events[i - 1].metadata.hash);
  for (const e of events) expect(recomputeHash(e)).toBe(e.metadata.hash);
  expect(new Set(events.map((e) => (e.data as { i: number }).i)).size).toBe(count);
}

async function takeUntil(subscription: AllSubscription, last: (message: SubscriptionMessage) => boolean): Promise<SubscriptionMessage[]> {
  const seen: SubscriptionMessage[] = [];
  const iterator = subscription[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done) return seen;
    seen.push(next.value);
    if (last(next.value)) return seen;
  }
}

async function drain(subscription: AllSubscription): Promise<void> {
  const iterator = subscription[Symbol.asyncIterator]();
  while (!(await iterator.next()).done);
}

/** A loopback port that nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

describe('the protocol test server refuses what a node refuses', () => {
  it('an event id that is not a UUID, on either append path', async () => {
    const { EventStoreDBClient, jsonEvent } = await import('@eventstore/db-client');
    for (const batchAppend of [true, false]) {
      const server = await startEsdbTestServer({ batchAppend });
      const client = EventStoreDBClient.connectionString(server.url);
      try {
        const refused = await client.appendToStream(`ids-${randomUUID()}`, jsonEvent({ id: 'not-a-uuid', type: 'Opened', data: {} })).catch((e: unknown) => e);
        expect(String((refused as Error).message)).toMatch(/not-a-uuid is not a UUID/);
      } finally {
        await client.dispose();
        await server.stop();
      }
    }
  });
});

describe('subscriptions as nodes of each version send them', () => {
  const eventsOf = (messages: SubscriptionMessage[]) => messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
  const kindsOf = (messages: SubscriptionMessage[]) => messages.map((m) => m.kind).filter((kind) => kind !== 'checkpoint');

  describe('a node before 23.10, which sends no caught_up', () => {
    const node = useEsdbTestNode({ caughtUpMessages: false });

    it('still hears caught-up: at once on a log of system events only, and right after the last event there was at the start', async () => {
      const empty = node.store.subscribeAll();
      try {
        expect(kindsOf(await takeUntil(empty, (m) => m.kind === 'caught-up'))).toEqual(['caught-up']);
      } finally {
        await empty.close();
      }
      const stream = `old-node-${randomUUID()}`;
      await node.store.append(stream, proposed('Opened', {}, randomUUID(), 3), 'no-stream');
      const subscription = node.store.subscribeAll();
      try {
        const seen = await takeUntil(subscription, (m) => m.kind === 'caught-up');
        expect(kindsOf(seen)).toEqual(['event', 'event', 'event', 'caught-up']);
        // live from here: a later write arrives as an event, with no second caught-up
        await node.store.append(stream, proposed('Closed', {}), 2);
        expect(await takeUntil(subscription, (m) => m.kind !== 'checkpoint')).toContainEqual(
          expect.objectContaining({ kind: 'event', event: expect.objectContaining({ type: 'Closed' }) }),
        );
      } finally {
        await subscription.close();
      }
    });

    it('hears caught-up at once when it starts after the last event', async () => {
      const { position } = await node.store.append(`old-node-${randomUUID()}`, proposed('Opened', {}), 'no-stream');
      const subscription = node.store.subscribeAll({ after: position });
      try {
        expect(kindsOf(await takeUntil(subscription, (m) => m.kind === 'caught-up'))).toEqual(['caught-up']);
      } finally {
        await subscription.close();
      }
    });

    it('hears caught-up from a checkpoint past the last event when its filter skips that event', async () => {
      const wanted = `wanted-${randomUUID()}`;
      await node.store.append(wanted, proposed('Opened', {}), 'no-stream');
      await node.store.append(`noise-${randomUUID()}`, proposed('Noise', {}, randomUUID(), 40), 'no-stream');
      const subscription = node.store.subscribeAll({ filter: { streamPrefixes: [wanted] } });
      try {
        const seen = await takeUntil(subscription, (m) => m.kind === 'caught-up');
        expect(eventsOf(seen).map((e) => e.stream)).toEqual([wanted]);
        expect(seen.at(-2)?.kind).toBe('checkpoint');
      } finally {
        await subscription.close();
      }
    });
  });

  describe('a 24.x node', () => {
    const node = useEsdbTestNode();

    it('tells a live subscriber too slow for the writes that it fell behind, then that it caught up, and it misses nothing', async () => {
      const stream = `burst-${randomUUID()}`;
      const subscription = node.store.subscribeAll({ filter: { streamPrefixes: [stream] } });
      try {
        await takeUntil(subscription, (m) => m.kind === 'caught-up');
        // the subscriber reads nothing while 6,000 events of about 1 KB are written
        const padding = 'x'.repeat(1000);
        for (let i = 0; i < 60; i++) await node.store.append(stream, proposed('Burst', { padding }, randomUUID(), 100), i === 0 ? 'no-stream' : i * 100 - 1);
        let events = 0;
        const seen = await takeUntil(subscription, (m) => m.kind === 'event' && ++events === 6000);
        const kinds = kindsOf(seen);
        // behind and caught up in turn (more than once when the burst outpaces it again), never twice the same
        const turns = kinds.filter((kind) => kind !== 'event');
        expect(turns[0]).toBe('fell-behind');
        turns.forEach((kind, i) => expect(kind).toBe(i % 2 === 0 ? 'fell-behind' : 'caught-up'));
        expect(turns).toContain('caught-up');
        expect(kinds.indexOf('fell-behind')).toBeGreaterThan(0);
        const revisions = eventsOf(seen).map((e) => e.revision);
        expect(revisions).toEqual(Array.from({ length: 6000 }, (_, i) => i));
      } finally {
        await subscription.close();
      }
    }, 60_000);

    it('names in a checkpoint the position it reads next — at the end of the log, the one the next write takes', async () => {
      const wanted = `wanted-${randomUUID()}`;
      await node.store.append(`noise-${randomUUID()}`, proposed('Noise', {}, randomUUID(), 40), 'no-stream');
      const subscription = node.store.subscribeAll({ filter: { streamPrefixes: [wanted] } });
      try {
        const seen = await takeUntil(subscription, (m) => m.kind === 'caught-up');
        const last = seen.filter((m) => m.kind === 'checkpoint').at(-1) as { position: RecordedEvent['position'] };
        const { position } = await node.store.append(wanted, proposed('Opened', {}), 'no-stream');
        expect(last.position).toEqual(position);
        // so a consumer resuming after a checkpoint would skip this event; one resuming after the last event it got does not
        const resumed = node.store.subscribeAll({ after: last.position, filter: { streamPrefixes: [wanted] } });
        try {
          expect(eventsOf(await takeUntil(resumed, (m) => m.kind === 'caught-up'))).toEqual([]);
        } finally {
          await resumed.close();
        }
      } finally {
        await subscription.close();
      }
    });
  });
});

describe('a write the node answers with a timeout after it has landed', () => {
  for (const batchAppend of [true, false]) {
    describe(batchAppend ? 'over BatchAppend (23.x/24.x)' : 'over Append (before 21.10)', () => {
      const node = useEsdbTestNode({ batchAppend });

      const expectations = [
        ['no-stream', 'no-stream'],
        ['an exact revision', 1],
        ['any', 'any'],
        ['stream-exists', 'stream-exists'],
      ] as const;
      for (const [name, expected] of expectations) {
        it(`is retried and recognised by its event ids under ${name}: recorded once, its own result returned`, async () => {
          const stream = `late-${randomUUID()}`;
          if (expected !== 'no-stream') await node.store.append(stream, proposed('Opened', {}, randomUUID(), 2), 'no-stream');
          node.server.timeOutWrites(1);
          const result = await node.store.append(stream, proposed('Closed', {}, randomUUID(), 2), expected);
          const events = await node.store.readStream(stream);
          expect(events.map((e) => e.type)).toEqual([...(expected === 'no-stream' ? [] : ['Opened', 'Opened']), 'Closed', 'Closed']);
          expect(result).toEqual({ nextExpectedRevision: events.length - 1, position: events.at(-1)!.position });
          for (let i = 1; i < events.length; i++) expect(events[i].metadata.prevHash).toBe(events[i - 1].metadata.hash);
        });
      }
    });
  }
});
