/**
 * The newest event of every stream seen so far, which `verify-log` chains the next one onto. A log
 * of a million targets has a million streams, so a tail is kept in columns — revision, leaf index,
 * commit position, the hash as 32 bytes and the id as 16 — about 80 bytes besides the stream's name,
 * where objects and strings took over 300 and kept the garbage collector busy. A value in any other
 * form than the usual (a tampered row's) is kept as it is, on the side.
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
  private readonly slots = new Map<string, number>();
  private capacity = 1024;
  private revisions = new Float64Array(this.capacity);
  private leafIndexes = new Float64Array(this.capacity);
  private commits = new Float64Array(this.capacity);
  private hashes = Buffer.alloc(32 * this.capacity);
  private ids = Buffer.alloc(16 * this.capacity);
  private readonly unusual = new Map<number, Unusual>();

  get size(): number {
    return this.slots.size;
  }

  get(stream: string): StreamTail | undefined {
    const slot = this.slots.get(stream);
    if (slot === undefined) return undefined;
    const odd = this.unusual.get(slot);
    const revision = odd && 'revision' in odd ? (odd.revision as number) : this.revisions[slot];
    const position = odd?.position ?? `${this.commits[slot]}/${this.commits[slot]}`;
    const id = odd && 'id' in odd ? (odd.id as string) : uuidAt(this.ids, slot);
    const hash = odd && 'hash' in odd ? (odd.hash as string) : this.hashes.toString('hex', slot * 32, slot * 32 + 32);
    return { revision, hash, at: { position, leafIndex: this.leafIndexes[slot], stream, revision: revision, id } };
  }

  set(stream: string, tail: StreamTail): void {
    let slot = this.slots.get(stream);
    if (slot === undefined) {
      slot = this.slots.size;
      if (slot === this.capacity) this.grow();
      this.slots.set(stream, slot);
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

  private grow(): void {
    this.capacity *= 2;
    const grown = <T extends Float64Array>(from: T) => {
      const to = new Float64Array(this.capacity);
      to.set(from);
      return to;
    };
    this.revisions = grown(this.revisions);
    this.leafIndexes = grown(this.leafIndexes);
    this.commits = grown(this.commits);
    const hashes = Buffer.alloc(32 * this.capacity);
    this.hashes.copy(hashes);
    this.hashes = hashes;
    const ids = Buffer.alloc(16 * this.capacity);
    this.ids.copy(ids);
    this.ids = ids;
  }
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
