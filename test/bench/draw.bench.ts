/**
 * The draw at registry scale: 1,000,000 targets, a directional class (industry and area) with
 * quota exclusions, drawing 5,000. `draw` is what a freeze and its draw compute: the eligible
 * pool with every exclusion, its hash, the seed and the selection (with quota skips). `verify`
 * is what verification recomputes on the log folded to the freeze's position: the pool again,
 * its hash against the published one, the seed and the selection against the published one.
 * Folding the log itself is measured separately (`fold`), once.
 *
 * `resume` is what a restarted API does instead of the fold: restore the state from the snapshot
 * the service keeps in DATA_DIR/state (in columns, libs/domain/src/draw/eligibility-columns.ts, as apps/api/src/draws/eligibility-model.ts does).
 *
 * Last line: `draw_ms_p50=<n> verify_ms_p50=<n> fold_ms=<n> resume_ms=<n>`.
 */
import { performance } from 'node:perf_hooks';
import { deserialize, serialize } from 'node:v8';
import {
  ComputedStratum,
  EligibilityColumns,
  EligibilityState,
  PoolRequest,
  TargetClass,
  applyEvent,
  combineSeed,
  computePools,
  drawWithSkips,
  emptyEligibilityState,
  membershipOf,
  fromColumns,
  poolHash,
  toColumns,
} from '@app/domain';

const TARGETS = Number(process.env.BENCH_TARGETS ?? 1_000_000);
const DRAW = Number(process.env.BENCH_DRAW ?? 5_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const COUNTIES = ['431102', '431103', '431121', '431122'];
const INDUSTRIES = ['C14', 'C13', 'F52', 'H62', 'C39'];

function buildRegistry(): { state: EligibilityState; foldMs: number } {
  const state = emptyEligibilityState();
  const started = performance.now();
  applyEvent(state, { type: 'DepartmentRegistered', data: { departmentId: 'yongzhou', parentId: 'hunan' } });
  for (const [i, area] of COUNTIES.entries()) applyEvent(state, { type: 'DepartmentRegistered', data: { departmentId: `county-${i}`, parentId: 'yongzhou' } });
  const used: string[] = [];
  for (let i = 0; i < TARGETS; i++) {
    const targetId = `9143110${String(i).padStart(11, '0')}`;
    const county = i % COUNTIES.length;
    applyEvent(state, {
      type: 'TargetRegistered',
      data: {
        targetId,
        departmentId: `county-${county}`,
        subjectType: i % 7 === 0 ? 'individual-business' : 'enterprise',
        scale: 'small',
        industry: INDUSTRIES[i % 5],
        areaCode: COUNTIES[county],
      },
    });
    if (i % 10 === 0) used.push(targetId);
    if (i % 97 === 0) applyEvent(state, { type: 'TargetListedAsAbnormal', data: { targetId } });
    if (i % 211 === 0) applyEvent(state, { type: 'TargetDeregistered', data: { targetId } });
  }
  // a tenth of the registry already drawn twice this year: the quota excludes them
  for (let i = 0; i < used.length; i += 1000) {
    const targetIds = used.slice(i, i + 1000);
    applyEvent(state, { type: 'QuotaConsumed', data: { year: 2026, drawId: `earlier-a-${i}`, targetIds } });
    applyEvent(state, { type: 'QuotaConsumed', data: { year: 2026, drawId: `earlier-b-${i}`, targetIds } });
  }
  return { state, foldMs: performance.now() - started };
}

const foodInTwoCounties: TargetClass = {
  classId: 'food',
  label: '食品制造 (two counties)',
  filter: { subjectTypes: ['enterprise'], scales: [], industries: ['C14', 'C13'], areaCodes: ['431102', '431103'], subRegistryId: null },
  ratio: null,
  count: DRAW,
  trustworthyRatio: null,
};

const request: PoolRequest = {
  taskId: 'bench',
  departmentId: 'yongzhou',
  businessUnitId: null,
  year: 2026,
  onDate: '2026-06-01',
  candidateDepartmentIds: COUNTIES.map((_, i) => `county-${i}`),
  classes: [foodInTwoCounties],
  exemptTask: false,
};

function drawOnce(state: EligibilityState, witness: string): { stratum: ComputedStratum; hash: string; selected: string[] } {
  const [stratum] = computePools(state, request);
  const hash = poolHash(stratum.members);
  const contributions = [
    { kind: 'witness' as const, label: 'bench', value: witness },
    { kind: 'server' as const, label: 'server', value: 'bench-secret' },
  ];
  const isExempt = membershipOf(stratum.exempt);
  const used = state.ledgers.get(2026)!.used;
  const seed = combineSeed({ poolHash: hash, stratum: stratum.stratumId, contributions });
  const { selected } = drawWithSkips(stratum.members, seed, stratum.count, (id) => !isExempt(id) && (used.get(id) ?? 0) >= 2);
  return { stratum, hash, selected };
}

function p50(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const built = buildRegistry();
  const { foldMs } = built;
  process.stdout.write(`registry: ${TARGETS} targets folded from their events in ${Math.round(foldMs)} ms\n`);
  const snapshot = serialize(toColumns(built.state));
  let started = performance.now();
  const state = fromColumns(deserialize(snapshot) as EligibilityColumns);
  const resumeMs = performance.now() - started;
  process.stdout.write(`resume: the state restored from its ${Math.round(snapshot.length / 1e6)} MB snapshot in ${Math.round(resumeMs)} ms\n`);
  const warm = drawOnce(state, 'warm-up');
  process.stdout.write(
    `class: ${warm.stratum.members.length} eligible, ${warm.stratum.excluded.length} excluded (quota, deregistered), ${warm.stratum.exemptMembers} exempt; drawing ${warm.stratum.count}\n`,
  );
  const drawMs: number[] = [];
  const verifyMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const witness = `witness ${run}`;
    started = performance.now();
    const published = drawOnce(state, witness);
    drawMs.push(performance.now() - started);
    started = performance.now();
    const again = drawOnce(state, witness);
    const ok =
      again.hash === published.hash && again.selected.length === published.selected.length && again.selected.every((id, i) => id === published.selected[i]);
    verifyMs.push(performance.now() - started);
    if (!ok || published.selected.length !== DRAW) throw new Error(`run ${run}: verification did not reproduce the draw`);
  }
  process.stdout.write(`draw ms: ${drawMs.map((v) => v.toFixed(0)).join(' ')}\nverify ms: ${verifyMs.map((v) => v.toFixed(0)).join(' ')}\n`);
  process.stdout.write(
    `draw_ms_p50=${Math.round(p50(drawMs))} verify_ms_p50=${Math.round(p50(verifyMs))} fold_ms=${Math.round(foldMs)} resume_ms=${Math.round(resumeMs)}\n`,
  );
}

main();
