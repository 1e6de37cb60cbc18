/**
 * History as rows: the JSON entry of one recorded event, and the CSV and JSON-lines exports that
 * oversight downloads. Pure functions over entries, so the format is tested without a server.
 */
import { RecordedEvent, formatPosition } from '@app/event-store';
import { HistoryEntryDto, HistoryFormat } from './history.dto';

export function toEntry(event: RecordedEvent): HistoryEntryDto {
  const m = event.metadata;
  return {
    position: formatPosition(event.position),
    stream: event.stream,
    revision: event.revision,
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    recordedAt: m.recordedAt,
    actorId: m.actorId,
    role: m.role,
    unit: m.unit,
    commandId: m.commandId,
    correlationId: m.correlationId,
    causationId: m.causationId,
    prevHash: m.prevHash,
    hash: m.hash,
  };
}

export const CSV_COLUMNS = [
  'position',
  'stream',
  'revision',
  'recordedAt',
  'type',
  'actorId',
  'role',
  'unit',
  'commandId',
  'correlationId',
  'causationId',
  'hash',
  'data',
] as const;

/** Excel reads a CSV as the local code page (GBK on Chinese Windows) unless it starts with a UTF-8 byte-order mark. */
export const UTF8_BOM = '\uFEFF';

/**
 * RFC 4180: a field with a comma, quote, CR or LF is quoted and its quotes doubled; records end in
 * CRLF. A field a spreadsheet would read as a formula (starting with =, +, -, @, tab or CR) gets a
 * leading apostrophe, so a name like `=HYPERLINK(…)` stays text when the file is opened.
 */
export function csvField(raw: string): string {
  const value = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRecord(entry: HistoryEntryDto): string {
  const values: Record<(typeof CSV_COLUMNS)[number], string> = {
    position: entry.position,
    stream: entry.stream,
    revision: String(entry.revision),
    recordedAt: entry.recordedAt,
    type: entry.type,
    actorId: entry.actorId,
    role: entry.role,
    unit: entry.unit,
    commandId: entry.commandId,
    correlationId: entry.correlationId,
    causationId: entry.causationId,
    hash: entry.hash,
    data: JSON.stringify(entry.data),
  };
  return `${CSV_COLUMNS.map((column) => csvField(values[column])).join(',')}\r\n`;
}

export async function* csvExport(entries: AsyncIterable<HistoryEntryDto>): AsyncGenerator<string> {
  yield `${UTF8_BOM}${CSV_COLUMNS.join(',')}\r\n`;
  for await (const entry of entries) yield csvRecord(entry);
}

export async function* jsonLinesExport(entries: AsyncIterable<HistoryEntryDto>): AsyncGenerator<string> {
  for await (const entry of entries) yield `${JSON.stringify(entry)}\n`;
}

export const EXPORT_CONTENT_TYPES: Readonly<Record<Exclude<HistoryFormat, 'json'>, string>> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/** `history-<subject>.<format>`, with anything outside a safe file-name alphabet replaced. */
export function exportFileName(subject: string, format: Exclude<HistoryFormat, 'json'>): string {
  return `history-${subject.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}`;
}
