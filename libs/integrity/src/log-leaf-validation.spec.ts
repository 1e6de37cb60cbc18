/**
 * A log leaf as docs/integrity.md ("Leaf bytes") defines it: the JCS of {hash, id, index,
 * revision, stream}, hashed with the RFC 9162 leaf prefix; and the leaves no stored event can have.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { LogLeaf, logLeafBytes, logLeafHash } from './log-leaf';
import { leafHash } from './merkle';

const hash = '537c8f7b7c4fc000c80ac1c93eb0c6c9a125519b261a9e0d1e84ed54e21f9560';
const leaf: LogLeaf = { index: 12, stream: 'department-lingling', revision: 1, id: 'cbd2e3c6-f3db-52c5-af36-4e769c2b7b97', hash };

describe('the leaf hash', () => {
  it('is SHA-256 of 0x00 and the leaf bytes (RFC 9162 §2.1.1)', () => {
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from([0]), Buffer.from(canonicalize(leaf)!, 'utf8')]))
      .digest();
    expect(logLeafHash(leaf)).toEqual(expected);
    expect(logLeafHash(leaf)).toEqual(leafHash(logLeafBytes(leaf)));
  });

  it('is the same for the non-ASCII, quoted and escaped names canonicalize writes', () => {
    for (const stream of ['department-零陵', 'quote"and\\slash', 'line\nfeed', '\u2028']) {
      const odd = { ...leaf, stream, id: `${stream}-id` };
      expect(logLeafBytes(odd).toString('utf8')).toBe(canonicalize(odd));
      expect(logLeafHash(odd)).toEqual(leafHash(Buffer.from(canonicalize(odd)!, 'utf8')));
    }
  });

  it('leaves out a missing stream or id, as canonicalize does', () => {
    for (const odd of [{ ...leaf, stream: undefined as unknown as string }, { ...leaf, id: undefined as unknown as string }]) {
      expect(logLeafBytes(odd).toString('utf8')).toBe(canonicalize(odd));
      expect(logLeafBytes(odd).toString('utf8')).not.toContain('undefined');
    }
  });

  it('commits to a stream or id that is not a string as canonicalize writes it', () => {
    const odd = { ...leaf, stream: 42 as unknown as string, id: undefined as unknown as string };
    expect(logLeafBytes(odd).toString('utf8')).toBe(canonicalize(odd));
    expect(logLeafBytes(odd).toString('utf8')).toBe(`{"hash":"${hash}","index":12,"revision":1,"stream":42}`);
    expect(logLeafHash(odd)).toEqual(leafHash(logLeafBytes(odd)));
  });
});

describe('leaves no stored event can have are refused', () => {
  it.each<[string, Partial<LogLeaf>, string]>([
    ['a negative index', { index: -1 }, 'leaf index must be a non-negative integer, got -1'],
    ['a fractional index', { index: 0.5 }, 'leaf index must be a non-negative integer, got 0.5'],
    ['an index beyond exact integers', { index: 2 ** 53 }, 'leaf index must be a non-negative integer, got 9007199254740992'],
    ['a negative revision', { revision: -1 }, 'revision must be a non-negative integer, got -1'],
    ['a revision beyond exact integers', { revision: 2 ** 53 }, 'revision must be a non-negative integer, got 9007199254740992'],
    ['a hash of 63 digits', { hash: hash.slice(1) }, 'hash must be 64 lowercase hex digits'],
    ['a hash with a prefix', { hash: `0x${hash}` }, 'hash must be 64 lowercase hex digits'],
    ['a hash with a suffix', { hash: `${hash}00` }, 'hash must be 64 lowercase hex digits'],
    ['a hash followed by a line feed', { hash: `${hash}\n` }, 'hash must be 64 lowercase hex digits'],
  ])('refuses %s', (_, change, message) => {
    expect(() => logLeafBytes({ ...leaf, ...change })).toThrow(new RangeError(message));
    expect(() => logLeafHash({ ...leaf, ...change })).toThrow(RangeError);
  });

  it('takes index and revision 0, the first event of the log and of its stream', () => {
    expect(logLeafBytes({ ...leaf, index: 0, revision: 0 }).toString('utf8')).toContain('"index":0,"revision":0');
  });
});
