/**
 * The crash and lease tests compare read models after kills with a rebuild from zero: these
 * helpers put every read model of a store into one comparable value, and seed the kill timings
 * so a failing run can be replayed.
 */
import Database from 'better-sqlite3';
import Redis from 'ioredis';

/** mulberry32: the kill points of a run follow from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every read model under a Redis key prefix; leases are coordination, not read models, and are left out. */
export async function dumpRedis(redis: Redis, keyPrefix: string): Promise<Record<string, unknown>> {
  const keys = (await redis.keys(`${keyPrefix}*`)).sort();
  const snapshot: Record<string, unknown> = {};
  for (const key of keys) {
    const name = key.slice(keyPrefix.length);
    if (name.startsWith('lease:') || name.startsWith('lease-token:')) continue;
    const type = await redis.type(key);
    if (type === 'string') snapshot[name] = await redis.get(key);
    else if (type === 'zset') snapshot[name] = await redis.zrange(key, 0, -1, 'WITHSCORES');
    else if (type === 'hash') snapshot[name] = await redis.hgetall(key);
    else throw new Error(`unexpected ${type} at ${key}`);
  }
  return snapshot;
}

/** Everything in an embedded read.db, in a comparable form. */
export function dumpSqlite(file: string): Record<string, unknown> {
  const db = new Database(file, { readonly: true });
  try {
    return {
      documents: db.prepare('SELECT collection, id, json FROM documents ORDER BY collection, id').all(),
      counters: db.prepare('SELECT name, value FROM counters ORDER BY name').all(),
      indexes: db.prepare('SELECT name, member, score FROM index_entries ORDER BY name, member').all(),
      sets: db.prepare('SELECT universe, name, chunk, hex(bits) AS bits FROM set_chunks ORDER BY universe, name, chunk').all(),
      members: db.prepare('SELECT universe, member, n FROM set_members ORDER BY universe, n').all(),
      checkpoints: db.prepare('SELECT name, value FROM checkpoints ORDER BY name').all(),
    };
  } finally {
    db.close();
  }
}
