/**
 * The target ids of a file with the row each first appeared in, to find a target given twice.
 * It is the one thing an import keeps for every row, so it is kept outside the JavaScript heap:
 * the ids' UTF-8 bytes one after another in a buffer, and an open-addressing hash table of
 * indexes into it. A million credit codes take about 40 MB, against about 60 MB of heap (which
 * the collector then lets grow several times over) for a Map of strings; lookups compare the
 * bytes, so the answer is exact.
 */
export class TargetIdSet {
  private bytes = Buffer.alloc(1 << 20);
  private used = 0;
  /** Entry i is bytes[starts[i], starts[i + 1]). */
  private starts = new Uint32Array(1 << 14);
  private rows = new Int32Array(1 << 14);
  private hashes = new Uint32Array(1 << 14);
  /** Entry index + 1 per slot; 0 is an empty slot. */
  private slots = new Int32Array(1 << 15);
  private scratch = Buffer.alloc(256);
  size = 0;

  /** Adds the id with its row and returns null, or returns the row it was first added with. */
  firstRowOrAdd(id: string, row: number): number | null {
    const length = Buffer.byteLength(id);
    if (length > this.scratch.length) this.scratch = Buffer.alloc(length * 2);
    this.scratch.write(id, 0, 'utf8');
    const hash = fnv1a(this.scratch, length);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let entry = this.slots[slot]; entry !== 0; slot = (slot + 1) & mask, entry = this.slots[slot]) {
      const i = entry - 1;
      if (this.hashes[i] === hash && this.sameBytes(i, length)) return this.rows[i];
    }
    this.append(length, hash, row);
    this.slots[slot] = this.size;
    if (this.size * 2 > this.slots.length) this.rehash();
    return null;
  }

  private sameBytes(i: number, length: number): boolean {
    const start = this.starts[i];
    const end = i + 1 < this.size ? this.starts[i + 1] : this.used;
    return end - start === length && this.scratch.compare(this.bytes, start, end, 0, length) === 0;
  }

  private append(length: number, hash: number, row: number): void {
    if (this.used + length > this.bytes.length) {
      const grown = Buffer.alloc(Math.max(this.bytes.length * 2, this.used + length));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    if (this.size === this.starts.length) {
      this.starts = grow(this.starts);
      this.rows = grow(this.rows);
      this.hashes = grow(this.hashes);
    }
    this.scratch.copy(this.bytes, this.used, 0, length);
    this.starts[this.size] = this.used;
    this.rows[this.size] = row;
    this.hashes[this.size] = hash;
    this.used += length;
    this.size++;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let i = 0; i < this.size; i++) {
      let slot = this.hashes[i] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = i + 1;
    }
    this.slots = slots;
  }
}

function grow<T extends Uint32Array | Int32Array>(array: T): T {
  const grown = new (array.constructor as new (length: number) => T)(array.length * 2);
  grown.set(array);
  return grown;
}

/** 32-bit FNV-1a over the first `length` bytes. */
function fnv1a(bytes: Buffer, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < length; i++) {
    hash ^= bytes[i];
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
