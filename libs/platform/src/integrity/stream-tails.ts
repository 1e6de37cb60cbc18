/**
 * The newest event of every stream seen so far, which `verify-log` chains the next one onto. A log
 * of a million targets has a million streams, so nothing here is a JavaScript object per stream: the
 * names are UTF-16 code units, found through an open-addressing hash table, and a tail is kept in
 * columns — revision, leaf index, commit position, the hash as 32 bytes and the id as 16 — in chunks
 * of 65,536 streams, so growing copies nothing. About 150 bytes a stream, where a Map of objects and
 * strings took over 300 and kept the garbage collector marking them. A value in any other form than the usual (a tampered row's) is kept as it
 * is, on the side.
 */
export interface LocatedEvent {
  readonly position: string;
  readonly leafIndex: number;
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
}

export interface StreamTail {
  readonly revision: number;
  readonly hash: string;
  readonly at: LocatedEvent;
}

const HEX_HASH = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Unusual {
  revision?: unknown;
  hash?: unknown;
  id?: unknown;
  position?: string;
}

/** Tails are kept in chunks of this many streams: growing adds a chunk and copies nothing. */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;

class Chunk {
  readonly revisions = new Float64Array(CHUNK);
  readonly leafIndexes = new Float64Array(CHUNK);
  readonly commits = new Float64Array(CHUNK);
  readonly hashes = Buffer.alloc(32 * CHUNK);
  readonly ids = Buffer.alloc(16 * CHUNK);
  readonly nameStarts = new Uint32Array(CHUNK);
  readonly nameLengths = new Uint32Array(CHUNK);
  /** The names of this chunk's streams, as UTF-16 code units, one after another. */
  names = new Uint16Array(32 * 1024);
  namesUsed = 0;

  nameIs(i: number, stream: string): boolean {
    if (this.nameLengths[i] !== stream.length) return false;
    const start = this.nameStarts[i];
    for (let k = 0; k < stream.length; k++) if (this.names[start + k] !== stream.charCodeAt(k)) return false;
    return true;
  }

  addName(i: number, stream: string): void {
    if (this.namesUsed + stream.length > this.names.length) {
      const names = new Uint16Array(Math.max(2 * this.names.length, this.namesUsed + stream.length));
      names.set(this.names);
      this.names = names;
    }
    for (let k = 0; k < stream.length; k++) this.names[this.namesUsed + k] = stream.charCodeAt(k);
    this.nameStarts[i] = this.namesUsed;
    this.nameLengths[i] = stream.length;
    this.namesUsed += stream.length;
  }

  nameHash(i: number): number {
    return hashCodes(this.names.subarray(this.nameStarts[i], this.nameStarts[i] + this.nameLengths[i]));
  }
}

export class StreamTails {
  private count = 0;
  private readonly chunks: Chunk[] = [];
  /** slot + 1 by hash of the name, 0 for empty; never more than half full. */
  private table = new Uint32Array(2048);
  private readonly unusual = new Map<number, Unusual>();

  get size(): number {
    return this.count;
  }

  get(stream: string): StreamTail | undefined {
    const slot = this.table[this.probe(stream)] - 1;
    if (slot < 0) return undefined;
    const chunk = this.chunks[slot >>> CHUNK_BITS];
    const i = slot & (CHUNK - 1);
    const odd = this.unusual.get(slot);
    const revision = odd && 'revision' in odd ? (odd.revision as number) : chunk.revisions[i];
    const position = odd?.position ?? `${chunk.commits[i]}/${chunk.commits[i]}`;
    const id = odd && 'id' in odd ? (odd.id as string) : uuidAt(chunk.ids, i);
    const hash = odd && 'hash' in odd ? (odd.hash as string) : chunk.hashes.toString('hex', i * 32, i * 32 + 32);
    return { revision, hash, at: { position, leafIndex: chunk.leafIndexes[i], stream, revision: revision, id } };
  }

  set(stream: string, tail: StreamTail): void {
    let at = this.probe(stream);
    let slot = this.table[at] - 1;
    if (slot < 0) {
      slot = this.count++;
      if (2 * this.count > this.table.length) {
        this.growTable();
        at = this.probe(stream);
      }
      if ((slot & (CHUNK - 1)) === 0) this.chunks.push(new Chunk());
      this.chunks[slot >>> CHUNK_BITS].addName(slot & (CHUNK - 1), stream);
      this.table[at] = slot + 1;
    }
    const chunk = this.chunks[slot >>> CHUNK_BITS];
    const i = slot & (CHUNK - 1);
    let odd: Unusual | null = null;
    if (typeof tail.revision === 'number') chunk.revisions[i] = tail.revision;
    else (odd ??= {}).revision = tail.revision;
    chunk.leafIndexes[i] = tail.at.leafIndex;
    const commit = commitOf(tail.at.position);
    if (commit !== null) chunk.commits[i] = commit;
    else (odd ??= {}).position = tail.at.position;
    if (typeof tail.hash === 'string' && HEX_HASH.test(tail.hash)) chunk.hashes.write(tail.hash, i * 32, 'hex');
    else (odd ??= {}).hash = tail.hash;
    if (typeof tail.at.id === 'string' && UUID.test(tail.at.id)) chunk.ids.write(tail.at.id.replace(/-/g, ''), i * 16, 'hex');
    else (odd ??= {}).id = tail.at.id;
    if (odd) this.unusual.set(slot, odd);
    else if (this.unusual.size > 0) this.unusual.delete(slot);
  }

  /** Where the stream's slot is in the table, or the empty place where it would go. */
  private probe(stream: string): number {
    const mask = this.table.length - 1;
    for (let at = hashOf(stream) & mask; ; at = (at + 1) & mask) {
      const entry = this.table[at];
      if (entry === 0 || this.chunks[(entry - 1) >>> CHUNK_BITS].nameIs((entry - 1) & (CHUNK - 1), stream)) return at;
    }
  }

  /** Doubles the table and places every named slot again (the slot being added has no name yet). */
  private growTable(): void {
    this.table = new Uint32Array(2 * this.table.length);
    const mask = this.table.length - 1;
    for (let slot = 0; slot < this.count - 1; slot++) {
      let at = this.chunks[slot >>> CHUNK_BITS].nameHash(slot & (CHUNK - 1)) & mask;
      while (this.table[at] !== 0) at = (at + 1) & mask;
      this.table[at] = slot + 1;
    }
  }
}

/** FNV-1a over UTF-16 code units. */
function hashOf(stream: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function hashCodes(codes: Uint16Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < codes.length; i++) h = Math.imul(h ^ codes[i], 0x01000193);
  return h >>> 0;
}

/** n for a position written `n/n` with n a safe integer (the embedded store's), else null. */
function commitOf(position: string): number | null {
  const slash = position.indexOf('/');
  if (slash < 1 || position.length !== 2 * slash + 1) return null;
  const commit = position.slice(0, slash);
  if (position.slice(slash + 1) !== commit || !/^(0|[1-9][0-9]{0,15})$/.test(commit)) return null;
  const n = Number(commit);
  return Number.isSafeInteger(n) ? n : null;
}

function uuidAt(ids: Buffer, slot: number): string {
  const hex = ids.toString('hex', slot * 16, slot * 16 + 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
