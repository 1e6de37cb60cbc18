/**
 * Sets of member numbers, stored in chunks of 4,096 numbers (the high bits name the chunk, the
 * low 12 bits the member within it), each chunk in the smaller of two forms — the scheme of
 * roaring bitmaps, cut down to what the read stores need:
 *
 * - a sorted list of 16-bit numbers (2 bytes each) while the chunk holds fewer than 256;
 * - a bitmap of 4,096 bits (512 bytes) from 256 members on.
 *
 * The stored form of a chunk is its bytes, little-endian; a chunk of exactly 512 bytes is a
 * bitmap, anything shorter a list. An empty chunk is not stored at all. Intersections run chunk
 * by chunk, so a query over a million members reads and ANDs 245 chunks of 512 bytes per set.
 *
 * Why chunks this small: every change rewrites the whole chunk it falls in, and registering a
 * target adds it to some twenty sets. With 65,536 numbers to a chunk that was up to 8 KB per set
 * — 160 KB of pages per command — and writing those pages was the largest part of projecting a
 * command; at 512 bytes it is a sixteenth, while a query reads the same bits in more, smaller rows.
 */

export const CHUNK_BITS = 12;
export const CHUNK_SIZE = 1 << CHUNK_BITS;
const BITMAP_BYTES = CHUNK_SIZE / 8;
/** A list of this many numbers would take as many bytes as the bitmap. */
const LIST_LIMIT = BITMAP_BYTES / 2;
/** Typed arrays use the machine's byte order; the stored form is little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export const chunkOf = (n: number) => Math.floor(n / CHUNK_SIZE);
export const lowOf = (n: number) => n % CHUNK_SIZE;

/** One chunk while it is worked on: a sorted list of low numbers or a bitmap of 128 words. */
export type Chunk = { kind: 'list'; values: number[] } | { kind: 'bitmap'; words: Uint32Array; count: number };

export function emptyChunk(): Chunk {
  return { kind: 'list', values: [] };
}

export function decodeChunk(bytes: Uint8Array | null | undefined): Chunk {
  if (!bytes || bytes.length === 0) return emptyChunk();
  if (bytes.length === BITMAP_BYTES) {
    const words = new Uint32Array(BITMAP_BYTES / 4);
    if (LITTLE_ENDIAN) new Uint8Array(words.buffer).set(bytes);
    else {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < words.length; i++) words[i] = view.getUint32(i * 4, true);
    }
    let count = 0;
    for (let i = 0; i < words.length; i++) count += popcount(words[i]);
    return { kind: 'bitmap', words, count };
  }
  const values = new Array<number>(bytes.length / 2);
  if (LITTLE_ENDIAN) {
    const lows = new Uint16Array(values.length);
    new Uint8Array(lows.buffer).set(bytes);
    for (let i = 0; i < values.length; i++) values[i] = lows[i];
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < values.length; i++) values[i] = view.getUint16(i * 2, true);
  }
  return { kind: 'list', values };
}

/** The stored form; null when the chunk is empty (delete it). */
export function encodeChunk(chunk: Chunk): Buffer | null {
  if (chunkSize(chunk) === 0) return null;
  if (chunk.kind === 'bitmap') {
    if (LITTLE_ENDIAN) return Buffer.from(new Uint8Array(chunk.words.buffer, chunk.words.byteOffset, chunk.words.byteLength));
    const bytes = Buffer.alloc(BITMAP_BYTES);
    for (let i = 0; i < chunk.words.length; i++) bytes.writeUInt32LE(chunk.words[i], i * 4);
    return bytes;
  }
  if (LITTLE_ENDIAN) return Buffer.from(Uint16Array.from(chunk.values).buffer);
  const bytes = Buffer.alloc(chunk.values.length * 2);
  chunk.values.forEach((v, i) => bytes.writeUInt16LE(v, i * 2));
  return bytes;
}

export function chunkSize(chunk: Chunk): number {
  return chunk.kind === 'list' ? chunk.values.length : chunk.count;
}

/** Adds a low number; returns the chunk (a list that grows too big becomes a bitmap). */
export function addToChunk(chunk: Chunk, low: number): Chunk {
  if (chunk.kind === 'bitmap') {
    const word = low >>> 5;
    const bit = 1 << (low & 31);
    if ((chunk.words[word] & bit) === 0) {
      chunk.words[word] |= bit;
      chunk.count += 1;
    }
    return chunk;
  }
  const values = chunk.values;
  // members mostly arrive in increasing order: try the end first
  if (values.length === 0 || values[values.length - 1] < low) values.push(low);
  else {
    const at = lowerBound(values, low);
    if (values[at] === low) return chunk;
    values.splice(at, 0, low);
  }
  return values.length >= LIST_LIMIT ? toBitmap(values) : chunk;
}

export function removeFromChunk(chunk: Chunk, low: number): Chunk {
  if (chunk.kind === 'bitmap') {
    const word = low >>> 5;
    const bit = 1 << (low & 31);
    if ((chunk.words[word] & bit) !== 0) {
      chunk.words[word] &= ~bit;
      chunk.count -= 1;
    }
    return chunk.count < LIST_LIMIT ? { kind: 'list', values: chunkMembers(chunk) } : chunk;
  }
  const at = lowerBound(chunk.values, low);
  if (chunk.values[at] === low) chunk.values.splice(at, 1);
  return chunk;
}

/** Low numbers of the chunk, ascending. */
export function chunkMembers(chunk: Chunk): number[] {
  if (chunk.kind === 'list') return chunk.values.slice();
  const out: number[] = [];
  for (let w = 0; w < chunk.words.length; w++) {
    let word = chunk.words[w];
    while (word !== 0) {
      const t = word & -word;
      out.push(w * 32 + 31 - Math.clz32(t));
      word ^= t;
    }
  }
  return out;
}

/** The low numbers present in every chunk, ascending. */
export function intersectChunks(chunks: readonly Chunk[]): number[] {
  if (chunks.length === 0) return [];
  if (chunks.length === 1) return chunkMembers(chunks[0]);
  const lists = chunks.filter((c): c is Extract<Chunk, { kind: 'list' }> => c.kind === 'list');
  const bitmaps = chunks.filter((c): c is Extract<Chunk, { kind: 'bitmap' }> => c.kind === 'bitmap');
  if (lists.length === 0) {
    const words = bitmaps[0].words.slice();
    for (const other of bitmaps.slice(1)) for (let i = 0; i < words.length; i++) words[i] &= other.words[i];
    return chunkMembers({ kind: 'bitmap', words, count: 0 });
  }
  lists.sort((a, b) => a.values.length - b.values.length);
  let result = lists[0].values;
  for (const other of lists.slice(1)) result = intersectSorted(result, other.values);
  return result.filter((low) => bitmaps.every((b) => (b.words[low >>> 5] & (1 << (low & 31))) !== 0));
}

/** How many low numbers are in every chunk, without listing them (a page needs only a few chunks' members). */
export function countIntersection(chunks: readonly Chunk[]): number {
  if (chunks.length === 0) return 0;
  if (chunks.length === 1) return chunkSize(chunks[0]);
  if (chunks.every((c) => c.kind === 'bitmap')) {
    const bitmaps = chunks as Extract<Chunk, { kind: 'bitmap' }>[];
    let count = 0;
    for (let i = 0; i < bitmaps[0].words.length; i++) {
      let word = bitmaps[0].words[i];
      for (let b = 1; b < bitmaps.length && word !== 0; b++) word &= bitmaps[b].words[i];
      if (word !== 0) count += popcount(word);
    }
    return count;
  }
  return intersectChunks(chunks).length;
}

function toBitmap(values: readonly number[]): Chunk {
  const words = new Uint32Array(BITMAP_BYTES / 4);
  for (const v of values) words[v >>> 5] |= 1 << (v & 31);
  return { kind: 'bitmap', words, count: values.length };
}

function intersectSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      out.push(a[i]);
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return out;
}

function lowerBound(values: readonly number[], target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
