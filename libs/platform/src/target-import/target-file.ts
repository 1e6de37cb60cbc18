/**
 * Reads a target file as staff have it — CSV (UTF-8, or GB 18030 as Excel in Chinese writes it)
 * or XLSX (the first worksheet) — row by row as a stream, into cell texts keyed by registry field,
 * with the row number a spreadsheet shows. Columns are matched by their Chinese or English header
 * (docs/target-import.md).
 *
 * Nothing here holds more than one row: a file is first inspected (hash, format, encoding) and
 * then opened as often as the importer needs to pass over it, so a million-row file is read in
 * constant memory. Limits are checked as the rows arrive, so an oversized file is refused before
 * it has been read to the end.
 */
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { ReadStream, createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable, Transform, pipeline } from 'node:stream';
import { RawTargetRecord, TARGET_DETAIL_FIELDS, TargetDetailField } from '@app/domain';
import { FieldProblem } from '../http/problem-details';

export type TargetFileFormat = 'csv' | 'xlsx';

/** A file that can be read from the start as often as needed. */
export interface TargetFileSource {
  /** The name the file came with: recorded with the import, and `.xlsx`/`.xls` refuse a file that is not a workbook. */
  readonly fileName: string;
  open(): Readable;
}

/** A file on disk: the cli's argument, or an upload spooled to a temporary file. */
export function targetFileAt(path: string, fileName = basename(path)): TargetFileSource {
  return { fileName, open: () => createReadStream(path, { highWaterMark: 256 * 1024 }) };
}

/** A file already in memory: small files in tests. */
export function targetFileOf(content: Buffer, fileName: string): TargetFileSource {
  return { fileName, open: () => Readable.from([content]) };
}

/** What a first look at the whole file tells: enough to open it for reading rows. */
export interface TargetFileInspection {
  readonly format: TargetFileFormat;
  /** sha256 of the bytes, hexadecimal: the import is recorded on `import-<fileHash>`. */
  readonly fileHash: string;
  readonly bytes: number;
  /** For CSV: UTF-8 when every byte sequence is valid UTF-8, else GB 18030. */
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
}

/** The file is refused as a whole; `problems` name row, column and reason. */
export class TargetImportRejected extends Error {
  constructor(readonly problems: readonly FieldProblem[]) {
    super(`the file was not imported: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was appended`);
    this.name = 'TargetImportRejected';
  }
}

/** Refused for its size (more rows than the limit): the API answers 413. */
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

/** Reads the file once: its hash, its format by content, and for CSV its encoding. */
export async function inspectTargetFile(source: TargetFileSource): Promise<TargetFileInspection> {
  const hash = createHash('sha256');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let validUtf8 = true;
  let bytes = 0;
  let head = Buffer.alloc(0);
  for await (const chunk of source.open() as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (head.length < 4) head = Buffer.concat([head, chunk.subarray(0, 4)]);
    bytes += chunk.length;
    if (validUtf8) {
      try {
        utf8.decode(chunk, { stream: true });
      } catch {
        validUtf8 = false;
      }
    }
  }
  if (validUtf8) {
    try {
      utf8.decode();
    } catch {
      validUtf8 = false;
    }
  }
  if (bytes === 0) throw new TargetImportRejected([{ field: 'file', reason: 'the file is empty' }]);
  return { format: formatOf(head, source.fileName), fileHash: hash.digest('hex'), bytes, encoding: validUtf8 ? 'utf-8' : 'gb18030' };
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
  const table = inspection.format === 'xlsx' ? xlsxTable(source) : csvTable(source, inspection.encoding);
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

async function* csvTable(source: TargetFileSource, encoding: TargetFileInspection['encoding']): AsyncGenerator<TableRow> {
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true, max_record_size: MAX_CSV_ROW_CHARS });
  // csv-parse works on UTF-8 bytes itself; only GB 18030 is decoded first (to text, which it takes as UTF-8)
  const streams = encoding === 'utf-8' ? [source.open(), parser] : [source.open(), gb18030ToUtf8(), parser];
  // pipeline destroys every stream when one fails or when the iteration below stops early
  const records = pipeline(streams, () => undefined) as unknown as AsyncIterable<{ record: string[]; info: { lines: number } }>;
  try {
    for await (const { record, info } of records) {
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
 * The first worksheet through exceljs's streaming reader: the zip is inflated entry by entry and
 * the sheet parsed as it arrives (a sheet stored before the shared strings is spooled to a
 * temporary file by the reader, not to memory). Shared strings are kept, as every cell may use them.
 */
async function* xlsxTable(source: TargetFileSource): AsyncGenerator<TableRow> {
  const input = source.open();
  const { reader, spooled } = firstSheetReader(input);
  try {
    // read to the end, not just to the end of the first sheet: the reader removes its temporary files only then
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const read = xlsxRow(row);
        if (read) yield read;
      }
    }
  } catch (error) {
    if (error instanceof TargetImportRejected) throw error;
    throw new TargetImportRejected([{ field: 'file', reason: `the workbook cannot be read: ${(error as Error).message}` }]);
  } finally {
    input.destroy();
    // when the reading stopped early (a refusal), the reader never got to remove the sheet it spooled
    await Promise.all(spooled.map((path) => rm(path, { force: true })));
  }
}

/** exceljs's streaming reader's own parts that take the inflated XML (exceljs 4.4.0, lib/stream/xlsx/workbook-reader.js). */
interface ReaderParts {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}

/**
 * exceljs's streaming reader, adjusted in two of its parts:
 * - it decodes every inflated piece of XML on its own, so a character whose UTF-8 bytes fall
 *   across two pieces becomes two replacement characters (seen in one row of about 2,000 of
 *   Chinese text); its XML parser takes text as it is given, so it is handed text decoded across
 *   the pieces;
 * - it hands over only the first worksheet in the file; any other is closed unread.
 * `spooled` collects the temporary files the reader wrote the sheet to.
 */
function firstSheetReader(input: Readable): { reader: ExcelJS.stream.xlsx.WorkbookReader; spooled: string[] } {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const parts = reader as unknown as ReaderParts;
  const parseSharedStrings = parts._parseSharedStrings.bind(reader);
  const parseWorksheet = parts._parseWorksheet.bind(reader);
  parts._parseSharedStrings = (entry) => parseSharedStrings(entry.setEncoding('utf8'));
  const spooled: string[] = [];
  let sheets = 0;
  parts._parseWorksheet = function* (iterator, sheetNo) {
    // a sheet stored before the shared strings comes from a temporary file; any other straight from the zip
    const { path, destroy } = iterator as Partial<ReadStream>;
    if (typeof path === 'string') spooled.push(path);
    if (sheets++ > 0) {
      destroy?.call(iterator);
      return;
    }
    yield* parseWorksheet(decodedAcrossPieces(iterator), sheetNo);
  };
  return { reader, spooled };
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

/** The row's cell texts, or null for a blank row. */
function xlsxRow(row: ExcelJS.Row): TableRow | null {
  const cells: string[] = [];
  const problems: FieldProblem[] = [];
  row.eachCell({ includeEmpty: true }, (cell, column) => {
    const text = cellText(cell.value);
    if (text !== null && text.length > MAX_CELL_CHARS)
      throw new TargetImportRejected([
        { field: `row ${row.number}, column ${column}`, reason: `the cell is longer than ${MAX_CELL_CHARS} characters, more than Excel holds` },
      ]);
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
