/**
 * The newest event of every stream seen so far, which `verify-log` chains the next one onto. A log
 * of a million targets has a million streams, so nothing here is a JavaScript object per stream: the
 * names are UTF-16 code units in one array, found through an open-addressing hash table, and a tail
 * is kept in columns — revision, leaf index, commit position, the hash as 32 bytes and the id as 16.
 * About 130 bytes a stream, where a Map of objects and strings took over 300 and kept the garbage
 * collector marking them. A value in any other form than the usual (a tampered row's) is kept as it
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

export class StreamTails {
  private count = 0;
  private capacity = 1024;
  private revisions = new Float64Array(this.capacity);
  private leafIndexes = new Float64Array(this.capacity);
  private commits = new Float64Array(this.capacity);
  private hashes = Buffer.alloc(32 * this.capacity);
  private ids = Buffer.alloc(16 * this.capacity);
  private nameStarts = new Float64Array(this.capacity);
  private nameLengths = new Uint32Array(this.capacity);
  private names = new Uint16Array(16 * this.capacity);
  private namesUsed = 0;
  /** slot + 1 by hash of the name, 0 for empty; never more than half full. */
  private table = new Uint32Array(2 * this.capacity);
  private readonly unusual = new Map<number, Unusual>();

  get size(): number {
    return this.count;
  }

  get(stream: string): StreamTail | undefined {
    const slot = this.table[this.probe(stream)] - 1;
    if (slot < 0) return undefined;
    const odd = this.unusual.get(slot);
    const revision = odd && 'revision' in odd ? (odd.revision as number) : this.revisions[slot];
    const position = odd?.position ?? `${this.commits[slot]}/${this.commits[slot]}`;
    const id = odd && 'id' in odd ? (odd.id as string) : uuidAt(this.ids, slot);
    const hash = odd && 'hash' in odd ? (odd.hash as string) : this.hashes.toString('hex', slot * 32, slot * 32 + 32);
    return { revision, hash, at: { position, leafIndex: this.leafIndexes[slot], stream, revision: revision, id } };
  }

  set(stream: string, tail: StreamTail): void {
    let at = this.probe(stream);
    let slot = this.table[at] - 1;
    if (slot < 0) {
      slot = this.count++;
      if (slot === this.capacity) {
        this.grow();
        at = this.probe(stream);
      }
      this.addName(slot, stream);
      this.table[at] = slot + 1;
    }
    let odd: Unusual | null = null;
    if (typeof tail.revision === 'number') this.revisions[slot] = tail.revision;
    else (odd ??= {}).revision = tail.revision;
    this.leafIndexes[slot] = tail.at.leafIndex;
    const commit = commitOf(tail.at.position);
    if (commit !== null) this.commits[slot] = commit;
    else (odd ??= {}).position = tail.at.position;
    if (typeof tail.hash === 'string' && HEX_HASH.test(tail.hash)) this.hashes.write(tail.hash, slot * 32, 'hex');
    else (odd ??= {}).hash = tail.hash;
    if (typeof tail.at.id === 'string' && UUID.test(tail.at.id)) this.ids.write(tail.at.id.replace(/-/g, ''), slot * 16, 'hex');
    else (odd ??= {}).id = tail.at.id;
    if (odd) this.unusual.set(slot, odd);
    else if (this.unusual.size > 0) this.unusual.delete(slot);
  }

  /** Where the stream's slot is in the table, or the empty place where it would go. */
  private probe(stream: string): number {
    const mask = this.table.length - 1;
    for (let at = hashOf(stream) & mask; ; at = (at + 1) & mask) {
      const entry = this.table[at];
      if (entry === 0 || this.nameIs(entry - 1, stream)) return at;
    }
  }

  private nameIs(slot: number, stream: string): boolean {
    if (this.nameLengths[slot] !== stream.length) return false;
    const start = this.nameStarts[slot];
    for (let i = 0; i < stream.length; i++) if (this.names[start + i] !== stream.charCodeAt(i)) return false;
    return true;
  }

  private addName(slot: number, stream: string): void {
    if (this.namesUsed + stream.length > this.names.length) {
      const names = new Uint16Array(Math.max(2 * this.names.length, this.namesUsed + stream.length));
      names.set(this.names);
      this.names = names;
    }
    for (let i = 0; i < stream.length; i++) this.names[this.namesUsed + i] = stream.charCodeAt(i);
    this.nameStarts[slot] = this.namesUsed;
    this.nameLengths[slot] = stream.length;
    this.namesUsed += stream.length;
  }

  private grow(): void {
    this.capacity *= 2;
    const grown = <T extends Float64Array | Uint32Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.revisions = grown(this.revisions, new Float64Array(this.capacity));
    this.leafIndexes = grown(this.leafIndexes, new Float64Array(this.capacity));
    this.commits = grown(this.commits, new Float64Array(this.capacity));
    this.nameStarts = grown(this.nameStarts, new Float64Array(this.capacity));
    this.nameLengths = grown(this.nameLengths, new Uint32Array(this.capacity));
    const hashes = Buffer.alloc(32 * this.capacity);
    this.hashes.copy(hashes);
    this.hashes = hashes;
    const ids = Buffer.alloc(16 * this.capacity);
    this.ids.copy(ids);
    this.ids = ids;
    this.table = new Uint32Array(2 * this.capacity);
    const mask = this.table.length - 1;
    for (let slot = 0; slot < this.count - 1; slot++) {
      let at = this.nameHash(slot) & mask;
      while (this.table[at] !== 0) at = (at + 1) & mask;
      this.table[at] = slot + 1;
    }
  }

  private nameHash(slot: number): number {
    const start = this.nameStarts[slot];
    return hashCodes(this.names.subarray(start, start + this.nameLengths[slot]));
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
