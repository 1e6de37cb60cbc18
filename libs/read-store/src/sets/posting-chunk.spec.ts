import { CHUNK_SIZE, addToChunk, chunkMembers, chunkSize, countIntersection, decodeChunk, emptyChunk, encodeChunk, intersectChunks, removeFromChunk } from './posting-chunk';

const chunkOfMembers = (values: number[]) => values.reduce(addToChunk, emptyChunk());
/** A bitmap's bytes, and the list length from which a list would be no smaller. */
const BITMAP_BYTES = CHUNK_SIZE / 8;
const LIST_LIMIT = BITMAP_BYTES / 2;

describe('a chunk of a member set', () => {
  it('holds 4,096 numbers, each chunk stored in at most 512 bytes', () => {
    expect(CHUNK_SIZE).toBe(4096);
    const full = chunkOfMembers(Array.from({ length: CHUNK_SIZE }, (_, i) => i));
    expect(encodeChunk(full)!.length).toBe(512);
  });

  it('is a sorted list below 256 members and a bitmap from 256 on, and back to a list below', () => {
    let chunk = chunkOfMembers(Array.from({ length: LIST_LIMIT - 1 }, (_, i) => i * 16));
    expect(chunk.kind).toBe('list');
    expect(encodeChunk(chunk)!.length).toBe((LIST_LIMIT - 1) * 2);
    chunk = addToChunk(chunk, 1);
    expect(chunk.kind).toBe('bitmap');
    expect(encodeChunk(chunk)!.length).toBe(BITMAP_BYTES);
    chunk = removeFromChunk(chunk, 0);
    expect(chunk.kind).toBe('list');
    expect(chunkSize(chunk)).toBe(LIST_LIMIT - 1);
  });

  it('survives its stored form in both shapes, members out of order and repeated', () => {
    for (const count of [3, LIST_LIMIT - 1, LIST_LIMIT, 3000]) {
      const values = Array.from({ length: count }, (_, i) => (i * 1031) % CHUNK_SIZE);
      const chunk = chunkOfMembers([...values, ...values.slice(0, 10)]);
      const stored = encodeChunk(chunk)!;
      // the stored form is little-endian whatever the machine: the first member's low byte first
      if (chunk.kind === 'list') expect([stored[0], stored[1]]).toEqual([chunkMembers(chunk)[0] & 0xff, chunkMembers(chunk)[0] >> 8]);
      const decoded = decodeChunk(stored);
      expect(chunkMembers(decoded)).toEqual([...new Set(values)].sort((a, b) => a - b));
      expect(chunkSize(decoded)).toBe(new Set(values).size);
    }
  });

  it('reads a stored bitmap bit by bit in little-endian order', () => {
    const stored = Buffer.alloc(BITMAP_BYTES);
    stored[0] = 0b0000_0101; // members 0 and 2
    stored[BITMAP_BYTES - 1] = 0b1000_0000; // the last member
    expect(chunkMembers(decodeChunk(stored))).toEqual([0, 2, CHUNK_SIZE - 1]);
    expect(chunkSize(decodeChunk(stored))).toBe(3);
  });

  it('stores nothing once empty', () => {
    expect(encodeChunk(removeFromChunk(chunkOfMembers([5]), 5))).toBeNull();
  });

  it('intersects lists with bitmaps', () => {
    const evens = chunkOfMembers(Array.from({ length: CHUNK_SIZE / 2 }, (_, i) => i * 2));
    const threes = chunkOfMembers(Array.from({ length: Math.ceil(CHUNK_SIZE / 3) }, (_, i) => i * 3));
    const few = chunkOfMembers([6, 7, 12, CHUNK_SIZE - 10, CHUNK_SIZE - 1]);
    expect(intersectChunks([evens, threes, few])).toEqual([6, 12, CHUNK_SIZE - 10]);
    expect(intersectChunks([evens, threes]).length).toBe(Math.ceil(CHUNK_SIZE / 6));
    expect(intersectChunks([few])).toEqual([6, 7, 12, CHUNK_SIZE - 10, CHUNK_SIZE - 1]);
  });

  it('counts an intersection without listing it, the same as listing it', () => {
    const evens = chunkOfMembers(Array.from({ length: CHUNK_SIZE / 2 }, (_, i) => i * 2));
    const threes = chunkOfMembers(Array.from({ length: Math.ceil(CHUNK_SIZE / 3) }, (_, i) => i * 3));
    const few = chunkOfMembers([6, 7, 12, CHUNK_SIZE - 10, CHUNK_SIZE - 1]);
    for (const chunks of [[evens], [evens, threes], [evens, threes, few], [few], []])
      expect(countIntersection(chunks)).toBe(chunks.length === 0 ? 0 : intersectChunks(chunks).length);
  });
});
