/**
 * Reads a target file as staff have it — CSV (UTF-8, or GB 18030 as Excel in Chinese writes it)
 * or XLSX (the first worksheet) — into cell texts keyed by registry field, with the row number a
 * spreadsheet shows. Columns are matched by their Chinese or English header (docs/target-import.md).
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { RawTargetRecord, TARGET_DETAIL_FIELDS, TargetDetailField } from '@app/domain';
import { FieldProblem } from '../http/problem-details';

export type TargetFileFormat = 'csv' | 'xlsx';

export interface TargetFileRow {
  /** Row number as a spreadsheet shows it: the header is row 1. */
  readonly row: number;
  readonly values: RawTargetRecord;
}

export interface TargetFile {
  readonly format: TargetFileFormat;
  /** The header text each field came from, to name columns in a report the way the file does. */
  readonly headers: Readonly<Partial<Record<TargetDetailField, string>>>;
  readonly rows: readonly TargetFileRow[];
}

/** The file is refused as a whole; `problems` name row, column and reason. */
export class TargetImportRejected extends Error {
  constructor(readonly problems: readonly FieldProblem[]) {
    super(`the file was not imported: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was appended`);
    this.name = 'TargetImportRejected';
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

export function formatOf(content: Buffer, fileName: string): TargetFileFormat {
  // an XLSX file is a ZIP archive, whatever it is called
  if (content.length >= 4 && content.readUInt32LE(0) === 0x04034b50) return 'xlsx';
  if (/\.xlsx$/i.test(fileName)) throw new TargetImportRejected([{ field: 'file', reason: `${fileName} is named .xlsx but is not an XLSX workbook` }]);
  if (/\.xls$/i.test(fileName))
    throw new TargetImportRejected([{ field: 'file', reason: 'the old .xls format is not read; save the workbook as .xlsx or CSV' }]);
  return 'csv';
}

export async function readTargetFile(content: Buffer, fileName: string): Promise<TargetFile> {
  const format = formatOf(content, fileName);
  const table = format === 'xlsx' ? await xlsxTable(content) : csvTable(content);
  if (table.length === 0) throw new TargetImportRejected([{ field: 'file', reason: 'the file is empty' }]);
  const [header, ...body] = table;
  const { columns, headers } = mapHeader(header.cells);
  const rows = body.map(({ row, cells }) => {
    const values: Partial<Record<TargetDetailField, string>> = {};
    columns.forEach((field, i) => {
      if (field) values[field] = cells[i] ?? '';
    });
    return { row, values };
  });
  if (rows.length === 0) throw new TargetImportRejected([{ field: 'file', reason: 'the file has a header row but no targets' }]);
  return { format, headers, rows };
}

interface TableRow {
  readonly row: number;
  readonly cells: readonly string[];
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

function csvTable(content: Buffer): TableRow[] {
  const records = parse(decodeText(content), { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as {
    record: string[];
    info: { lines: number };
  }[];
  return records.map(({ record, info }) => ({ row: info.lines, cells: record })).filter((r) => r.cells.some((c) => c.trim() !== ''));
}

/** UTF-8 when the bytes are valid UTF-8; otherwise GB 18030, the superset of GBK that Excel in Chinese writes CSV in. */
function decodeText(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return new TextDecoder('gb18030').decode(content);
  }
}

async function xlsxTable(content: Buffer): Promise<TableRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (error) {
    throw new TargetImportRejected([{ field: 'file', reason: `the workbook cannot be read: ${(error as Error).message}` }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: TableRow[] = [];
  const problems: FieldProblem[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      const text = cellText(cell.value);
      if (text === null)
        problems.push({ field: `row ${rowNumber}, column ${column}`, reason: 'a number too long to be exact; format the column as text and enter it again' });
      cells[column - 1] = text ?? '';
    });
    if (cells.some((c) => c !== undefined && c.trim() !== '')) rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? '') });
  });
  if (problems.length > 0) throw new TargetImportRejected(problems);
  return rows;
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
