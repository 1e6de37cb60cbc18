/**
 * Every target of the registry as the draw rules see it, kept in columns rather than one object
 * per target. A city's registry has a million targets and a province's several million: as a Map of
 * objects they cost about 300 bytes each, a second to index and another to create when a snapshot is
 * restored, and the garbage collector kept marking them. Here a target is a row:
 *
 * - its id in a list, found through an open-addressing hash table of row numbers;
 * - department, subject type, scale, industry, area and credit-risk grade as numbers into one
 *   dictionary of texts;
 * - the five status flags as bits of one byte, with a sixth bit saying the row has rare facts;
 * - the facts few targets have (penalty date, sub-registries, locked lists, conclusions, draws per
 *   year) in a map by row, only for the rows that have them.
 *
 * `get` hands out a view of a row that reads and writes the columns, so the rules are written
 * against `TargetFacts` as before; `inCanonicalOrder` visits the rows in the order of their ids
 * (the order pools are drawn from) through one reused cursor, allocating nothing per target.
 */
import type { ConcludedEntry, LockedEntry, TargetFacts } from './eligibility';

export type TextColumn = 'departmentId' | 'subjectType' | 'scale' | 'industry' | 'areaCode' | 'creditGrade';
export const TEXT_COLUMNS: readonly TextColumn[] = ['departmentId', 'subjectType', 'scale', 'industry', 'areaCode', 'creditGrade'];
export const FLAG_NAMES = ['abnormal', 'seriousViolator', 'trustworthy', 'deregistered', 'revoked'] as const;
type FlagName = (typeof FLAG_NAMES)[number];
const FLAG_BIT: Record<FlagName, number> = { abnormal: 1, seriousViolator: 2, trustworthy: 4, deregistered: 8, revoked: 16 };
/** Set when the row has an entry in `rare`: most rows do not, and the pool loop must not look. */
const HAS_RARE = 32;

/** What few targets have, kept only for those that have it. */
export interface RareFacts {
  penalisedOn: string | null;
  subRegistries: string[];
  locked: LockedEntry[] | null;
  concluded: ConcludedEntry[] | null;
  drawsByYear: Record<number, number> | null;
  complaintsByYear: Record<number, number> | null;
}

/** The registration's facts: what a new row starts with (a registration carries no credit grade: it starts ungraded). */
export type RegisteredFacts = Pick<TargetFacts, 'targetId' | Exclude<TextColumn, 'creditGrade'>> & { readonly creditGrade?: string | null };

export class TargetTable {
  /** @internal */ ids: string[] = [];
  /** @internal Texts by number; 0 stands for null. */ readonly strings: string[] = [''];
  /** @internal */ readonly columns: Record<TextColumn, Uint32Array>;
  /** @internal */ flags: Uint8Array;
  /** @internal */ readonly rare = new Map<number, RareFacts>();
  private readonly codes = new Map<string, number>();
  /** row + 1 by hash of the id, 0 for empty; never more than half full. */
  private slots = new Int32Array(1024);
  /** Rows [0, sortedRows) are known to be in the order of their ids (all of them after a restore). */
  private sortedRows = 0;
  private order: Int32Array | null = null;

  constructor(capacity = 1024) {
    this.columns = Object.fromEntries(TEXT_COLUMNS.map((name) => [name, new Uint32Array(capacity)])) as Record<TextColumn, Uint32Array>;
    this.flags = new Uint8Array(capacity);
  }

  /**
   * A table from its stored columns, rows in canonical order (as `toColumns` writes them). The
   * arrays are taken over, not copied.
   */
  static fromColumns(input: {
    ids: string[];
    strings: readonly string[];
    columns: Record<TextColumn, Uint32Array>;
    flags: Uint8Array;
    rare: Iterable<[number, RareFacts]>;
  }): TargetTable {
    const table = new TargetTable(0);
    const rows = input.ids.length;
    table.ids = input.ids;
    table.strings.length = 0;
    for (const text of input.strings) table.strings.push(text);
    for (let n = 1; n < table.strings.length; n++) table.codes.set(table.strings[n], n);
    for (const name of TEXT_COLUMNS) table.columns[name] = input.columns[name];
    table.flags = input.flags;
    for (const [row, facts] of input.rare) {
      table.rare.set(row, facts);
      table.flags[row] |= HAS_RARE;
    }
    table.slots = new Int32Array(slotCountFor(rows));
    for (let row = 0; row < rows; row++) table.placeInSlots(row);
    table.sortedRows = rows;
    return table;
  }

  get size(): number {
    return this.ids.length;
  }

  has(targetId: string): boolean {
    return this.rowOf(targetId) >= 0;
  }

  /** A view of the target that reads and writes its row; undefined when it is not registered. */
  get(targetId: string): TargetFacts | undefined {
    const row = this.rowOf(targetId);
    return row < 0 ? undefined : new TargetRow(this, row);
  }

  /**
   * Registers a target, or registers it again: a registration states all its facts afresh, so
   * flags and rare facts of an earlier registration do not carry over.
   */
  register(facts: RegisteredFacts): void {
    let row = this.rowOf(facts.targetId);
    if (row < 0) {
      row = this.ids.length;
      this.ensureCapacity(row + 1);
      this.ids.push(facts.targetId);
      this.placeInSlots(row);
      this.order = null;
    }
    for (const name of TEXT_COLUMNS) this.columns[name][row] = this.code(facts[name] ?? null);
    this.flags[row] = 0;
    this.rare.delete(row);
  }

  /** Target ids in the order they were first registered. */
  keys(): IterableIterator<string> {
    return this.ids.values();
  }

  /** Views of every target, in the order they were first registered. */
  *values(): IterableIterator<TargetFacts> {
    for (let row = 0; row < this.ids.length; row++) yield new TargetRow(this, row);
  }

  /** Rows in the canonical order of their ids. */
  canonicalRows(): Int32Array {
    if (this.order && this.order.length === this.ids.length) return this.order;
    const ids = this.ids;
    const byId = (a: number, b: number) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0);
    // rows added since the rows known sorted: sort those few, then merge
    const added = Int32Array.from({ length: ids.length - this.sortedRows }, (_, i) => this.sortedRows + i).sort(byId);
    const order = new Int32Array(ids.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < this.sortedRows && j < added.length) order[k++] = byId(i, added[j]) <= 0 ? i++ : added[j++];
    while (i < this.sortedRows) order[k++] = i++;
    while (j < added.length) order[k++] = added[j++];
    this.order = order;
    return order;
  }

  /**
   * Visits every target in canonical order through one cursor that moves from row to row: read
   * what you need during the call and keep the id, never the cursor. With `departmentIds`, only
   * the targets those departments own (a county's draw skips the rest of a province's registry
   * without reading them).
   */
  inCanonicalOrder(visit: (target: TargetFacts, row: number) => void, options: { departmentIds?: Iterable<string> } = {}): void {
    const cursor = new TargetRow(this, 0);
    const order = this.canonicalRows();
    if (options.departmentIds === undefined) {
      for (const row of order) {
        cursor.row = row;
        visit(cursor, row);
      }
      return;
    }
    // only the departments' rows: compared as dictionary numbers, before any view is read
    const departmentIds = new Set(options.departmentIds);
    const wanted = this.acceptedCodes((text) => text !== null && departmentIds.has(text));
    const departments = this.columns.departmentId;
    for (let i = 0; i < order.length; i++) {
      const row = order[i];
      if (wanted[departments[row]] === 0) continue;
      cursor.row = row;
      visit(cursor, row);
    }
  }

  /**
   * For every number of the text dictionary, 1 when `accepts` holds for its text (number 0 is
   * null): a test of a row's text column becomes one array read, `accepted[table.codesOf(column)[row]]`,
   * decided once per distinct text rather than once per row. Valid until a new text is added.
   */
  acceptedCodes(accepts: (text: string | null) => boolean): Uint8Array {
    const accepted = new Uint8Array(this.strings.length);
    accepted[0] = accepts(null) ? 1 : 0;
    for (let n = 1; n < this.strings.length; n++) accepted[n] = accepts(this.strings[n]) ? 1 : 0;
    return accepted;
  }

  /** A column's dictionary numbers by row (0 for null), to read with `acceptedCodes`; never written through. */
  codesOf(name: TextColumn): Readonly<Uint32Array> {
    return this.columns[name];
  }

  /**
   * One view that moves to the row it is given: `const at = table.cursor(); at(row).trustworthy`.
   * Read what you need before moving it again; keep ids, never the view.
   */
  cursor(): (row: number) => TargetFacts {
    const view = new TargetRow(this, 0);
    return (row) => {
      view.row = row;
      return view;
    };
  }

  /** The row's id. */
  idAt(row: number): string {
    return this.ids[row];
  }

  /** Whether the row has no status flag and no rare fact: nothing but its registration can exclude or exempt it. */
  isPlain(row: number): boolean {
    return this.flags[row] === 0;
  }

  /** @internal */
  text(name: TextColumn, row: number): string | null {
    const n = this.columns[name][row];
    return n === 0 ? null : this.strings[n];
  }

  /** @internal */
  setText(name: TextColumn, row: number, value: string | null): void {
    this.columns[name][row] = this.code(value);
  }

  /** @internal */
  rareOf(row: number): RareFacts | undefined {
    return (this.flags[row] & HAS_RARE) === 0 ? undefined : this.rare.get(row);
  }

  /** @internal The row's rare facts, made when it has none yet. */
  rareFor(row: number): RareFacts {
    let facts = this.rareOf(row);
    if (!facts) {
      facts = { penalisedOn: null, subRegistries: [], locked: null, concluded: null, drawsByYear: null, complaintsByYear: null };
      this.rare.set(row, facts);
      this.flags[row] |= HAS_RARE;
    }
    return facts;
  }

  /** @internal */
  flag(row: number, name: FlagName): boolean {
    return (this.flags[row] & FLAG_BIT[name]) !== 0;
  }

  /** @internal */
  setFlag(row: number, name: FlagName, on: boolean): void {
    this.flags[row] = on ? this.flags[row] | FLAG_BIT[name] : this.flags[row] & ~FLAG_BIT[name];
  }

  /** The five status flags of a row, as stored (bit 0 abnormal … bit 4 revoked). */
  statusBits(row: number): number {
    return this.flags[row] & 31;
  }

  private code(text: string | null): number {
    if (text === null || text === undefined) return 0;
    let n = this.codes.get(text);
    if (n === undefined) {
      this.codes.set(text, (n = this.strings.length));
      this.strings.push(text);
    }
    return n;
  }

  private rowOf(targetId: string): number {
    const mask = this.slots.length - 1;
    for (let at = hashOf(targetId) & mask; ; at = (at + 1) & mask) {
      const entry = this.slots[at];
      if (entry === 0) return -1;
      if (this.ids[entry - 1] === targetId) return entry - 1;
    }
  }

  private placeInSlots(row: number): void {
    const mask = this.slots.length - 1;
    let at = hashOf(this.ids[row]) & mask;
    while (this.slots[at] !== 0) at = (at + 1) & mask;
    this.slots[at] = row + 1;
  }

  private ensureCapacity(rows: number): void {
    if (rows * 2 > this.slots.length) {
      this.slots = new Int32Array(slotCountFor(rows));
      for (let row = 0; row < this.ids.length; row++) this.placeInSlots(row);
    }
    if (rows <= this.flags.length) return;
    const capacity = Math.max(1024, this.flags.length * 2, rows);
    for (const name of TEXT_COLUMNS) {
      const grown = new Uint32Array(capacity);
      grown.set(this.columns[name]);
      this.columns[name] = grown;
    }
    const flags = new Uint8Array(capacity);
    flags.set(this.flags);
    this.flags = flags;
  }
}

/** A power of two at least twice the rows (and 1,024): lookups stay short. */
function slotCountFor(rows: number): number {
  let slots = 1024;
  while (slots < rows * 2 + 2) slots *= 2;
  return slots;
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** One row seen as `TargetFacts`: every read and write goes to the table's columns. */
class TargetRow implements TargetFacts {
  constructor(
    private readonly table: TargetTable,
    /** @internal */ public row: number,
  ) {}

  get targetId(): string {
    return this.table.ids[this.row];
  }
  get departmentId(): string {
    return this.table.text('departmentId', this.row)!;
  }
  set departmentId(value: string) {
    this.table.setText('departmentId', this.row, value);
  }
  get subjectType(): string {
    return this.table.text('subjectType', this.row)!;
  }
  set subjectType(value: string) {
    this.table.setText('subjectType', this.row, value);
  }
  get scale(): string | null {
    return this.table.text('scale', this.row);
  }
  set scale(value: string | null) {
    this.table.setText('scale', this.row, value);
  }
  get industry(): string | null {
    return this.table.text('industry', this.row);
  }
  set industry(value: string | null) {
    this.table.setText('industry', this.row, value);
  }
  get areaCode(): string {
    return this.table.text('areaCode', this.row)!;
  }
  set areaCode(value: string) {
    this.table.setText('areaCode', this.row, value);
  }
  get creditGrade(): string | null {
    return this.table.text('creditGrade', this.row);
  }
  set creditGrade(value: string | null) {
    this.table.setText('creditGrade', this.row, value);
  }
  get abnormal(): boolean {
    return this.table.flag(this.row, 'abnormal');
  }
  set abnormal(on: boolean) {
    this.table.setFlag(this.row, 'abnormal', on);
  }
  get seriousViolator(): boolean {
    return this.table.flag(this.row, 'seriousViolator');
  }
  set seriousViolator(on: boolean) {
    this.table.setFlag(this.row, 'seriousViolator', on);
  }
  get trustworthy(): boolean {
    return this.table.flag(this.row, 'trustworthy');
  }
  set trustworthy(on: boolean) {
    this.table.setFlag(this.row, 'trustworthy', on);
  }
  get deregistered(): boolean {
    return this.table.flag(this.row, 'deregistered');
  }
  set deregistered(on: boolean) {
    this.table.setFlag(this.row, 'deregistered', on);
  }
  get revoked(): boolean {
    return this.table.flag(this.row, 'revoked');
  }
  set revoked(on: boolean) {
    this.table.setFlag(this.row, 'revoked', on);
  }
  get penalisedOn(): string | null {
    return this.table.rareOf(this.row)?.penalisedOn ?? null;
  }
  set penalisedOn(value: string | null) {
    this.table.rareFor(this.row).penalisedOn = value;
  }
  /** A new array is stored on change (assign, do not push: an absent list is a fresh empty one). */
  get subRegistries(): string[] {
    return this.table.rareOf(this.row)?.subRegistries ?? [];
  }
  set subRegistries(value: string[]) {
    this.table.rareFor(this.row).subRegistries = value;
  }
  get locked(): LockedEntry[] | null {
    return this.table.rareOf(this.row)?.locked ?? null;
  }
  set locked(value: LockedEntry[] | null) {
    this.table.rareFor(this.row).locked = value;
  }
  get concluded(): ConcludedEntry[] | null {
    return this.table.rareOf(this.row)?.concluded ?? null;
  }
  set concluded(value: ConcludedEntry[] | null) {
    this.table.rareFor(this.row).concluded = value;
  }
  get drawsByYear(): Record<number, number> | null {
    return this.table.rareOf(this.row)?.drawsByYear ?? null;
  }
  set drawsByYear(value: Record<number, number> | null) {
    this.table.rareFor(this.row).drawsByYear = value;
  }
  get complaintsByYear(): Record<number, number> | null {
    return this.table.rareOf(this.row)?.complaintsByYear ?? null;
  }
  set complaintsByYear(value: Record<number, number> | null) {
    this.table.rareFor(this.row).complaintsByYear = value;
  }

  /** The facts as a plain object (for tests and for anything that keeps them). */
  toJSON(): Omit<TargetFacts, never> {
    return plainFacts(this);
  }
}

/** A plain copy of a target's facts. */
export function plainFacts(target: TargetFacts): TargetFacts {
  return {
    targetId: target.targetId,
    departmentId: target.departmentId,
    subjectType: target.subjectType,
    scale: target.scale,
    industry: target.industry,
    areaCode: target.areaCode,
    creditGrade: target.creditGrade,
    subRegistries: [...target.subRegistries],
    abnormal: target.abnormal,
    seriousViolator: target.seriousViolator,
    penalisedOn: target.penalisedOn,
    trustworthy: target.trustworthy,
    deregistered: target.deregistered,
    revoked: target.revoked,
    locked: target.locked,
    concluded: target.concluded,
    drawsByYear: target.drawsByYear,
    complaintsByYear: target.complaintsByYear,
  };
}
