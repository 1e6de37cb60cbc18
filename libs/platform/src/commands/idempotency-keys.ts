/**
 * What an Idempotency-Key was first used for (issue 14). The key fixes the command id and so the
 * event ids; on its own it said nothing about the request, so the same key with another body
 * answered the first result as `replayed` while the new body was never recorded, another caller
 * reusing someone's key got their result, and the key on another stream answered a misleading 409.
 *
 * Each key a client sends is now bound, before its command runs, to a hash of the request (method,
 * route pattern, path parameters, query and canonical body) and to the caller (actor id and unit).
 * The same request by the same caller goes on to the command runner, which answers the first
 * result (`replayed: true`); anything else is refused with 422 and runs nothing. A command that is
 * refused releases the binding it made, so the key may carry a corrected request.
 *
 * Keys used before bindings existed have none: the first use since binds them, and the runner
 * replays their events as before.
 *
 * The bindings live beside the read store — in Redis when REDIS_URL is set (shared by every API
 * process), otherwise in `idempotency-keys.db` in DATA_DIR — and are never rebuilt from the log:
 * they are not facts of the audit trail, only what a key was spent on.
 */
import { Inject, Injectable, OnApplicationShutdown, UnprocessableEntityException } from '@nestjs/common';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '@app/event-store/canonical-json';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export interface KeyBinding {
  /** sha256 of the canonical request (see `requestHash`). */
  readonly requestHash: string;
  readonly actorId: string;
  readonly unit: string;
}

export interface IdempotencyKeyStore {
  /** Binds the key when it is free and returns null; otherwise returns the binding it already has. */
  bind(key: string, binding: KeyBinding): Promise<KeyBinding | null>;
  /** Frees the key if it is still bound to exactly this binding. */
  release(key: string, binding: KeyBinding): Promise<void>;
  close(): Promise<void>;
}

export const IDEMPOTENCY_KEYS = Symbol('IDEMPOTENCY_KEYS');

/** The request a key is bound to, as a hash: method, route pattern, path parameters, query and canonical body. */
export function requestHash(request: { method: string; route: string; params?: unknown; query?: unknown; body?: unknown }): string {
  const text = canonicalJson({
    method: request.method.toUpperCase(),
    route: request.route,
    params: request.params ?? {},
    query: request.query ?? {},
    body: request.body ?? null,
  });
  return createHash('sha256')
    .update(text ?? '', 'utf8')
    .digest('hex');
}

export function sameBinding(a: KeyBinding, b: KeyBinding): boolean {
  return a.requestHash === b.requestHash && a.actorId === b.actorId && a.unit === b.unit;
}

/** 422, problem-details naming the header: the key was spent on another request or by another caller. */
export class IdempotencyKeyReusedException extends UnprocessableEntityException {
  constructor() {
    super({
      field: 'Idempotency-Key',
      reason: 'was already used for another request (another body, route, record or caller); send a new key for a new request',
    });
  }
}

export class SqliteIdempotencyKeys implements IdempotencyKeyStore {
  private db: Database.Database | null = null;

  constructor(private readonly file: string) {}

  /** Opened on first use: processes that run no commands (the projector) never create the file. */
  private open(): Database.Database {
    if (!this.db) {
      if (this.file !== ':memory:') mkdirSync(join(this.file, '..'), { recursive: true });
      this.db = new Database(this.file);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('busy_timeout = 5000');
      this.db.exec('CREATE TABLE IF NOT EXISTS idempotency_keys (key TEXT PRIMARY KEY, binding TEXT NOT NULL, bound_at TEXT NOT NULL)');
    }
    return this.db;
  }

  async bind(key: string, binding: KeyBinding): Promise<KeyBinding | null> {
    const db = this.open();
    const text = JSON.stringify(binding);
    const inserted = db.prepare('INSERT OR IGNORE INTO idempotency_keys (key, binding, bound_at) VALUES (?, ?, ?)').run(key, text, new Date().toISOString());
    if (inserted.changes === 1) return null;
    const row = db.prepare('SELECT binding FROM idempotency_keys WHERE key = ?').get(key) as { binding: string } | undefined;
    // released between the two statements: try once more
    if (!row) return this.bind(key, binding);
    return JSON.parse(row.binding) as KeyBinding;
  }

  async release(key: string, binding: KeyBinding): Promise<void> {
    this.open().prepare('DELETE FROM idempotency_keys WHERE key = ? AND binding = ?').run(key, JSON.stringify(binding));
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = null;
  }
}

/** The same in Redis, for API processes that share one: SET NX binds, a compare-and-delete releases. */
export class RedisIdempotencyKeys implements IdempotencyKeyStore {
  /**
   * The one connection, made on first use. The promise is kept, not the client: commands arriving
   * together at start all wait for the same connection instead of each opening one that nothing
   * would ever close.
   */
  private client: Promise<import('ioredis').Redis> | null = null;

  constructor(
    private readonly url: string,
    private readonly prefix: string,
  ) {}

  private connection(): Promise<import('ioredis').Redis> {
    this.client ??= import('ioredis').then(({ Redis }) => {
      const client = new Redis(this.url, { connectTimeout: 5000, commandTimeout: 5000, maxRetriesPerRequest: 1 });
      client.on('error', () => undefined);
      return client;
    });
    return this.client;
  }

  async bind(key: string, binding: KeyBinding): Promise<KeyBinding | null> {
    const client = await this.connection();
    const name = `${this.prefix}idempotency:${key}`;
    const set = await client.set(name, JSON.stringify(binding), 'NX');
    if (set === 'OK') return null;
    const text = await client.get(name);
    if (text === null) return this.bind(key, binding);
    return JSON.parse(text) as KeyBinding;
  }

  async release(key: string, binding: KeyBinding): Promise<void> {
    const client = await this.connection();
    await client.eval(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end",
      1,
      `${this.prefix}idempotency:${key}`,
      JSON.stringify(binding),
    );
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    (await client)?.disconnect();
  }
}

export function openIdempotencyKeys(config: AppConfig): IdempotencyKeyStore {
  return config.redisUrl
    ? new RedisIdempotencyKeys(config.redisUrl, config.redisKeyPrefix)
    : new SqliteIdempotencyKeys(join(config.dataDir, 'idempotency-keys.db'));
}

/** Closes the key store with the application. */
@Injectable()
export class IdempotencyKeysLifecycle implements OnApplicationShutdown {
  constructor(@Inject(IDEMPOTENCY_KEYS) private readonly keys: IdempotencyKeyStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.keys.close();
  }
}
