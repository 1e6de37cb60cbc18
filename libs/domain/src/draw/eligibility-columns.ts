/**
 * The eligibility state in columns, for the snapshot a restarted API resumes from (issue 9 item 2).
 * A million targets as a million objects cost 293 MB in the structured-clone format and seconds to
 * restore; in columns the repeated texts (department, subject type, scale, industry, area) are
 * numbers into one dictionary, the five flags one byte, and what most targets lack (penalty date,
 * sub-registries, locked lists, conclusions, draws) is listed only for the targets that have it.
 * Targets are kept in canonical order, so the restored state needs no sort before a draw.
 */
import { DrawLimits, EligibilityState, QuotaLedgerState, TargetFacts } from './eligibility';

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
  /** bit 0 abnormal, 1 serious violator, 2 trustworthy, 3 deregistered, 4 revoked. */
  readonly flags: Uint8Array;
  /** The facts few targets have, by position in `ids`. */
  readonly rare: [number, Pick<TargetFacts, 'penalisedOn' | 'subRegistries' | 'locked' | 'concluded' | 'drawsByYear'>][];
  readonly parents: [string, string | null][];
  readonly limits: [string, DrawLimits][];
  readonly tasks: [string, { departmentId: string; businessUnitId: string | null; year: number }][];
  readonly ledgers: [number, number, [string, number][]][];
}

const FLAGS = ['abnormal', 'seriousViolator', 'trustworthy', 'deregistered', 'revoked'] as const;
const TEXTS = ['departmentId', 'subjectType', 'scale', 'industry', 'areaCode'] as const;

export function toColumns(state: EligibilityState): EligibilityColumns {
  const targets = [...state.targets.values()].sort((a, b) => (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0));
  const dictionary = new Map<string, number>();
  const strings: string[] = [''];
  const code = (text: string | null): number => {
    if (text === null) return 0;
    let n = dictionary.get(text);
    if (n === undefined) {
      dictionary.set(text, (n = strings.length));
      strings.push(text);
    }
    return n;
  };
  const columns = Object.fromEntries(TEXTS.map((name) => [name, new Uint32Array(targets.length)])) as Record<(typeof TEXTS)[number], Uint32Array>;
  const flags = new Uint8Array(targets.length);
  const rare: EligibilityColumns['rare'] = [];
  targets.forEach((t, i) => {
    for (const name of TEXTS) columns[name][i] = code(t[name]);
    flags[i] = FLAGS.reduce((bits, flag, bit) => (t[flag] ? bits | (1 << bit) : bits), 0);
    if (t.penalisedOn !== null || t.subRegistries.length > 0 || t.locked || t.concluded || t.drawsByYear)
      rare.push([i, { penalisedOn: t.penalisedOn, subRegistries: t.subRegistries, locked: t.locked, concluded: t.concluded, drawsByYear: t.drawsByYear }]);
  });
  return {
    format: 1,
    ids: targets.map((t) => t.targetId).join('\n'),
    strings,
    ...columns,
    flags,
    rare,
    parents: [...state.parents],
    limits: [...state.limits],
    tasks: [...state.tasks],
    ledgers: [...state.ledgers].map(([year, ledger]) => [year, ledger.revision, [...ledger.used]]),
  };
}

export function fromColumns(columns: EligibilityColumns): EligibilityState {
  if (columns.format !== 1) throw new Error(`unknown eligibility columns format ${String(columns.format)}`);
  const ids = columns.ids === '' ? [] : columns.ids.split('\n');
  const text = (n: number) => (n === 0 ? null : columns.strings[n]);
  const rare = new Map(columns.rare);
  const sorted: TargetFacts[] = new Array(ids.length);
  const targets = new Map<string, TargetFacts>();
  for (let i = 0; i < ids.length; i++) {
    const flags = columns.flags[i];
    const extra = rare.get(i);
    const target: TargetFacts = {
      targetId: ids[i],
      departmentId: text(columns.departmentId[i])!,
      subjectType: text(columns.subjectType[i])!,
      scale: text(columns.scale[i]),
      industry: text(columns.industry[i]),
      areaCode: text(columns.areaCode[i])!,
      subRegistries: extra?.subRegistries ?? [],
      abnormal: (flags & 1) !== 0,
      seriousViolator: (flags & 2) !== 0,
      penalisedOn: extra?.penalisedOn ?? null,
      trustworthy: (flags & 4) !== 0,
      deregistered: (flags & 8) !== 0,
      revoked: (flags & 16) !== 0,
      locked: extra?.locked ?? null,
      concluded: extra?.concluded ?? null,
      drawsByYear: extra?.drawsByYear ?? null,
    };
    sorted[i] = target;
    targets.set(target.targetId, target);
  }
  const ledgers = new Map<number, QuotaLedgerState>(columns.ledgers.map(([year, revision, used]) => [year, { revision, used: new Map(used) }]));
  return { targets, sorted, parents: new Map(columns.parents), limits: new Map(columns.limits), tasks: new Map(columns.tasks), ledgers };
}
