/**
 * The eligibility state in columns, for the snapshot a restarted API resumes from (issue 9 item 2).
 * A million targets as a million objects cost 293 MB in the structured-clone format and seconds to
 * restore; in columns the repeated texts (department, subject type, scale, industry, area) are
 * numbers into one dictionary, the five flags one byte, and what most targets lack (penalty date,
 * sub-registries, locked lists, conclusions, draws) is listed only for the targets that have it.
 * Targets are kept in canonical order, so the restored state needs no sort before a draw. The
 * live state is itself a table of columns (target-table.ts), so a restore adopts these arrays.
 */
import { DrawLimits, EligibilityState, QuotaLedgerState, TargetFacts } from './eligibility';
import { RareFacts, TEXT_COLUMNS, TargetTable } from './target-table';

export interface EligibilityColumns {
  readonly format: 1;
  /** Target ids in canonical order, joined by newlines (ids never hold one). */
  readonly ids: string;
  /** Index 0 stands for null. */
  readonly strings: string[];
  readonly departmentId: Uint32Array;
  readonly subjectType: Uint32Array;
  readonly scale: Uint32Array;
  readonly industry: Uint32Array;
  readonly areaCode: Uint32Array;
  /** 信用风险分类 (snapshots before eligibility-4 lack it: every target ungraded). */
  readonly creditGrade?: Uint32Array;
  /** bit 0 abnormal, 1 serious violator, 2 trustworthy, 3 deregistered, 4 revoked. */
  readonly flags: Uint8Array;
  /** The facts few targets have, by position in `ids`. */
  readonly rare: [number, Pick<TargetFacts, 'penalisedOn' | 'subRegistries' | 'locked' | 'concluded' | 'drawsByYear'> & { complaintsByYear?: Record<number, number> | null }][];
  readonly parents: [string, string | null][];
  readonly limits: [string, DrawLimits][];
  readonly tasks: [string, { departmentId: string; businessUnitId: string | null; year: number }][];
  readonly ledgers: [number, number, [string, number][]][];
}

/**
 * The state's columns with the rows in canonical order. The live table keeps its rows in the
 * order targets were registered; the snapshot is written sorted so a restore starts sorted.
 */
export function toColumns(state: EligibilityState): EligibilityColumns {
  const table = state.targets;
  const order = table.canonicalRows();
  const columns = Object.fromEntries(TEXT_COLUMNS.map((name) => [name, new Uint32Array(order.length)])) as Record<(typeof TEXT_COLUMNS)[number], Uint32Array>;
  const flags = new Uint8Array(order.length);
  const ids: string[] = new Array(order.length);
  const rare: EligibilityColumns['rare'] = [];
  order.forEach((row, i) => {
    ids[i] = table.ids[row];
    for (const name of TEXT_COLUMNS) columns[name][i] = table.columns[name][row];
    flags[i] = table.statusBits(row);
    const extra = table.rareOf(row);
    if (extra && (extra.penalisedOn !== null || extra.subRegistries.length > 0 || extra.locked || extra.concluded || extra.drawsByYear || extra.complaintsByYear)) {
      const { penalisedOn, subRegistries, locked, concluded, drawsByYear, complaintsByYear } = extra;
      rare.push([i, { penalisedOn, subRegistries, locked, concluded, drawsByYear, complaintsByYear }]);
    }
  });
  return {
    format: 1,
    ids: ids.join('\n'),
    strings: [...table.strings],
    ...columns,
    flags,
    rare,
    parents: [...state.parents],
    limits: [...state.limits],
    tasks: [...state.tasks],
    ledgers: [...state.ledgers].map(([year, ledger]) => [year, ledger.revision, [...ledger.used]]),
  };
}

/** The state from its columns: the arrays become the table's own, no object per target is made. */
export function fromColumns(columns: EligibilityColumns): EligibilityState {
  if (columns.format !== 1) throw new Error(`unknown eligibility columns format ${String(columns.format)}`);
  const ids = columns.ids === '' ? [] : columns.ids.split('\n');
  const targets = TargetTable.fromColumns({
    ids,
    strings: columns.strings,
    columns: Object.fromEntries(TEXT_COLUMNS.map((name) => [name, columns[name] ?? new Uint32Array(ids.length)])) as Record<(typeof TEXT_COLUMNS)[number], Uint32Array>,
    flags: columns.flags,
    rare: columns.rare.map(([row, facts]): [number, RareFacts] => [
      row,
      {
        penalisedOn: facts.penalisedOn ?? null,
        subRegistries: facts.subRegistries ?? [],
        locked: facts.locked ?? null,
        concluded: facts.concluded ?? null,
        drawsByYear: facts.drawsByYear ?? null,
        complaintsByYear: facts.complaintsByYear ?? null,
      },
    ]),
  });
  const ledgers = new Map<number, QuotaLedgerState>(columns.ledgers.map(([year, revision, used]) => [year, { revision, used: new Map(used) }]));
  return { targets, parents: new Map(columns.parents), limits: new Map(columns.limits), tasks: new Map(columns.tasks), ledgers };
}
