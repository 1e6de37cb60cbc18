/**
 * Bulk import of targets (000 §13–14: the registry is built and maintained by the owning
 * jurisdiction). One code path for the cli and the API upload, reading the file as a stream so
 * that a million rows take constant memory:
 *
 *   1. read the file once for its sha256 (the import's identity), format and encoding;
 *   2. read it again and check every row (credit code check character, required fields,
 *      enumerations, area code, duplicates within the file — the only thing kept for every row is
 *      its target id), and while no row has failed those, decide each row on its target stream in
 *      batches (new target, changed fields, or nothing) — a row the registry refuses (another
 *      jurisdiction's target, a change to a deregistered one) is a problem like any other;
 *   3. only when no row has a problem, read it a third time and append each row's events with the
 *      revision it was decided on, a batch of appends in flight so the embedded store
 *      group-commits them;
 *   4. record the import on `import-<sha256 of the file>`.
 *
 * A file with any problem is refused whole before anything is appended, and one with more rows
 * than the configured limit as soon as the limit is passed. Every row's command id is derived from
 * the file's hash, the import's run number and the row, so the event ids are too: an import that
 * crashed part-way and is run again finds the rows it already appended by their command id,
 * appends the rest and records the import once. */
import { EventStore, ProposedEvent, RecordedEvent, StreamNotFoundError, WrongExpectedRevisionError, eventIdFor, formatPosition } from '@app/event-store';
import {
  Actor,
  DomainError,
  IllegalStateError,
  RawTargetRecord,
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
import {
  OpenTargetFile,
  TargetFileInspection,
  TargetFileLimits,
  TargetFileSource,
  TargetImportRejected,
  inspectTargetFile,
  openTargetFile,
} from './target-file';
import { TargetIdSet } from './target-id-set';

/** Who may import for which department: the organisation directory answers it. */
export interface ImportScope {
  assertActsFor(actor: Actor, departmentId: string): Promise<unknown>;
}

export type ImportPhase = 'checking' | 'appending';

export interface TargetImportOptions {
  /** Rows decided and appended together; the embedded store commits the appends of one batch in one transaction. */
  readonly concurrency?: number;
  /** Rows done so far; `total` is known only once every row has been checked. */
  readonly onProgress?: (phase: ImportPhase, done: number, total: number | null) => void;
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
  readonly format: TargetFileInspection['format'];
  readonly rows: number;
  readonly registered: number;
  readonly changed: number;
  readonly unchanged: number;
}

/** A file's report lists at most this many problems, then says how many more there are. */
const MAX_PROBLEMS = 500;
const DEFAULT_CONCURRENCY = 2048;
const MAX_ATTEMPTS = 5;

type Outcome = 'registered' | 'changed' | 'unchanged';

/**
 * What the checking pass decided for each row, by its place in the file: an Int32Array, so a
 * million rows take 4 MB. A revision (≥ 0) means a change decided on that revision of the
 * target's stream.
 */
const Plan = {
  Register: -1,
  Unchanged: -2,
  /** An earlier attempt of this run appended the row (a crashed import run again). */
  RegisteredEarlier: -3,
  ChangedEarlier: -4,
} as const;

class RowPlans {
  private plans = new Int32Array(1024);
  length = 0;

  push(plan: number): number {
    if (this.length === this.plans.length) {
      const grown = new Int32Array(this.plans.length * 2);
      grown.set(this.plans);
      this.plans = grown;
    }
    this.plans[this.length] = plan;
    return this.length++;
  }

  set(index: number, plan: number): void {
    this.plans[index] = plan;
  }

  at(index: number): number {
    if (index >= this.length) throw new Error('the file changed while it was imported: it has more rows than when it was checked');
    return this.plans[index];
  }

  count(plan: number): number {
    let n = 0;
    for (let i = 0; i < this.length; i++) if (this.plans[i] === plan) n++;
    return n;
  }
}

/** Keeps the first MAX_PROBLEMS problems and counts the rest, so a file of bad rows cannot fill memory. */
class ProblemList {
  readonly kept: FieldProblem[] = [];
  private more = 0;

  add(problem: FieldProblem): void {
    if (this.kept.length < MAX_PROBLEMS) this.kept.push(problem);
    else this.more++;
  }

  get size(): number {
    return this.kept.length + this.more;
  }

  rejection(): TargetImportRejected {
    return new TargetImportRejected(this.more === 0 ? this.kept : [...this.kept, { field: 'file', reason: `and ${this.more} more problems` }]);
  }
}

interface RowToDecide {
  readonly index: number;
  readonly row: number;
  readonly targetId: string;
  readonly record: RawTargetRecord;
}

interface RowToAppend {
  readonly row: number;
  readonly targetId: string;
  readonly commandId: string;
  readonly record: RawTargetRecord;
  /** Events still to append, and the revision they were decided on. */
  events: TargetEvent[];
  expected: number | 'no-stream';
  outcome: Outcome;
}

type EventMetadataOfRun = Omit<ProposedEvent['metadata'], 'commandId'>;

export class TargetImporter {
  constructor(
    private readonly store: EventStore,
    private readonly scope: ImportScope,
    private readonly clock: Clock,
    /** IMPORT_MAX_ROWS for the cli, IMPORT_UPLOAD_MAX_ROWS for the API. */
    private readonly limits: TargetFileLimits,
  ) {}

  /**
   * Reads the file three times as a stream — once for its hash, once to check and decide every
   * row, once to append — and holds no more than a batch of rows, the file's target ids (for
   * duplicates) and one number per row in memory.
   */
  async import(source: TargetFileSource, departmentId: string, actor: Actor, options: TargetImportOptions = {}): Promise<TargetImportReport> {
    await this.scope.assertActsFor(actor, departmentId);
    const inspection = await inspectTargetFile(source);
    const stream = importStream(inspection.fileHash);
    const imports = await this.readEvents(stream);
    const importState = fold(
      targetImportDecider,
      imports.map((e) => ({ type: 'TargetsImported' as const, data: e.data as TargetsImported['data'] })),
    );
    const runId = `import-${inspection.fileHash}-${importState.recorded + 1}`;
    const batchSize = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);

    const plans = await this.checkEveryRow(source, inspection, departmentId, runId, batchSize, options);

    const metadata: EventMetadataOfRun = {
      actorId: actor.id,
      role: actor.role,
      unit: actor.unit,
      correlationId: runId,
      causationId: runId,
      recordedAt: this.clock.now().toISOString(),
    };
    const counts = await this.appendEveryRow(source, inspection, plans, departmentId, runId, metadata, batchSize, options);

    const record: TargetsImported['data'] = { departmentId, fileHash: inspection.fileHash, fileName: source.fileName, format: inspection.format, ...counts };
    const decided = targetImportDecider.decide({ type: 'RecordTargetImport', import: record }, importState);
    const summary = { fileHash: inspection.fileHash, format: inspection.format, ...counts };
    if (decided.length === 0) {
      const last = imports[imports.length - 1];
      return { stream, revision: last.revision, position: null, events: [], replayed: true, ...summary };
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
      ...summary,
    };
  }

  /**
   * First pass: every row against the record rules and for duplicates, then — while no row has
   * failed those — against the registry, in batches. Refuses the file with every problem found;
   * otherwise returns what to do with each row.
   */
  private async checkEveryRow(
    source: TargetFileSource,
    inspection: TargetFileInspection,
    departmentId: string,
    runId: string,
    batchSize: number,
    options: TargetImportOptions,
  ): Promise<RowPlans> {
    const file = await openTargetFile(source, inspection, this.limits);
    const plans = new RowPlans();
    const recordProblems = new ProblemList();
    const registryProblems = new ProblemList();
    // the first row of each target id: the only thing held for every row
    const ids = new TargetIdSet();
    let batch: RowToDecide[] = [];
    const decideBatch = async () => {
      const recorded = await this.store.readStreams(batch.map((item) => targetStream(item.targetId)));
      for (const item of batch) {
        try {
          plans.set(item.index, planRow(item, recorded.get(targetStream(item.targetId)) ?? [], departmentId, runId));
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          registryProblems.add({ field: `row ${item.row}, ${columnOf(file, error.field)}`, reason: error.message });
        }
      }
      batch = [];
      options.onProgress?.('checking', plans.length, null);
    };

    for await (const { row, values, problems } of file.rows) {
      const index = plans.push(Plan.Unchanged);
      if (problems) {
        problems.forEach((p) => recordProblems.add(p));
        continue;
      }
      const check = checkTargetRecord(values);
      if (!check.ok) {
        for (const problem of check.problems) recordProblems.add({ field: `row ${row}, ${columnOf(file, problem.field)}`, reason: problem.reason });
        continue;
      }
      const targetId = targetIdOf(check.details);
      const first = ids.firstRowOrAdd(targetId, row);
      if (first !== null) {
        recordProblems.add({
          field: `row ${row}, ${columnOf(file, check.details.creditCode ? 'creditCode' : 'registryId')}`,
          reason: `${targetId} is already in row ${first} of this file`,
        });
        continue;
      }
      // once a row breaks the record rules the file is refused for those: the registry need not be asked
      if (recordProblems.size > 0) continue;
      batch.push({ index, row, targetId, record: values });
      if (batch.length >= batchSize) await decideBatch();
    }
    if (recordProblems.size > 0) throw recordProblems.rejection();
    if (batch.length > 0) await decideBatch();
    if (registryProblems.size > 0) throw registryProblems.rejection();
    return plans;
  }

  /**
   * Second pass, once every row is known to be good: reads the file again and appends each row's
   * events with the revision they are decided on, a batch at a time. A new target is decided
   * without reading its stream: the append expects no stream, so one registered meanwhile is
   * noticed and decided again.
   */
  private async appendEveryRow(
    source: TargetFileSource,
    inspection: TargetFileInspection,
    plans: RowPlans,
    departmentId: string,
    runId: string,
    metadata: EventMetadataOfRun,
    batchSize: number,
    options: TargetImportOptions,
  ): Promise<Pick<TargetsImported['data'], 'rows' | 'registered' | 'changed' | 'unchanged'>> {
    const file: OpenTargetFile = await openTargetFile(source, inspection, this.limits);
    const counts = { registered: plans.count(Plan.RegisteredEarlier), changed: plans.count(Plan.ChangedEarlier), unchanged: 0 };
    const total = plans.length - counts.registered - counts.changed - plans.count(Plan.Unchanged);
    let appended = 0;
    let batch: RowToAppend[] = [];
    // rows that change a known target: decided again on a fresh read of their streams
    let changes: RowToAppend[] = [];
    const appendBatch = async () => {
      if (changes.length > 0) {
        const recorded = await this.store.readStreams(changes.map((item) => targetStream(item.targetId)));
        for (const item of changes) decideOn(item, departmentId, recorded.get(targetStream(item.targetId)) ?? []);
        changes = [];
      }
      await eachConcurrently(batch, batchSize, (item) => this.appendRow(item, departmentId, metadata));
      for (const item of batch) counts[item.outcome]++;
      appended += batch.length;
      batch = [];
      options.onProgress?.('appending', appended, total);
    };

    let index = 0;
    for await (const { row, values } of file.rows) {
      const plan = plans.at(index++);
      if (plan === Plan.Unchanged) counts.unchanged++;
      if (plan < Plan.Register) continue;
      const check = checkTargetRecord(values);
      if (!check.ok) throw new Error(`the file changed while it was imported: row ${row} no longer passes the checks it passed`);
      const item: RowToAppend = {
        row,
        targetId: targetIdOf(check.details),
        commandId: commandIdOf(runId, row),
        record: values,
        events: [],
        expected: 'no-stream',
        outcome: 'registered',
      };
      if (plan === Plan.Register) decide(item, departmentId, []);
      else changes.push(item);
      batch.push(item);
      if (batch.length >= batchSize) await appendBatch();
    }
    if (batch.length > 0) await appendBatch();
    if (index !== plans.length) throw new Error('the file changed while it was imported: it has fewer rows than when it was checked');
    return { rows: plans.length, ...counts };
  }

  /** Reads the row's target stream again and decides the row on it. */
  private async decideRow(item: RowToAppend, departmentId: string): Promise<void> {
    decideOn(item, departmentId, await this.readEvents(targetStream(item.targetId)));
  }

  /** Appends with the revision the row was decided on; if someone changed the target meanwhile, decides again. */
  private async appendRow(item: RowToAppend, departmentId: string, metadata: EventMetadataOfRun): Promise<void> {
    for (let attempt = 1; item.events.length > 0; attempt++) {
      try {
        await this.store.append(
          targetStream(item.targetId),
          toProposed(item.commandId, item.events, { ...metadata, commandId: item.commandId }),
          item.expected,
        );
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt >= MAX_ATTEMPTS)
          throw new IllegalStateError(`target ${item.targetId} (row ${item.row}) kept changing during the import; run the import again`);
        await this.decideRow(item, departmentId);
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

/** Decides one row on its target stream; notices a row an earlier attempt of this run appended. */
function planRow(item: RowToDecide, recorded: readonly RecordedEvent[], departmentId: string, runId: string): number {
  const commandId = commandIdOf(runId, item.row);
  const earlier = recorded.find((e) => e.metadata.commandId === commandId);
  if (earlier) return earlier.type === 'TargetRegistered' ? Plan.RegisteredEarlier : Plan.ChangedEarlier;
  const events = targetDecider.decide({ type: 'ImportTargetRecord', departmentId, record: item.record }, stateOf(recorded));
  if (events.length === 0) return Plan.Unchanged;
  return recorded.length === 0 ? Plan.Register : recorded[recorded.length - 1].revision;
}

/** Row _n_ of the _k_-th import of a file: the same import always proposes the same event ids. */
const commandIdOf = (runId: string, row: number) => `${runId}-row-${row}`;

function stateOf(recorded: readonly RecordedEvent[]): TargetState {
  return recorded.reduce<TargetState>(
    (s, e) => targetDecider.evolve(s, { type: e.type, data: upcast(e.type, e.schemaVersion, e.data) } as TargetEvent),
    targetDecider.initialState,
  );
}

/** Decides the row on its stream's events; notices a row an earlier attempt of this run appended. */
function decideOn(item: RowToAppend, departmentId: string, recorded: readonly RecordedEvent[]): void {
  const earlier = recorded.find((e) => e.metadata.commandId === item.commandId);
  if (earlier) {
    item.events = [];
    item.outcome = earlier.type === 'TargetRegistered' ? 'registered' : 'changed';
    return;
  }
  decide(item, departmentId, recorded);
}

function decide(item: RowToAppend, departmentId: string, recorded: readonly RecordedEvent[]): void {
  item.events = targetDecider.decide({ type: 'ImportTargetRecord', departmentId, record: item.record }, stateOf(recorded));
  item.expected = recorded.length > 0 ? recorded[recorded.length - 1].revision : 'no-stream';
  item.outcome = item.events.length === 0 ? 'unchanged' : item.events[0].type === 'TargetRegistered' ? 'registered' : 'changed';
}

/** The column as the file names it; a problem about the target as a whole is put on its key column. */
function columnOf(file: OpenTargetFile, field: string | undefined): string {
  const known = TARGET_DETAIL_FIELDS.includes(field as TargetDetailField) ? (field as TargetDetailField) : undefined;
  return (known && file.headers[known]) ?? file.headers.creditCode ?? file.headers.registryId ?? field ?? 'row';
}

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
