import Redis, { ChainableCommander, ReplyError } from 'ioredis';
import { PreparedWrite, prepareWrites, validateRange } from '../prepared-writes';
import { SetPage, SetQueryOptions, SetWrite, applySetWrites, assignNumbers, chunkKey, intersectSets, memberKey, namedMembers, touchedChunks } from '../sets/member-sets';
import { CheckpointConflictError, CheckpointUpdate, IndexEntry, IndexRangeOptions, LeaseHolder, LeaseLostError, ReadStore, ReadStoreUnavailableError, ReadWrite } from '../read-store.port';

export interface RedisReadStoreOptions {
  /** Every key this store writes starts with it, and clear() removes exactly those keys. Default `dsr:`. */
  readonly keyPrefix?: string;
}

const DEFAULT_KEY_PREFIX = 'dsr:';
const CONNECT_TIMEOUT_MS = 2_000;
const PING_TIMEOUT_MS = 2_000;
/** Bounds every call when the server stops answering without closing the connection. */
const COMMAND_TIMEOUT_MS = 10_000;
const MAX_RECONNECT_DELAY_MS = 2_000;
const DISCONNECT_TIMEOUT_MS = 100;
const CLEAR_SCAN_COUNT = 1_000;

/**
 * A lease is a hash (owner, token) that expires by Redis's clock (PEXPIRE), beside a token counter
 * that never expires, so every acquisition gets a higher token than all before it.
 * KEYS: lease, token counter. ARGV: owner, ttl ms.
 */
const ACQUIRE_LEASE = `
local owner = redis.call('HGET', KEYS[1], 'owner')
if owner and owner ~= ARGV[1] then return false end
local token = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'token', token)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return token`;
/** KEYS: lease. ARGV: owner, token, ttl ms (renew) — 1 when it was still this owner's. */
const RENEW_LEASE = `
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'token') ~= ARGV[2] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;
const RELEASE_LEASE = `
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'token') ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

/**
 * Read models in Redis: documents as JSON strings, counters as integer strings, indexes as sorted
 * sets and checkpoints as strings, all under one key prefix. A commit WATCHes the checkpoint key,
 * compares it and then sends the writes and the checkpoint SET in one MULTI/EXEC. A fenced commit
 * also WATCHes the lease's token counter and checks the lease still holds its token: a new
 * acquisition between that check and EXEC increments the counter and so aborts the EXEC.
 */
export class RedisReadStore implements ReadStore {
  /** WATCH belongs to the connection, so commits sharing it must not interleave. */
  private commitQueue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly client: Redis,
    private readonly keys: KeyLayout,
  ) {}

  static async connect(url: string, options: RedisReadStoreOptions = {}): Promise<RedisReadStore> {
    const keys = new KeyLayout(options.keyPrefix ?? DEFAULT_KEY_PREFIX);
    const client = new Redis(url, {
      lazyConnect: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      commandTimeout: COMMAND_TIMEOUT_MS,
      // Fail calls at once while disconnected instead of queueing them, and never resend a
      // half-answered call on a new connection, where its WATCH would no longer hold.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
      // ioredis arms this timer even when the socket is already closed, holding the process open.
      disconnectTimeout: DISCONNECT_TIMEOUT_MS,
    });
    // Failures reach callers as rejected calls; without a listener ioredis would log each one.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      throw new ReadStoreUnavailableError(`cannot connect to redis at ${client.options.host}:${client.options.port}`, error);
    }
    return new RedisReadStore(client, keys);
  }

  async getDocument<T = unknown>(collection: string, id: string): Promise<T | null> {
    return parseDocument<T>(await this.call(this.client.get(this.keys.document(collection, id))));
  }

  async getDocuments<T = unknown>(collection: string, ids: readonly string[]): Promise<(T | null)[]> {
    if (ids.length === 0) return [];
    const values = await this.call(this.client.mget(ids.map((id) => this.keys.document(collection, id))));
    return values.map((value) => parseDocument<T>(value));
  }

  async getCounter(counter: string): Promise<number> {
    const value = await this.call(this.client.get(this.keys.counter(counter)));
    return value === null ? 0 : Number(value);
  }

  async rangeIndex(index: string, options: IndexRangeOptions = {}): Promise<IndexEntry[]> {
    validateRange(options);
    const { min = -Infinity, max = Infinity, offset = 0, limit, reverse = false } = options;
    const key = this.keys.index(index);
    const count = limit ?? -1; // Redis reads a negative count as "no limit"
    const reply = reverse
      ? this.client.zrevrangebyscore(key, scoreBound(max), scoreBound(min), 'WITHSCORES', 'LIMIT', offset, count)
      : this.client.zrangebyscore(key, scoreBound(min), scoreBound(max), 'WITHSCORES', 'LIMIT', offset, count);
    return toEntries(await this.call(reply));
  }

  async indexSize(index: string): Promise<number> {
    return this.call(this.client.zcard(this.keys.index(index)));
  }

  async intersectSets(universe: string, sets: readonly string[], options: SetQueryOptions = {}): Promise<SetPage> {
    return intersectSets(
      {
        chunks: async (u, set) => {
          const fields = await this.call(this.client.hgetallBuffer(this.keys.setChunks(u, set)));
          return new Map(Object.entries(fields).map(([chunk, bits]) => [Number(chunk), bits] as const));
        },
        members: async (u, numbers) => {
          const members = await this.call(this.client.hmget(this.keys.setNumbers(u), ...numbers.map(String)));
          return members.map((m) => m ?? '');
        },
      },
      universe,
      sets,
      options,
    );
  }

  async getCheckpoint(name: string): Promise<string | null> {
    return this.call(this.client.get(this.keys.checkpoint(name)));
  }

  async commit(writes: readonly ReadWrite[], checkpoint: CheckpointUpdate): Promise<void> {
    const prepared = prepareWrites(writes);
    const turn = this.commitQueue.then(() => this.commitPrepared(prepared, checkpoint));
    this.commitQueue = turn.catch(() => undefined);
    return turn;
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<number | null> {
    const token = await this.call(this.client.eval(ACQUIRE_LEASE, 2, this.keys.lease(name), this.keys.leaseToken(name), owner, ttlMs));
    return token === null ? null : Number(token);
  }

  async renewLease(name: string, owner: string, token: number, ttlMs: number): Promise<boolean> {
    return (await this.call(this.client.eval(RENEW_LEASE, 1, this.keys.lease(name), owner, token, ttlMs))) === 1;
  }

  async releaseLease(name: string, owner: string, token: number): Promise<void> {
    await this.call(this.client.eval(RELEASE_LEASE, 1, this.keys.lease(name), owner, token));
  }

  async leaseHolder(name: string): Promise<LeaseHolder | null> {
    const replies = await this.call(this.client.pipeline().hmget(this.keys.lease(name), 'owner', 'token').pttl(this.keys.lease(name)).exec());
    const [[, fields], [, ttl]] = replies as [[unknown, (string | null)[]], [unknown, number]];
    const [owner, token] = fields;
    return owner && token && ttl > 0 ? { owner, token: Number(token), expiresInMs: ttl } : null;
  }

  async clear(): Promise<void> {
    let cursor = '0';
    do {
      const [next, found] = await this.call(this.client.scan(cursor, 'MATCH', this.keys.pattern, 'COUNT', CLEAR_SCAN_COUNT));
      // Leases coordinate the processes and are not read models: a rebuild keeps holding its lease.
      const keys = found.filter((key) => !this.keys.isLease(key));
      if (keys.length > 0) await this.call(this.client.unlink(...keys));
      cursor = next;
    } while (cursor !== '0');
  }

  async ping(): Promise<void> {
    await this.call(withTimeout(this.client.ping(), PING_TIMEOUT_MS));
  }

  async close(): Promise<void> {
    if (this.client.status === 'end') return;
    await this.client.quit().catch(() => this.client.disconnect());
  }

  private async commitPrepared(writes: readonly PreparedWrite[], checkpoint: CheckpointUpdate): Promise<void> {
    if (await this.tryCommit(writes, checkpoint)) return;
    // Aborted: a watched key changed between the checks and EXEC; say which.
    const [actual, current] = await this.currentState(checkpoint);
    if (checkpoint.fence && current !== checkpoint.fence.token) throw new LeaseLostError(checkpoint.fence.lease, checkpoint.fence.token, current);
    throw new CheckpointConflictError(checkpoint.name, checkpoint.expected, actual);
  }

  /** One WATCH … EXEC round: false when EXEC was aborted because a watched key changed. */
  private async tryCommit(writes: readonly PreparedWrite[], checkpoint: CheckpointUpdate): Promise<boolean> {
    const checkpointKey = this.keys.checkpoint(checkpoint.name);
    const connection = this.client.stream;
    const watched = checkpoint.fence ? [checkpointKey, this.keys.leaseToken(checkpoint.fence.lease)] : [checkpointKey];
    await this.call(this.client.watch(...watched));
    const [actual, current] = await this.currentState(checkpoint);
    if (checkpoint.fence && current !== checkpoint.fence.token) {
      await this.call(this.client.unwatch());
      throw new LeaseLostError(checkpoint.fence.lease, checkpoint.fence.token, current);
    }
    if (actual !== checkpoint.expected) {
      await this.call(this.client.unwatch());
      throw new CheckpointConflictError(checkpoint.name, checkpoint.expected, actual);
    }
    if (this.client.stream !== connection) {
      throw new ReadStoreUnavailableError('redis reconnected during a commit; the checkpoint is no longer watched');
    }
    const setWrites = writes.filter((w): w is SetWrite & PreparedWrite => w.op === 'set-add' || w.op === 'set-remove');
    const planned = setWrites.length > 0 ? await this.planSets(setWrites) : null;
    const transaction = this.client.multi();
    if (planned) this.queueSets(transaction, planned);
    writes.forEach((write) => this.queue(transaction, write));
    transaction.set(checkpointKey, checkpoint.next);
    const results = await this.call(transaction.exec());
    if (results === null) return false;
    const failure = results.find(([error]) => error);
    // MULTI/EXEC has no rollback: validation rules out every failure our own keys can produce, so
    // reaching this means something else wrote into this store's key space.
    if (failure) throw new Error(`redis commit of ${checkpoint.name} partly failed: ${failure[0]?.message}`);
    return true;
  }

  /** The stored checkpoint and, for a fenced commit, the token of the lease while it is held. */
  private async currentState(checkpoint: CheckpointUpdate): Promise<[string | null, number | null]> {
    const checkpointKey = this.keys.checkpoint(checkpoint.name);
    if (!checkpoint.fence) return [await this.call(this.client.get(checkpointKey)), null];
    const replies = await this.call(this.client.pipeline().get(checkpointKey).hget(this.keys.lease(checkpoint.fence.lease), 'token').exec());
    const [actual, token] = replies!.map(([error, value]) => {
      if (error) throw error;
      return value as string | null;
    });
    return [actual, token === null ? null : Number(token)];
  }

  /** Reads what the set writes need (under the WATCH on the checkpoint) and folds them into chunks. */
  private async planSets(writes: readonly SetWrite[]) {
    const named = namedMembers(writes);
    const universes = [...new Set(named.map((m) => m.universe))];
    const lookup = this.client.pipeline();
    for (const { universe, member } of named) lookup.hget(this.keys.setMembers(universe), member);
    for (const universe of universes) lookup.get(this.keys.setNext(universe));
    const replies = (await this.call(lookup.exec()))!.map(([error, value]) => {
      if (error) throw error;
      return value as string | null;
    });
    const known = new Map<string, number>();
    named.forEach(({ universe, member }, i) => replies[i] !== null && known.set(memberKey(universe, member), Number(replies[i])));
    const next = new Map(universes.map((u, i) => [u, Number(replies[named.length + i] ?? 0)]));
    const assignment = assignNumbers(writes, known, (universe) => next.get(universe) ?? 0);
    const refs = touchedChunks(writes, assignment);
    const chunks = this.client.pipeline();
    for (const { universe, set, chunk } of refs) chunks.hgetBuffer(this.keys.setChunks(universe, set), String(chunk));
    const loaded = new Map<string, Uint8Array | null>();
    (await this.call(chunks.exec()))!.forEach(([error, value], i) => {
      if (error) throw error;
      loaded.set(chunkKey(refs[i].universe, refs[i].set, refs[i].chunk), value as Buffer | null);
    });
    return { assignment, chunks: applySetWrites(writes, assignment, loaded) };
  }

  private queueSets(transaction: ChainableCommander, { assignment, chunks }: Awaited<ReturnType<RedisReadStore['planSets']>>): void {
    for (const { universe, member, n } of assignment.created) {
      transaction.hset(this.keys.setMembers(universe), member, String(n));
      transaction.hset(this.keys.setNumbers(universe), String(n), member);
    }
    for (const [universe, next] of assignment.next) transaction.set(this.keys.setNext(universe), String(next));
    for (const { universe, set, chunk, bytes } of chunks.values()) {
      if (bytes) transaction.hset(this.keys.setChunks(universe, set), String(chunk), bytes);
      else transaction.hdel(this.keys.setChunks(universe, set), String(chunk));
    }
  }

  private queue(transaction: ChainableCommander, write: PreparedWrite): void {
    switch (write.op) {
      case 'put':
        transaction.set(this.keys.document(write.collection, write.id), write.json);
        break;
      case 'delete':
        transaction.del(this.keys.document(write.collection, write.id));
        break;
      case 'incr':
        transaction.incrby(this.keys.counter(write.counter), write.by);
        break;
      case 'index-add':
        transaction.zadd(this.keys.index(write.index), String(write.score), write.member);
        break;
      case 'index-remove':
        transaction.zrem(this.keys.index(write.index), write.member);
        break;
      case 'set-add':
      case 'set-remove':
        break; // queued by queueSets
    }
  }

  /** Anything but an error reply from the server means we could not talk to Redis. */
  private async call<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      if (error instanceof ReplyError) throw error;
      throw new ReadStoreUnavailableError(`redis unavailable: ${(error as Error).message}`, error);
    }
  }
}

/** Where each kind of value lives; the kind segment keeps documents, counters, indexes and checkpoints apart. */
class KeyLayout {
  constructor(private readonly prefix: string) {
    // An empty prefix would make clear() wipe the whole database.
    if (prefix === '') throw new Error('RedisReadStore needs a non-empty key prefix');
  }

  get pattern(): string {
    return `${this.prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  }

  document(collection: string, id: string): string {
    // The collection is escaped so that ("a:b", "c") and ("a", "b:c") get different keys.
    return `${this.prefix}doc:${collection.replace(/%/g, '%25').replace(/:/g, '%3A')}:${id}`;
  }

  counter(name: string): string {
    return `${this.prefix}counter:${name}`;
  }

  index(name: string): string {
    return `${this.prefix}index:${name}`;
  }

  checkpoint(name: string): string {
    return `${this.prefix}checkpoint:${name}`;
  }

  lease(name: string): string {
    return `${this.prefix}lease:${name}`;
  }

  /** The last fencing token handed out for a lease; never expires. */
  leaseToken(name: string): string {
    return `${this.prefix}lease-token:${name}`;
  }

  isLease(key: string): boolean {
    return key.startsWith(`${this.prefix}lease:`) || key.startsWith(`${this.prefix}lease-token:`);
  }

  /** Member → number, number → member and the next free number of a universe of member sets. */
  setMembers(universe: string): string {
    return `${this.prefix}setm:${escape(universe)}`;
  }

  setNumbers(universe: string): string {
    return `${this.prefix}setn:${escape(universe)}`;
  }

  setNext(universe: string): string {
    return `${this.prefix}setnext:${escape(universe)}`;
  }

  /** A set's chunks, one hash field per chunk number. */
  setChunks(universe: string, set: string): string {
    return `${this.prefix}setc:${escape(universe)}:${set}`;
  }
}

const escape = (segment: string) => segment.replace(/%/g, '%25').replace(/:/g, '%3A');

function parseDocument<T>(json: string | null): T | null {
  return json === null ? null : (JSON.parse(json) as T);
}

function scoreBound(bound: number): string {
  if (bound === Infinity) return '+inf';
  if (bound === -Infinity) return '-inf';
  return String(bound);
}

function toEntries(flat: string[]): IndexEntry[] {
  const entries: IndexEntry[] = [];
  for (let i = 0; i < flat.length; i += 2) entries.push({ member: flat[i], score: Number(flat[i + 1]) });
  return entries;
}

function withTimeout<T>(request: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([request, timeout]).finally(() => clearTimeout(timer));
}
