import { addToChunk, chunkMembers, chunkSize, countIntersection, decodeChunk, emptyChunk, encodeChunk, intersectChunks, removeFromChunk } from './posting-chunk';

const chunkOfMembers = (values: number[]) => values.reduce(addToChunk, emptyChunk());

describe('a chunk of a member set', () => {
  it('is a sorted list below 4,096 members and a bitmap from 4,096 on, and back to a list below', () => {
    let chunk = chunkOfMembers(Array.from({ length: 4095 }, (_, i) => i * 16));
    expect(chunk.kind).toBe('list');
    expect(encodeChunk(chunk)!.length).toBe(4095 * 2);
    chunk = addToChunk(chunk, 1);
    expect(chunk.kind).toBe('bitmap');
    expect(encodeChunk(chunk)!.length).toBe(8192);
    chunk = removeFromChunk(chunk, 0);
    expect(chunk.kind).toBe('list');
    expect(chunkSize(chunk)).toBe(4095);
  });

  it('survives its stored form in both shapes, members out of order and repeated', () => {
    for (const count of [3, 5000]) {
      const values = Array.from({ length: count }, (_, i) => (i * 7919) % 65536);
      const chunk = chunkOfMembers([...values, ...values.slice(0, 10)]);
      const decoded = decodeChunk(encodeChunk(chunk));
      expect(chunkMembers(decoded)).toEqual([...new Set(values)].sort((a, b) => a - b));
      expect(chunkSize(decoded)).toBe(new Set(values).size);
    }
  });

  it('stores nothing once empty', () => {
    expect(encodeChunk(removeFromChunk(chunkOfMembers([5]), 5))).toBeNull();
  });

  it('intersects lists with bitmaps', () => {
    const evens = chunkOfMembers(Array.from({ length: 30000 }, (_, i) => i * 2));
    const threes = chunkOfMembers(Array.from({ length: 20000 }, (_, i) => i * 3));
    const few = chunkOfMembers([6, 7, 12, 59994, 65535]);
    expect(intersectChunks([evens, threes, few])).toEqual([6, 12, 59994]);
    expect(intersectChunks([evens, threes]).length).toBe(10000);
    expect(intersectChunks([few])).toEqual([6, 7, 12, 59994, 65535]);
  });

  it('counts an intersection without listing it, the same as listing it', () => {
    const evens = chunkOfMembers(Array.from({ length: 30000 }, (_, i) => i * 2));
    const threes = chunkOfMembers(Array.from({ length: 20000 }, (_, i) => i * 3));
    const few = chunkOfMembers([6, 7, 12, 59994, 65535]);
    for (const chunks of [[evens], [evens, threes], [evens, threes, few], [few], []])
      expect(countIntersection(chunks)).toBe(chunks.length === 0 ? 0 : intersectChunks(chunks).length);
  });
});
