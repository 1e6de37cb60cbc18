/**
 * Bulk import of targets (000 §13–14: the registry is built and maintained by the owning
 * jurisdiction). One code path for the cli and the API upload:
 *
 *   1. read the file and check every row (credit code check character, required fields,
 *      enumerations, area code, duplicates within the file);
 *   2. load every row's target stream and let the target decider decide the row (new target,
 *      changed fields, or nothing) — a row the registry refuses (another jurisdiction's target, a
 *      change to a deregistered one) is a problem like any other;
 *   3. only when no row has a problem, append each row's events with the revision it was decided
 *      on, many appends in flight so the embedded store group-commits them;
 *   4. record the import on `import-<sha256 of the file>`.
 *
 * A file with any problem is refused whole before anything is appended. Every row's command id
 * is derived from the file's hash, the import's run number and the row, so the event ids are too:
 * an import that crashed part-way and is run again finds the rows it already appended by their
 * command id, appends the rest and records the import once.
 */
import { createHash } from 'node:crypto';
import { EventStore, ProposedEvent, RecordedEvent, StreamNotFoundError, WrongExpectedRevisionError, eventIdFor, formatPosition } from '@app/event-store';
import {
  Actor,
  DomainError,
  IllegalStateError,
  TARGET_DETAIL_FIELDS,
  TargetDetailField,
  TargetEvent,
  TargetState,
  TargetsImported,
  checkTargetRecord,
  fold,
  importStream,
  schemaVersionOf,
  targetDecider,
  targetIdOf,
  targetImportDecider,
  targetStream,
  upcast,
} from '@app/domain';
import { Clock } from '../commands/clock';
import { FieldProblem } from '../http/problem-details';
import { TargetFile, TargetImportRejected, readTargetFile } from './target-file';

/** Who may import for which department: the organisation directory answers it. */
export interface ImportScope {
  assertActsFor(actor: Actor, departmentId: string): Promise<unknown>;
}

export type ImportPhase = 'checking' | 'appending';

export interface TargetImportOptions {
  /** Appends in flight at once; the embedded store commits those that arrive together in one transaction. */
  readonly concurrency?: number;
  readonly onProgress?: (phase: ImportPhase, done: number, total: number) => void;
}

export interface TargetImportReport {
  /** `import-<sha256>`, where the import is recorded. */
  readonly stream: string;
  readonly revision: number;
  /** Position of the import record; null when nothing was appended. */
  readonly position: string | null;
  readonly events: readonly string[];
  /** True when the file had been imported before and nothing new was appended. */
  readonly replayed: boolean;
  readonly fileHash: string;
  readonly format: TargetFile['format'];
  readonly rows: number;
  readonly registered: number;
  readonly changed: number;
  readonly unchanged: number;
}

/** A file's report lists at most this many problems, then says how many more there are. */
const MAX_PROBLEMS = 500;
const DEFAULT_CONCURRENCY = 512;
const MAX_ATTEMPTS = 5;

interface DecidedRow {
  readonly row: number;
  readonly targetId: string;
  readonly commandId: string;
  readonly record: TargetFile['rows'][number]['values'];
  /** Events this run still has to append, and the revision they were decided on. */
  events: TargetEvent[];
  expected: number | 'no-stream';
  /** What the row does to the registry (including rows a crashed earlier attempt already appended). */
  outcome: 'registered' | 'changed' | 'unchanged';
}

export class TargetImporter {
  constructor(
    private readonly store: EventStore,
    private readonly scope: ImportScope,
    private readonly clock: Clock,
  ) {}

  async import(content: Buffer, fileName: string, departmentId: string, actor: Actor, options: TargetImportOptions = {}): Promise<TargetImportReport> {
    await this.scope.assertActsFor(actor, departmentId);
    const file = await readTargetFile(content, fileName);
    const fileHash = createHash('sha256').update(content).digest('hex');
    const checked = checkRows(file);

    const stream = importStream(fileHash);
    const imports = await this.readEvents(stream);
    const importState = fold(
      targetImportDecider,
      imports.map((e) => ({ type: 'TargetsImported' as const, data: e.data as TargetsImported['data'] })),
    );
    const runId = `import-${fileHash}-${importState.recorded + 1}`;
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;

    let checkedCount = 0;
    const problems: FieldProblem[] = [];
    const rows: DecidedRow[] = new Array(checked.length);
    await eachConcurrently(checked, concurrency, async ({ row, targetId, record }, i) => {
      const decided: DecidedRow = { row, targetId, record, commandId: `${runId}-row-${row}`, events: [], expected: 'no-stream', outcome: 'unchanged' };
      try {
        await this.decideRow(decided, departmentId);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        problems.push({ field: `row ${row}, ${columnOf(file, error.field)}`, reason: error.message });
      }
      rows[i] = decided;
      options.onProgress?.('checking', ++checkedCount, checked.length);
    });
    if (problems.length > 0) throw new TargetImportRejected(capped(problems.sort(byRow)));

    const metadata = {
      actorId: actor.id,
      role: actor.role,
      unit: actor.unit,
      correlationId: runId,
      causationId: runId,
      recordedAt: this.clock.now().toISOString(),
    };
    const pending = rows.filter((r) => r.events.length > 0);
    let appended = 0;
    await eachConcurrently(pending, concurrency, async (decided) => {
      await this.appendRow(decided, departmentId, metadata);
      options.onProgress?.('appending', ++appended, pending.length);
    });

    const count = (outcome: DecidedRow['outcome']) => rows.filter((r) => r.outcome === outcome).length;
    const record: TargetsImported['data'] = {
      departmentId,
      fileHash,
      fileName,
      format: file.format,
      rows: rows.length,
      registered: count('registered'),
      changed: count('changed'),
      unchanged: count('unchanged'),
    };
    const decided = targetImportDecider.decide({ type: 'RecordTargetImport', import: record }, importState);
    const counts = { fileHash, format: file.format, rows: record.rows, registered: record.registered, changed: record.changed, unchanged: record.unchanged };
    if (decided.length === 0) {
      const last = imports[imports.length - 1];
      return { stream, revision: last.revision, position: null, events: [], replayed: true, ...counts };
    }
    const result = await this.store.append(
      stream,
      toProposed(runId, decided, { ...metadata, commandId: runId }),
      imports.length > 0 ? imports.length - 1 : 'no-stream',
    );
    return {
      stream,
      revision: result.nextExpectedRevision,
      position: formatPosition(result.position),
      events: decided.map((e) => e.type),
      replayed: false,
      ...counts,
    };
  }

  /** Folds the row's target stream and decides the row on it; notices rows an earlier attempt of this run appended. */
  private async decideRow(decided: DecidedRow, departmentId: string): Promise<void> {
    const recorded = await this.readEvents(targetStream(decided.targetId));
    const earlier = recorded.filter((e) => e.metadata.commandId === decided.commandId);
    if (earlier.length > 0) {
      decided.events = [];
      decided.outcome = earlier[0].type === 'TargetRegistered' ? 'registered' : 'changed';
      return;
    }
    const state = recorded.reduce<TargetState>(
      (s, e) => targetDecider.evolve(s, { type: e.type, data: upcast(e.type, e.schemaVersion, e.data) } as TargetEvent),
      targetDecider.initialState,
    );
    decided.events = targetDecider.decide({ type: 'ImportTargetRecord', departmentId, record: decided.record }, state);
    decided.expected = recorded.length > 0 ? recorded[recorded.length - 1].revision : 'no-stream';
    decided.outcome = decided.events.length === 0 ? 'unchanged' : decided.events[0].type === 'TargetRegistered' ? 'registered' : 'changed';
  }

  /** Appends with the revision the row was decided on; if someone changed the target meanwhile, decides again. */
  private async appendRow(decided: DecidedRow, departmentId: string, metadata: Omit<ProposedEvent['metadata'], 'commandId'>): Promise<void> {
    for (let attempt = 1; decided.events.length > 0; attempt++) {
      try {
        await this.store.append(
          targetStream(decided.targetId),
          toProposed(decided.commandId, decided.events, { ...metadata, commandId: decided.commandId }),
          decided.expected,
        );
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt >= MAX_ATTEMPTS)
          throw new IllegalStateError(`target ${decided.targetId} (row ${decided.row}) kept changing during the import; run the import again`);
        await this.decideRow(decided, departmentId);
      }
    }
  }

  private async readEvents(stream: string): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(stream);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}

interface CheckedRow {
  readonly row: number;
  readonly targetId: string;
  readonly record: TargetFile['rows'][number]['values'];
}

/** Every row against the record rules, and no target twice in one file. */
function checkRows(file: TargetFile): CheckedRow[] {
  const problems: FieldProblem[] = [];
  const firstRowOf = new Map<string, number>();
  const checked: CheckedRow[] = [];
  for (const { row, values } of file.rows) {
    const check = checkTargetRecord(values);
    if (!check.ok) {
      for (const problem of check.problems) problems.push({ field: `row ${row}, ${columnOf(file, problem.field)}`, reason: problem.reason });
      continue;
    }
    const targetId = targetIdOf(check.details);
    const first = firstRowOf.get(targetId);
    if (first !== undefined) {
      problems.push({
        field: `row ${row}, ${columnOf(file, check.details.creditCode ? 'creditCode' : 'registryId')}`,
        reason: `${targetId} is already in row ${first} of this file`,
      });
      continue;
    }
    firstRowOf.set(targetId, row);
    checked.push({ row, targetId, record: values });
  }
  if (problems.length > 0) throw new TargetImportRejected(capped(problems));
  return checked;
}

/** The column as the file names it; a problem about the target as a whole is put on its key column. */
function columnOf(file: TargetFile, field: string | undefined): string {
  const known = TARGET_DETAIL_FIELDS.includes(field as TargetDetailField) ? (field as TargetDetailField) : undefined;
  return (known && file.headers[known]) ?? file.headers.creditCode ?? file.headers.registryId ?? field ?? 'row';
}

function capped(problems: FieldProblem[]): FieldProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS), { field: 'file', reason: `and ${problems.length - MAX_PROBLEMS} more problems` }];
}

const rowNumber = (p: FieldProblem) => Number(/^row (\d+)/.exec(p.field)?.[1] ?? 0);
const byRow = (a: FieldProblem, b: FieldProblem) => rowNumber(a) - rowNumber(b);

function toProposed(commandId: string, events: readonly { type: string; data: unknown }[], metadata: ProposedEvent['metadata']): ProposedEvent[] {
  return events.map((event, i) => ({ id: eventIdFor(commandId, i), type: event.type, schemaVersion: schemaVersionOf(event.type), data: event.data, metadata }));
}

/** Runs `work` over the items with at most `limit` in flight; the first failure stops the others taking more. */
async function eachConcurrently<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        await work(items[index], index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
