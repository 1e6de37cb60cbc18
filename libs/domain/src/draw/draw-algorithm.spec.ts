/**
 * dsr-draw-v1 against the test vectors of docs/draw-algorithm.md. The vectors were computed by
 * an independent re-implementation written from the document (Python, hashlib), not by this code.
 */
import { createHash } from 'node:crypto';
import {
  SeededStream,
  canonicalPool,
  combineSeed,
  commitmentTo,
  countForRatio,
  drawWithSkips,
  exclusionsHash,
  membershipOf,
  poolHash,
  selectMembers,
} from './draw-algorithm';

const tenTargets = [
  '91431102MA4L00010X',
  '91431102MA4L00001X',
  '93431102MA4L00007X',
  '91431102MA4L00002X',
  '91431102MA4L00003X',
  '91431102MA4L00004X',
  '91431102MA4L00005X',
  '92431102MA4L00006X',
  '91431102MA4L00008X',
  '91431102MA4L00009X',
];

describe('dsr-draw-v1', () => {
  // each vector's pool, hash and seed are computed inside each test (not when the file loads), so
  // that mutation testing knows which tests run this code
  describe('vector 1: ten targets, a witness and the server value', () => {
    let pool: string[];
    let hash: string;
    let seed: Buffer;
    beforeEach(() => {
      pool = canonicalPool(tenTargets);
      hash = poolHash(pool);
      seed = combineSeed({
        poolHash: hash,
        stratum: 'class-1',
        contributions: [
          { kind: 'witness', label: '公证员 张某', value: '3 1 4 1 5 9' },
          { kind: 'server', label: 'server', value: 'b7e1c0d2a9f34e6b' },
        ],
      });
    });

    it('hashes the canonical pool', () => expect(hash).toBe('daf90c3963f45affb630642a1983d8d8bd1d81730129f36abe8c3a9b1a3f279b'));
    it('combines the seed', () => expect(seed.toString('hex')).toBe('800c80628c4207a626249719a051427edebb15ce57fb2e2444b49647dd1204c8'));
    it('selects three in draw order', () => expect(selectMembers(pool, seed, 3)).toEqual(['91431102MA4L00005X', '92431102MA4L00006X', '91431102MA4L00004X']));

    it('vector 3: skipping the second member continues the same shuffle (section 5a)', () =>
      expect(drawWithSkips(pool, seed, 3, (id) => id === '92431102MA4L00006X')).toEqual({
        selected: ['91431102MA4L00005X', '91431102MA4L00004X', '91431102MA4L00008X'],
        skipped: ['92431102MA4L00006X'],
      }));

    it('selects fewer than the count when skips exhaust the pool', () =>
      expect(drawWithSkips(pool, seed, 3, (id) => id !== '91431102MA4L00001X').selected).toEqual(['91431102MA4L00001X']));
  });

  describe('vector 2: a thousand targets and a beacon', () => {
    let pool: string[];
    let hash: string;
    let seed: Buffer;
    beforeEach(() => {
      pool = canonicalPool(Array.from({ length: 1000 }, (_, i) => `T${String(i).padStart(7, '0')}`));
      hash = poolHash(pool);
      seed = combineSeed({ poolHash: hash, stratum: 'all', contributions: [{ kind: 'beacon', label: 'round 1', value: '00ff' }] });
    });

    it('hashes the pool', () => expect(hash).toBe('90f97a41d48d3c491d5fe120d4ef1370e80bf3e95f08b676538bd2f159ea4703'));
    it('combines the seed', () => expect(seed.toString('hex')).toBe('b203d2606acc138a7bb98621bee9b7ffa22983a96cc80568af52554f4d008a71'));
    it('selects five', () => expect(selectMembers(pool, seed, 5)).toEqual(['T0000645', 'T0000746', 'T0000573', 'T0000323', 'T0000239']));
  });

  it('selects the same members whatever order the pool arrives in', () => {
    const seed = Buffer.alloc(32, 7);
    expect(selectMembers(canonicalPool([...tenTargets].reverse()), seed, 4)).toEqual(selectMembers(canonicalPool(tenTargets), seed, 4));
  });

  it('changes the selection when any entropy contribution changes', () => {
    const pool = canonicalPool(tenTargets);
    const seedWith = (value: string) => combineSeed({ poolHash: poolHash(pool), stratum: 's', contributions: [{ kind: 'witness', label: 'w', value }] });
    expect(selectMembers(pool, seedWith('1'), 5)).not.toEqual(selectMembers(pool, seedWith('2'), 5));
  });

  it('selects each member at most once and everyone when the count exceeds the pool', () => {
    const pool = canonicalPool(tenTargets);
    const all = selectMembers(pool, Buffer.alloc(32, 1), 50);
    expect([...all].sort()).toEqual(pool);
  });

  it('tests membership of a list in canonical order by search, and of any other list all the same', () => {
    const sorted = ['914311A', '914311B', '914311D', '914311Z'];
    for (const ids of [sorted, [...sorted].reverse()]) {
      const isMember = membershipOf(ids);
      expect(sorted.map(isMember)).toEqual([true, true, true, true]);
      expect(['914311', '914311C', '914311E', 'Z', ''].map(isMember)).toEqual([false, false, false, false, false]);
    }
    expect(membershipOf([])('914311A')).toBe(false);
  });

  it('refuses a pool with a duplicate member', () => {
    expect(() => canonicalPool(['a', 'b', 'a'])).toThrow(/appears twice/);
  });

  it('draws without modulo bias: every residue of a small bound appears about equally often', () => {
    const stream = new SeededStream(Buffer.alloc(32, 3));
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[stream.below(3)] += 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it('draws without modulo bias at a bound where it would show: below(3·2^30) lands under 2^30 a third of the time, not half', () => {
    // 2^32 mod 3·2^30 = 2^30: reducing a 32-bit word modulo the bound would put every value under 2^30
    // twice as often as the others — half of all draws instead of a third. Rejection sampling does not.
    const stream = new SeededStream(Buffer.alloc(32, 7));
    const bound = 3 * 2 ** 30;
    let low = 0;
    const draws = 30_000;
    for (let i = 0; i < draws; i++) if (stream.below(bound) < 2 ** 30) low += 1;
    expect(Math.abs(low - draws / 3)).toBeLessThan(500);
  });

  it('commits to the server value by its SHA-256', () => {
    expect(commitmentTo('b7e1c0d2a9f34e6b')).toBe('379173c0ff8506b815f9023ae04d1b7ca4d791dd87995f390cd78cf86262304b');
  });

  it('rounds a ratio up so a positive ratio of a non-empty pool draws at least one', () => {
    expect(countForRatio(1000, 5)).toBe(50);
    expect(countForRatio(19, 5)).toBe(1);
    expect(countForRatio(0, 5)).toBe(0);
    expect(countForRatio(3, 100)).toBe(3);
    expect(countForRatio(1000, 5.1)).toBe(51);
    expect(countForRatio(1000, 0.01)).toBe(1);
  });
});

describe('the exclusions hash a freeze publishes (docs/draw-algorithm.md)', () => {
  // computed by Python's hashlib over json.dumps(ensure_ascii=False, separators=(',', ':')) of each exclusion, one per line
  it('hashes each exclusion as a canonical JSON array followed by a line feed, in the order given', () => {
    const excluded = [
      { targetId: '91431102MA4L00011X', reason: 'deregistered', detail: '注销: the subject no longer exists' },
      { targetId: '91431102MA4L00012X', reason: 'quota-reached', detail: 'drawn twice in 2026 "food\\\\2"' },
    ];
    expect(exclusionsHash(excluded)).toBe('54d2af5b9d76d6dddb3959a5c7fab384f53c2a4971a13d874686e1e1ffdd113a');
    expect(exclusionsHash([...excluded].reverse())).not.toBe(exclusionsHash(excluded));
  });

  it('hashes no exclusions as the empty string', () => {
    expect(exclusionsHash([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('binds every field: a changed reason or detail changes the hash', () => {
    const one = { targetId: 'T1', reason: 'deregistered', detail: 'x' };
    expect(exclusionsHash([{ ...one, reason: 'revoked' }])).not.toBe(exclusionsHash([one]));
    expect(exclusionsHash([{ ...one, detail: 'y' }])).not.toBe(exclusionsHash([one]));
    expect(exclusionsHash([{ ...one, targetId: 'T2' }])).not.toBe(exclusionsHash([one]));
  });

  it('hashes a list longer than one chunk as one stream of lines', () => {
    const many = Array.from({ length: 2500 }, (_, i) => ({ targetId: `T${i}`, reason: 'revoked', detail: '吊销' }));
    const text = many.map((e) => `["${e.targetId}","revoked","吊销"]\n`).join('');
    expect(exclusionsHash(many)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});
