/**
 * Reads a target file as staff have it — CSV (UTF-8, or GB 18030 as Excel in Chinese writes it)
 * or XLSX (the first worksheet) — row by row as a stream, into cell texts keyed by registry field,
 * with the row number a spreadsheet shows. Columns are matched by their Chinese or English header
 * (docs/target-import.md).
 *
 * Nothing here holds more than one row: a file is first inspected (hash, format, encoding) and
 * then opened as often as the importer needs to pass over it, so a million-row file is read in
 * constant memory. Limits are checked before and as the bytes arrive, so a hostile file is
 * refused before memory grows with it (issue 14): an XLSX whose parts unpack to more than the
 * limit is refused from its zip directory before anything is inflated (and the inflating counts
 * bytes against the sizes the directory declared); a run of text too long to be a cell is cut
 * before the XML parser holds it; a CSV line too long to be a row, or a row in another encoding
 * than the rows before it, is refused while the file is inspected.
 */
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { isAscii, isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable, Transform, pipeline } from 'node:stream';
import yauzl from 'yauzl';
import { RawTargetRecord, TARGET_DETAIL_FIELDS, TargetDetailField } from '@app/domain';
import { FieldProblem } from '../http/problem-details';

export type TargetFileFormat = 'csv' | 'xlsx';

/** A file that can be read from the start as often as needed. */
export interface TargetFileSource {
  /** The name the file came with: recorded with the import, and `.xlsx`/`.xls` refuse a file that is not a workbook. */
  readonly fileName: string;
  open(): Readable;
  /**
   * Bytes `start` to `end` (exclusive): an XLSX's zip directory and entries are read by their
   * offsets. Without it a range is read by skipping from the start (small files in tests).
   */
  openRange?(start: number, end: number): Readable;
}

/** A file on disk: the cli's argument, or an upload spooled to a temporary file. */
export function targetFileAt(path: string, fileName = basename(path)): TargetFileSource {
  return {
    fileName,
    open: () => createReadStream(path, { highWaterMark: 256 * 1024 }),
    openRange: (start, end) => (end > start ? createReadStream(path, { start, end: end - 1, highWaterMark: 64 * 1024 }) : Readable.from([])),
  };
}

/** A file already in memory: small files in tests. */
export function targetFileOf(content: Buffer, fileName: string): TargetFileSource {
  return { fileName, open: () => Readable.from([content]), openRange: (start, end) => Readable.from([content.subarray(start, end)]) };
}

/** What a first look at the whole file tells: enough to open it for reading rows. */
export interface TargetFileInspection {
  readonly format: TargetFileFormat;
  /** sha256 of the bytes, hexadecimal: the import is recorded on `import-<fileHash>`. */
  readonly fileHash: string;
  readonly bytes: number;
  /**
   * For CSV: the encoding of the rows that are not plain ASCII, every one of which is in it (a
   * file mixing them is refused): UTF-8, or GB 18030 (of which GBK is a part).
   */
  readonly encoding: 'utf-8' | 'gb18030';
}

export interface TargetFileRow {
  /** Row number as a spreadsheet shows it: the header is row 1. */
  readonly row: number;
  readonly values: RawTargetRecord;
  /** Cells that could not be read as text; such a row is not checked further. */
  readonly problems?: readonly FieldProblem[];
}

/** The header of an opened file, and its rows one at a time. */
export interface OpenTargetFile {
  readonly format: TargetFileFormat;
  /** The header text each field came from, to name columns in a report the way the file does. */
  readonly headers: Readonly<Partial<Record<TargetDetailField, string>>>;
  readonly rows: AsyncIterable<TargetFileRow>;
}

export interface TargetFileLimits {
  /** Rows below the header; one more refuses the file as soon as it is read. */
  readonly maxRows: number;
  /**
   * XLSX: bytes the parts read (workbook, relationships, styles, shared strings, first sheet) may
   * unpack to, together; DEFAULT_MAX_UNPACKED_BYTES when not given.
   */
  readonly maxUnpackedBytes?: number;
  /** Characters in one cell; MAX_CELL_CHARS (Excel's own limit) when not given, and never more. */
  readonly maxCellChars?: number;
}

/** What an XLSX may unpack to when no limit is given (the cli's IMPORT_MAX_UNPACKED_BYTES default). */
export const DEFAULT_MAX_UNPACKED_BYTES = 2 * 2 ** 30;
/** A workbook of more entries than this is no spreadsheet a person saved (an XLSX has about ten). */
export const MAX_ZIP_ENTRIES = 10_000;

/** The file is refused as a whole; `problems` name row, column and reason. */
export class TargetImportRejected extends Error {
  constructor(readonly problems: readonly FieldProblem[]) {
    super(`the file was not imported: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was appended`);
    this.name = 'TargetImportRejected';
  }
}

/** Refused for its size (bytes unpacked, or more rows than the limit): the API answers 413. */
export class TargetFileTooLarge extends TargetImportRejected {
  constructor(reason: string) {
    super([{ field: 'file', reason }]);
    this.name = 'TargetFileTooLarge';
  }
}

/** Header texts accepted for each field, compared after removing spaces, underscores and hyphens and lower-casing. */
export const TARGET_COLUMNS: Readonly<Record<TargetDetailField, readonly string[]>> = {
  creditCode: ['统一社会信用代码', '社会信用代码', '信用代码', 'creditCode', 'unified social credit code', 'credit code', 'uscc'],
  registryId: ['名录编号', '对象编号', 'registryId', 'registry id'],
  name: ['名称', '主体名称', '企业名称', '对象名称', 'name'],
  subjectType: ['主体类型', '对象类型', 'subjectType', 'subject type', 'type'],
  scale: ['规模', '企业规模', 'scale'],
  industry: ['行业', '行业代码', '国民经济行业代码', 'industry', 'industry code'],
  areaCode: ['行政区划', '行政区划代码', '区划代码', 'areaCode', 'area code'],
  address: ['地址', '住所', '经营场所', 'address'],
  representative: ['法定代表人', '负责人', '经营者', 'representative', 'legal representative'],
};

/** Excel's own limit for one cell; a longer cell is not a spreadsheet's, and is refused before it is held whole. */
export const MAX_CELL_CHARS = 32_767;
/** A CSV row is refused once it grows past this, e.g. at a quote that is never closed. */
export const MAX_CSV_ROW_CHARS = 65_536;

/** Columns that staff files carry for their own use and the registry does not keep. */
const IGNORED_COLUMNS = ['序号', 'no', '#'];

const normalise = (header: string) =>
  header
    .replace(/^\uFEFF/, '')
    .replace(/[\s_\-－]/g, '')
    .toLowerCase();
const COLUMN_BY_HEADER = new Map<string, TargetDetailField>(
  TARGET_DETAIL_FIELDS.flatMap((field) => TARGET_COLUMNS[field].map((h) => [normalise(h), field] as const)),
);

const REQUIRED_COLUMNS: readonly TargetDetailField[] = ['name', 'subjectType', 'areaCode'];

/**
 * Reads the file once: its hash, its format by content, and for CSV its encoding, line by line.
 * A CSV whose lines are not all in one encoding is refused naming the first line that differs
 * from the ones before it (stored as it is, it would be garbled for good in the append-only log);
 * so is a line too long to be a row, before more of it is held.
 */
export async function inspectTargetFile(source: TargetFileSource): Promise<TargetFileInspection> {
  const hash = createHash('sha256');
  let bytes = 0;
  let head = Buffer.alloc(0);
  let lines: CsvLineEncodings | null = null;
  let format: TargetFileFormat | null = null;
  for await (const chunk of source.open() as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    if (format === null) {
      head = Buffer.concat([head, chunk]);
      if (head.length < 4) continue;
      format = formatOf(head, source.fileName);
      if (format === 'csv') (lines = new CsvLineEncodings()).push(head);
      head = head.subarray(0, 4);
      continue;
    }
    lines?.push(chunk);
  }
  if (bytes === 0) throw new TargetImportRejected([{ field: 'file', reason: 'the file is empty' }]);
  if (format === null) {
    format = formatOf(head, source.fileName);
    if (format === 'csv') (lines = new CsvLineEncodings()).push(head);
  }
  const encoding = lines?.end() ?? 'utf-8';
  return { format, fileHash: hash.digest('hex'), bytes, encoding };
}

type LineEncoding = 'utf-8' | 'gb18030';
const ENCODING_NAMES: Record<LineEncoding, string> = { 'utf-8': 'UTF-8', gb18030: 'GBK/GB 18030' };

/**
 * The encoding of each line of a CSV, as its bytes arrive: a line of ASCII is either; one that is
 * valid UTF-8 is UTF-8; any other is GB 18030 — and must be valid GB 18030. The first line that is
 * not ASCII sets the file's encoding, and a later line in the other one refuses the file. A line
 * of GB 18030 text can be valid UTF-8 by chance (山 is C9 BD, UTF-8 for ɽ), but only with 2-byte
 * sequences, while Chinese in UTF-8 takes 3 bytes: in a GB 18030 file such a line is read as
 * GB 18030. Line numbers are those csv-parse gives rows (a row is numbered by its line).
 */
class CsvLineEncodings {
  private line = 1;
  private carry: Buffer[] = [];
  private carried = 0;
  private first: { line: number; encoding: LineEncoding } | null = null;
  private readonly gb18030 = new TextDecoder('gb18030', { fatal: true });

  push(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0x0a, start); end >= 0; start = end + 1, end = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, end);
      this.classify(this.carried > 0 ? Buffer.concat([...this.carry, piece]) : piece);
      this.carry = [];
      this.carried = 0;
      this.line++;
    }
    if (start < chunk.length) {
      this.carry.push(chunk.subarray(start));
      this.carried += chunk.length - start;
      // no row of MAX_CSV_ROW_CHARS characters takes more than 4 bytes a character
      if (this.carried > 4 * MAX_CSV_ROW_CHARS)
        throw new TargetImportRejected([
          { field: `row ${this.line}`, reason: `the row is longer than ${MAX_CSV_ROW_CHARS} characters; is a quote left open?` },
        ]);
    }
  }

  end(): LineEncoding {
    if (this.carried > 0) this.classify(Buffer.concat(this.carry));
    return this.first?.encoding ?? 'utf-8';
  }

  private classify(line: Buffer): void {
    if (isAscii(line)) return;
    let encoding: LineEncoding = isUtf8(line) ? 'utf-8' : 'gb18030';
    if (encoding === 'utf-8' && this.first?.encoding === 'gb18030' && !hasLongUtf8Sequence(line)) encoding = 'gb18030';
    if (encoding === 'gb18030') {
      try {
        this.gb18030.decode(line);
      } catch {
        throw new TargetImportRejected([
          { field: `row ${this.line}`, reason: 'the row is neither UTF-8 nor GBK/GB 18030 text; save the file again as UTF-8 or GB 18030' },
        ]);
      }
    }
    if (!this.first) {
      this.first = { line: this.line, encoding };
      return;
    }
    if (encoding !== this.first.encoding)
      throw new TargetImportRejected([
        {
          field: `row ${this.line}`,
          reason: `the row is ${ENCODING_NAMES[encoding]} text but row ${this.first.line} is ${ENCODING_NAMES[this.first.encoding]}: the file mixes encodings; save it again in one (UTF-8, or GB 18030 as Excel in Chinese does) and import it again`,
        },
      ]);
  }
}

/** True when the (valid UTF-8) bytes hold a character of three or four bytes, as every Chinese one is. */
function hasLongUtf8Sequence(line: Buffer): boolean {
  for (let i = 0; i < line.length; i++) if (line[i] >= 0xe0) return true;
  return false;
}

function formatOf(head: Buffer, fileName: string): TargetFileFormat {
  // an XLSX file is a ZIP archive, whatever it is called
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'xlsx';
  if (/\.xlsx$/i.test(fileName)) throw new TargetImportRejected([{ field: 'file', reason: `${fileName} is named .xlsx but is not an XLSX workbook` }]);
  if (/\.xls$/i.test(fileName))
    throw new TargetImportRejected([{ field: 'file', reason: 'the old .xls format is not read; save the workbook as .xlsx or CSV' }]);
  return 'csv';
}

/**
 * Opens the file and reads its header row. The rows that follow are read as they are iterated;
 * stopping the iteration closes the file.
 */
export async function openTargetFile(source: TargetFileSource, inspection: TargetFileInspection, limits: TargetFileLimits): Promise<OpenTargetFile> {
  const reading = readingLimits(limits);
  const table = inspection.format === 'xlsx' ? xlsxTable(source, inspection.bytes, reading) : csvTable(source, inspection.encoding, reading.maxCellChars);
  const first = await table.next();
  if (first.done) throw new TargetImportRejected([{ field: 'file', reason: 'the file is empty' }]);
  let mapped: ReturnType<typeof mapHeader>;
  try {
    mapped = mapHeader(first.value.cells);
  } catch (error) {
    await table.return(undefined);
    throw error;
  }
  const { columns, headers } = mapped;
  async function* rows(): AsyncGenerator<TargetFileRow> {
    let count = 0;
    try {
      for (let next = await table.next(); !next.done; next = await table.next()) {
        const { row, cells, problems } = next.value;
        if (++count > limits.maxRows) throw new TargetFileTooLarge(`the file has more than ${limits.maxRows} rows, the most one import takes`);
        const values: Partial<Record<TargetDetailField, string>> = {};
        for (let i = 0; i < columns.length; i++) {
          const field = columns[i];
          if (field) values[field] = cells[i] ?? '';
        }
        yield problems ? { row, values, problems } : { row, values };
      }
    } finally {
      await table.return(undefined);
    }
    if (count === 0) throw new TargetImportRejected([{ field: 'file', reason: 'the file has a header row but no targets' }]);
  }
  return { format: inspection.format, headers, rows: { [Symbol.asyncIterator]: rows } };
}

interface TableRow {
  readonly row: number;
  readonly cells: readonly string[];
  /** Cells that cannot be read as text (a long number that lost digits). */
  readonly problems?: readonly FieldProblem[];
}

function mapHeader(cells: readonly string[]): { columns: (TargetDetailField | null)[]; headers: Partial<Record<TargetDetailField, string>> } {
  const problems: FieldProblem[] = [];
  const headers: Partial<Record<TargetDetailField, string>> = {};
  const columns = cells.map((text, i) => {
    const label = text.trim();
    if (label === '' || IGNORED_COLUMNS.includes(normalise(label))) return null;
    const field = COLUMN_BY_HEADER.get(normalise(label));
    if (!field) {
      problems.push({
        field: `row 1, column ${i + 1}`,
        reason: `'${label}' is not a known column; known columns are ${TARGET_DETAIL_FIELDS.map((f) => TARGET_COLUMNS[f][0]).join(', ')}`,
      });
      return null;
    }
    if (headers[field]) {
      problems.push({ field: `row 1, ${label}`, reason: `the same column as ${headers[field]} appears twice` });
      return null;
    }
    headers[field] = label;
    return field;
  });
  for (const field of REQUIRED_COLUMNS) {
    if (!headers[field]) problems.push({ field: 'row 1', reason: `the column ${TARGET_COLUMNS[field][0]} (${field}) is missing` });
  }
  if (!headers.creditCode && !headers.registryId)
    problems.push({ field: 'row 1', reason: 'a column 统一社会信用代码 (creditCode) or 名录编号 (registryId) is needed' });
  if (problems.length > 0) throw new TargetImportRejected(problems);
  return { columns, headers };
}

async function* csvTable(source: TargetFileSource, encoding: TargetFileInspection['encoding'], maxCellChars: number): AsyncGenerator<TableRow> {
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true, max_record_size: MAX_CSV_ROW_CHARS });
  // csv-parse works on UTF-8 bytes itself; only GB 18030 is decoded first (to text, which it takes as UTF-8)
  const streams = encoding === 'utf-8' ? [source.open(), parser] : [source.open(), gb18030ToUtf8(), parser];
  // pipeline destroys every stream when one fails or when the iteration below stops early
  const records = pipeline(streams, () => undefined) as unknown as AsyncIterable<{ record: string[]; info: { lines: number } }>;
  try {
    for await (const { record, info } of records) {
      const long = record.findIndex((cell) => cell.length > maxCellChars);
      if (long >= 0) throw cellTooLong(info.lines, long + 1, maxCellChars);
      if (record.some((c) => c.trim() !== '')) yield { row: info.lines, cells: record };
    }
  } catch (error) {
    throw csvProblem(error);
  }
}

function gb18030ToUtf8(): Transform {
  const decoder = new TextDecoder('gb18030');
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
}

function csvProblem(error: unknown): unknown {
  const csv = error as { code?: string; lines?: number; message?: string };
  if (typeof csv.code !== 'string' || !csv.code.startsWith('CSV_')) return error;
  const field = csv.lines ? `row ${csv.lines}` : 'file';
  if (csv.code === 'CSV_MAX_RECORD_SIZE')
    return new TargetImportRejected([{ field, reason: `the row is longer than ${MAX_CSV_ROW_CHARS} characters; is a quote left open?` }]);
  return new TargetImportRejected([{ field, reason: `not readable as CSV: ${csv.message}` }]);
}

/**
 * The first worksheet through exceljs's streaming reader, fed entry by entry from the zip's
 * directory (yauzl) rather than from the zip as a stream: before anything is inflated, the
 * directory's sizes of the parts to read are added up and a workbook over the limit is refused
 * (413); every part is then inflated through a guard that holds it to its declared size (yauzl)
 * and the limit (the guard), and cuts any run of text longer than a cell can be. The parts are
 * read in the order the sheet needs them — relationships, workbook, styles, shared strings, then
 * the sheet — so nothing is spooled. Shared strings are kept, as every cell may use them; they
 * are bounded by the unpacked limit.
 */
async function* xlsxTable(source: TargetFileSource, bytes: number, limits: ReadingLimits): AsyncGenerator<TableRow> {
  const zip = await openZip(source, bytes);
  try {
    const parts = await workbookParts(zip, limits.maxUnpackedBytes);
    const reader = firstSheetReader(zip, parts, limits);
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const read = xlsxRow(row, limits.maxCellChars);
        if (read) yield read;
      }
    }
  } catch (error) {
    if (error instanceof TargetImportRejected) throw error;
    throw new TargetImportRejected([{ field: 'file', reason: `the workbook cannot be read: ${(error as Error).message}` }]);
  } finally {
    zip.close();
  }
}

/** The limits as the readers apply them, every one known. */
interface ReadingLimits {
  readonly maxUnpackedBytes: number;
  readonly maxCellChars: number;
}

function readingLimits(limits: TargetFileLimits): ReadingLimits {
  return {
    maxUnpackedBytes: limits.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED_BYTES,
    maxCellChars: Math.min(limits.maxCellChars ?? MAX_CELL_CHARS, MAX_CELL_CHARS),
  };
}

/** The source as yauzl reads a zip: by ranges of bytes. */
class SourceReader extends yauzl.RandomAccessReader {
  constructor(private readonly source: TargetFileSource) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return this.source.openRange ? this.source.openRange(start, end) : Readable.from(byteRange(this.source.open(), start, end));
  }
}

/** Bytes `start` to `end` of a stream read from its start. */
async function* byteRange(input: Readable, start: number, end: number): AsyncGenerator<Buffer> {
  let at = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      const from = Math.max(start - at, 0);
      const to = Math.min(end - at, chunk.length);
      at += chunk.length;
      if (to > from) yield chunk.subarray(from, to);
      if (at >= end) return;
    }
  } finally {
    input.destroy();
  }
}

function openZip(source: TargetFileSource, bytes: number): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromRandomAccessReader(new SourceReader(source), bytes, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    ),
  );
}

/** The zip entries exceljs's reader takes, each once; the sheet is the first worksheet in the directory. */
interface WorkbookParts {
  readonly rels?: yauzl.Entry;
  readonly workbook?: yauzl.Entry;
  readonly styles?: yauzl.Entry;
  readonly sharedStrings?: yauzl.Entry;
  readonly sheet: { readonly entry: yauzl.Entry; readonly sheetNo: string };
}

const SHEET_ENTRY = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/** Reads the zip's directory and refuses a workbook whose parts to read would unpack to more than the limit. */
async function workbookParts(zip: yauzl.ZipFile, maxUnpackedBytes: number): Promise<WorkbookParts> {
  if (zip.entryCount > MAX_ZIP_ENTRIES)
    throw new TargetImportRejected([{ field: 'file', reason: `the workbook has ${zip.entryCount} parts; a spreadsheet has a few dozen at most` }]);
  const named = new Map<string, yauzl.Entry>();
  let sheet: WorkbookParts['sheet'] | undefined;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      const match = SHEET_ENTRY.exec(entry.fileName);
      if (match && !sheet) sheet = { entry, sheetNo: match[1] };
      else if (!named.has(entry.fileName)) named.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once('end', resolve);
    zip.once('error', reject);
    zip.readEntry();
  });
  if (!sheet) throw new TargetImportRejected([{ field: 'file', reason: 'the workbook has no worksheet' }]);
  const parts: WorkbookParts = {
    rels: named.get('xl/_rels/workbook.xml.rels'),
    workbook: named.get('xl/workbook.xml'),
    styles: named.get('xl/styles.xml'),
    sharedStrings: named.get('xl/sharedStrings.xml'),
    sheet,
  };
  const declared = [parts.rels, parts.workbook, parts.styles, parts.sharedStrings, sheet.entry].reduce((sum, entry) => sum + (entry?.uncompressedSize ?? 0), 0);
  if (declared > maxUnpackedBytes) throw unpackedTooLarge(maxUnpackedBytes, `it unpacks to ${declared} bytes`);
  return parts;
}

const unpackedTooLarge = (max: number, what: string) =>
  new TargetFileTooLarge(`the workbook is larger unpacked than the ${max} bytes one import takes: ${what}`);

/** The budget of unpacked bytes shared by every part of one reading (exported for its tests). */
export class UnpackedBudget {
  private used = 0;
  constructor(readonly max: number) {}

  spend(bytes: number): void {
    this.used += bytes;
    if (this.used > this.max) throw unpackedTooLarge(this.max, `more than ${this.max} bytes were inflated`);
  }
}

/**
 * An inflated part of the workbook on its way to the XML parser: counts its bytes against the
 * budget, and cuts every run of bytes between one `<` and the next that is longer than a cell of
 * `maxCellChars` can be (10 bytes a character covers the longest character reference): the run
 * is kept up to its tag's `>` and followed by `maxCellChars + 1` letters in place of the rest, so
 * the cell it belongs to is refused by the cell check, naming row and column, and the parser never
 * holds more than that. A tag itself that long is refused. Exported for its tests.
 */
export function xmlGuard(budget: UnpackedBudget, maxCellChars: number): Transform {
  const maxRun = 10 * maxCellChars + 1024;
  const filler = Buffer.alloc(maxCellChars + 1, 'x');
  // the run since the last '<': its bytes, whether its tag's '>' and an unfinished '&…' were seen, whether it was cut
  let run = 0;
  let tagEnded = true;
  let entityOpen = false;
  let cut = false;
  const follow = (piece: Buffer) => {
    if (!tagEnded) tagEnded = piece.includes(0x3e);
    const amp = piece.lastIndexOf(0x26);
    const semi = piece.lastIndexOf(0x3b);
    if (amp > semi) entityOpen = true;
    else if (semi >= 0) entityOpen = false;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        budget.spend(chunk.length);
        // nearly always: no run in this piece can pass the limit, and it goes on unchanged
        if (!cut && run + chunk.length <= maxRun) {
          const lt = chunk.lastIndexOf(0x3c);
          if (lt < 0) run += chunk.length;
          else [run, tagEnded, entityOpen] = [chunk.length - lt, false, false];
          follow(lt < 0 ? chunk : chunk.subarray(lt));
          return done(null, chunk);
        }
        const out: Buffer[] = [];
        let start = 0;
        for (;;) {
          const lt = chunk.indexOf(0x3c, start);
          const end = lt < 0 ? chunk.length : lt;
          if (!cut && run + (end - start) <= maxRun) {
            const piece = chunk.subarray(start, end);
            out.push(piece);
            run += piece.length;
            follow(piece);
          } else if (!cut) {
            let keep = start + (maxRun - run);
            const gt = chunk.indexOf(0x3e, start);
            if (!tagEnded && (gt < 0 || gt >= keep))
              throw new TargetImportRejected([{ field: 'file', reason: `the workbook has an XML tag longer than ${maxRun} bytes` }]);
            // end the kept text where no character reference is left unfinished
            if (entityOpen) keep = Math.max(keep, chunk.indexOf(0x3b, start) + 1);
            const amp = chunk.lastIndexOf(0x26, keep - 1);
            const semi = amp >= start ? chunk.indexOf(0x3b, amp) : -1;
            if (amp >= start && (semi < 0 || semi >= keep)) keep = amp;
            out.push(chunk.subarray(start, Math.min(keep, end)), filler);
            cut = true;
          }
          if (lt < 0) break;
          out.push(chunk.subarray(lt, lt + 1));
          [run, tagEnded, entityOpen, cut] = [1, false, false, false];
          start = lt + 1;
        }
        done(null, Buffer.concat(out));
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/** exceljs's streaming reader's own parts that take the inflated XML (exceljs 4.4.0, lib/stream/xlsx/workbook-reader.js). */
interface ReaderParts {
  parse(): AsyncGenerator<unknown>;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}

/**
 * exceljs's streaming reader, its `parse` replaced: it took the zip as a stream (unzipper), with
 * no limit on what an entry inflates to, and spooled a sheet stored before the shared strings to
 * a temporary file; here it is handed the parts it needs, in the order it needs them, each through
 * the guard. Two more adjustments:
 * - it decodes every inflated piece of XML on its own, so a character whose UTF-8 bytes fall
 *   across two pieces becomes two replacement characters (seen in one row of about 2,000 of
 *   Chinese text); its XML parser takes text as it is given, so it is handed text decoded across
 *   the pieces;
 * - only the first worksheet is read.
 */
function firstSheetReader(zip: yauzl.ZipFile, parts: WorkbookParts, limits: ReadingLimits): ExcelJS.stream.xlsx.WorkbookReader {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const budget = new UnpackedBudget(limits.maxUnpackedBytes);
  const open = (entry: yauzl.Entry) =>
    new Promise<Readable>((resolve, reject) =>
      zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(pipeline(stream, xmlGuard(budget, limits.maxCellChars), () => undefined)))),
    );
  const parts_ = reader as unknown as ReaderParts;
  parts_.parse = async function* () {
    if (parts.rels) await parts_._parseRels(await open(parts.rels));
    if (parts.workbook) await parts_._parseWorkbook(await open(parts.workbook));
    if (parts.styles) await parts_._parseStyles(await open(parts.styles));
    if (parts.sharedStrings) yield* parts_._parseSharedStrings((await open(parts.sharedStrings)).setEncoding('utf8'));
    yield* parts_._parseWorksheet(decodedAcrossPieces(await open(parts.sheet.entry)), parts.sheet.sheetNo);
  };
  return reader;
}

async function* decodedAcrossPieces(pieces: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const piece of pieces) {
    const text = typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

const cellTooLong = (row: number, column: number, maxCellChars: number) =>
  new TargetImportRejected([
    {
      field: `row ${row}, column ${column}`,
      reason:
        maxCellChars === MAX_CELL_CHARS
          ? `the cell is longer than ${MAX_CELL_CHARS} characters, more than Excel holds`
          : `the cell is longer than ${maxCellChars} characters, the most one import takes (IMPORT_MAX_CELL_CHARS)`,
    },
  ]);

/** The row's cell texts, or null for a blank row. */
function xlsxRow(row: ExcelJS.Row, maxCellChars: number): TableRow | null {
  const cells: string[] = [];
  const problems: FieldProblem[] = [];
  row.eachCell({ includeEmpty: true }, (cell, column) => {
    const text = cellText(cell.value);
    if (text !== null && text.length > maxCellChars) throw cellTooLong(row.number, column, maxCellChars);
    if (text === null)
      problems.push({ field: `row ${row.number}, column ${column}`, reason: 'a number too long to be exact; format the column as text and enter it again' });
    cells[column - 1] = text ?? '';
  });
  const texts = Array.from(cells, (c) => c ?? '');
  if (problems.length === 0 && !texts.some((c) => c.trim() !== '')) return null;
  return { row: row.number, cells: texts, ...(problems.length > 0 ? { problems } : {}) };
}

/** The text a cell shows; null for a number that lost digits (an 18-digit code typed into a number cell). */
function cellText(value: ExcelJS.CellValue): string | null {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isSafeInteger(value) || !Number.isInteger(value) ? String(value) : null;
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value) return String(value.text);
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
  return '';
}
