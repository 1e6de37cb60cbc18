/**
 * dsr-draw-v1 step by step, against docs/draw-algorithm.md. The expected numbers and selections
 * were computed with the page's Python reference implementation (hashlib, struct), not by this code.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { DRAW_ALGORITHM, SeededStream, canonicalPool, combineSeed, countForRatio, drawWithSkips, membershipOf, poolHash, selectMembers, shuffledOrder } from './draw-algorithm';

const sevens = Buffer.alloc(32, 7);
/** The first 18 integers of the stream of seed 07 07 … 07: three blocks (8 + 8 + 2). */
const firstIntegers = [
  3655568199, 889352205, 1460958899, 1777975272, 3532112460, 4053834325, 2014409393, 4241514810, 126231893, 3723599422, 1713790854, 1337645152, 2895937424,
  1282912766, 695275118, 3188399996, 783157188, 2741324160,
];
const vector1 = {
  pool: ['91431102MA4L00001X', '91431102MA4L00002X', '91431102MA4L00003X', '91431102MA4L00004X', '91431102MA4L00005X', '91431102MA4L00008X', '91431102MA4L00009X', '91431102MA4L00010X', '92431102MA4L00006X', '93431102MA4L00007X'],
  seed: Buffer.from('800c80628c4207a626249719a051427edebb15ce57fb2e2444b49647dd1204c8', 'hex'),
  /** The whole shuffle: every member in draw order. */
  order: ['91431102MA4L00005X', '92431102MA4L00006X', '91431102MA4L00004X', '91431102MA4L00008X', '91431102MA4L00001X', '91431102MA4L00009X', '91431102MA4L00002X', '93431102MA4L00007X', '91431102MA4L00003X', '91431102MA4L00010X'],
};
const vector2 = {
  pool: Array.from({ length: 1000 }, (_, i) => `T${String(i).padStart(7, '0')}`),
  seed: Buffer.from('b203d2606acc138a7bb98621bee9b7ffa22983a96cc80568af52554f4d008a71', 'hex'),
  /** Twenty in draw order: the stream runs over several blocks. */
  first20: ['T0000645', 'T0000746', 'T0000573', 'T0000323', 'T0000239', 'T0000793', 'T0000310', 'T0000663', 'T0000394', 'T0000189', 'T0000820', 'T0000776', 'T0000293', 'T0000713', 'T0000726', 'T0000759', 'T0000796', 'T0000844', 'T0000666', 'T0000279'],
};

describe('§1 the canonical pool', () => {
  it('refuses a duplicate even in a pool that arrives in order', () => {
    expect(() => canonicalPool(['a', 'a'])).toThrow('pool member a appears twice');
    expect(() => canonicalPool(['a', 'b', 'b', 'c'])).toThrow('pool member b appears twice');
    expect(() => canonicalPool(['c', 'b', 'a', 'b'])).toThrow('pool member b appears twice');
  });

  it('sorts by UTF-16 code units, not by locale or by number', () => {
    expect(canonicalPool(['b', 'B', 'a', '10', '9', 'Z', 'é', 'e'])).toEqual(['10', '9', 'B', 'Z', 'a', 'b', 'e', 'é']);
  });

  it('hands back a new array, whichever order the pool arrived in', () => {
    const inOrder = ['a', 'b', 'c'];
    const pool = canonicalPool(inOrder);
    expect(pool).toEqual(inOrder);
    expect(pool).not.toBe(inOrder);
  });
});

describe('§2 the pool hash', () => {
  it('is SHA-256 of every id followed by a line feed; the empty pool hashes the empty string', () => {
    expect(poolHash(['a', 'b'])).toBe(createHash('sha256').update('a\nb\n').digest('hex'));
    expect(poolHash([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('is the hash of the whole text for a pool larger than the 4,096 ids hashed at a time', () => {
    const pool = Array.from({ length: 5000 }, (_, i) => `T${String(i).padStart(7, '0')}`);
    expect(poolHash(pool)).toBe('ff1192fcbaab03b5aecd972e01b2c57fa1c815406abc69a04c59f06ea8d4b70b');
    expect(poolHash(pool.slice(0, 4096))).toBe(createHash('sha256').update(pool.slice(0, 4096).join('\n') + '\n').digest('hex'));
  });

  it('is the same when asked again about the same pool', () => {
    const pool = canonicalPool(['x', 'y']);
    expect(poolHash(pool)).toBe(poolHash(pool));
    expect(poolHash(pool)).toBe(poolHash(['x', 'y']));
  });
});

describe('§3 the seed', () => {
  const contributions = [{ kind: 'witness' as const, label: '公证员 张某', value: '3 1 4 1 5 9' }];

  it('is SHA-256 of the JCS of algorithm, pool hash, stratum and contributions in recorded order', () => {
    const text = canonicalize({ algorithm: 'dsr-draw-v1', poolHash: 'p', stratum: 's', contributions });
    expect(DRAW_ALGORITHM).toBe('dsr-draw-v1');
    expect(combineSeed({ poolHash: 'p', stratum: 's', contributions })).toEqual(createHash('sha256').update(text!, 'utf8').digest());
  });

  it('commits to kind, label and value of each contribution and nothing else', () => {
    const base = combineSeed({ poolHash: 'p', stratum: 's', contributions });
    const withExtra = [{ ...contributions[0], contributedBy: 'notary-1' }];
    expect(combineSeed({ poolHash: 'p', stratum: 's', contributions: withExtra })).toEqual(base);
    expect(combineSeed({ poolHash: 'p', stratum: 's', contributions: [{ ...contributions[0], label: '公证员 李某' }] })).not.toEqual(base);
    expect(combineSeed({ poolHash: 'p', stratum: 's', contributions: [{ ...contributions[0], kind: 'beacon' }] })).not.toEqual(base);
  });

  it('differs by stratum and by pool hash, so each part of a draw is independent', () => {
    const base = combineSeed({ poolHash: 'p', stratum: 's', contributions });
    expect(combineSeed({ poolHash: 'p', stratum: 't', contributions })).not.toEqual(base);
    expect(combineSeed({ poolHash: 'q', stratum: 's', contributions })).not.toEqual(base);
  });
});

describe('§4 the random stream', () => {
  it('reads SHA-256(seed ‖ uint32be(i)) as big-endian integers, block after block', () => {
    const stream = new SeededStream(sevens);
    expect(Array.from({ length: firstIntegers.length }, () => stream.nextUint32())).toEqual(firstIntegers);
  });

  it('rejects an integer at the limit itself, not only above it', () => {
    // bound above 2^31: limit = floor(2^32 / bound) · bound = bound, so the first integer (equal to it) is rejected
    const bound = firstIntegers[0];
    expect(new SeededStream(sevens).below(bound)).toBe(firstIntegers[1]);
  });

  it('rejects integers at or above floor(2^32 / m) · m and reduces the next modulo m', () => {
    // m = 2^31 + 1: limit = m, so 3655568199 is rejected and 889352205 is taken as it is
    expect(new SeededStream(sevens).below(2 ** 31 + 1)).toBe(889352205);
    // m = 1000: limit = 4294967000, nothing rejected: 3655568199 mod 1000
    expect(new SeededStream(sevens).below(1000)).toBe(199);
    // m = 2^32: every integer is taken as it is
    expect(new SeededStream(sevens).below(2 ** 32)).toBe(3655568199);
    // m = 1: always 0
    expect(new SeededStream(sevens).below(1)).toBe(0);
  });

  it('refuses a bound below 1, above 2^32 or not whole', () => {
    const stream = new SeededStream(sevens);
    expect(() => stream.below(0)).toThrow('bound 0 out of range');
    expect(() => stream.below(2 ** 32 + 1)).toThrow('bound 4294967297 out of range');
    expect(() => stream.below(2.5)).toThrow('bound 2.5 out of range');
  });
});

describe('§5 selection', () => {
  it('runs the whole Fisher–Yates shuffle when asked for every member', () => {
    expect([...shuffledOrder(vector1.pool, vector1.seed)]).toEqual(vector1.order);
    expect(selectMembers(vector1.pool, vector1.seed, 10)).toEqual(vector1.order);
  });

  it('gives the first k of the shuffle, over several blocks of the stream', () => {
    expect(selectMembers(vector2.pool, vector2.seed, 20)).toEqual(vector2.first20);
  });

  it('clamps the count to 0 ≤ k ≤ n, taking whole members only', () => {
    expect(selectMembers(vector1.pool, vector1.seed, 0)).toEqual([]);
    expect(selectMembers(vector1.pool, vector1.seed, -3)).toEqual([]);
    expect(selectMembers(vector1.pool, vector1.seed, 2.9)).toEqual(vector1.order.slice(0, 2));
    expect(selectMembers(vector1.pool, vector1.seed, 11)).toEqual(vector1.order);
    expect(selectMembers([], vector1.seed, 3)).toEqual([]);
  });
});

describe('§5a selection with skips', () => {
  it('selects and skips nothing for a count of 0, however many members would be skipped', () => {
    expect(drawWithSkips(vector1.pool, vector1.seed, 0, () => true)).toEqual({ selected: [], skipped: [] });
    expect(drawWithSkips(vector1.pool, vector1.seed, 0, () => false)).toEqual({ selected: [], skipped: [] });
  });

  it('stops as soon as k members are selected: later skips are not reported', () => {
    const skipLast = (id: string) => id === vector1.order[9];
    expect(drawWithSkips(vector1.pool, vector1.seed, 3, skipLast)).toEqual({ selected: vector1.order.slice(0, 3), skipped: [] });
  });

  it('continues the same shuffle past the skipped members, reporting them in draw order', () => {
    const skipped = new Set([vector1.order[0], vector1.order[2]]);
    expect(drawWithSkips(vector1.pool, vector1.seed, 3, (id) => skipped.has(id))).toEqual({
      selected: [vector1.order[1], vector1.order[3], vector1.order[4]],
      skipped: [vector1.order[0], vector1.order[2]],
    });
  });

  it('reports every member skipped when all of them are, and selects none', () => {
    expect(drawWithSkips(vector1.pool, vector1.seed, 2, () => true)).toEqual({ selected: [], skipped: vector1.order });
  });
});

describe('§6 from a ratio to a count', () => {
  it('rounds n · ratio / 100 up, in whole basis points', () => {
    expect(countForRatio(100, 5)).toBe(5);
    expect(countForRatio(101, 5)).toBe(6);
    expect(countForRatio(10000, 0.29)).toBe(29);
    expect(countForRatio(1, 0.01)).toBe(1);
    expect(countForRatio(7, 0)).toBe(0);
  });

  it('never exceeds the pool', () => {
    expect(countForRatio(7, 150)).toBe(7);
  });
});

describe('membership of a list', () => {
  it('finds the first and the last of a list in canonical order, and nothing past either end', () => {
    const ids = ['b', 'd', 'f', 'h', 'j'];
    const isMember = membershipOf(ids);
    expect(['b', 'd', 'f', 'h', 'j'].map(isMember)).toEqual([true, true, true, true, true]);
    expect(['a', 'c', 'e', 'g', 'i', 'k'].map(isMember)).toEqual([false, false, false, false, false, false]);
  });

  it('finds members of a list with repeated ids, sorted or not', () => {
    for (const ids of [['a', 'a', 'b'], ['b', 'a', 'a']]) {
      const isMember = membershipOf(ids);
      expect(['a', 'b', 'c'].map(isMember)).toEqual([true, true, false]);
    }
  });

  it('answers the same for the same list asked about twice', () => {
    const ids = ['c', 'a'];
    expect(membershipOf(ids)('a')).toBe(true);
    expect(membershipOf(ids)('a')).toBe(true);
    expect(membershipOf(ids)('b')).toBe(false);
  });
});
