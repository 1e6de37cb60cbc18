/**
 * Inspector matching's use of the lottery (docs/draw-algorithm.md, "Inspector matching"): every
 * random choice is `selectMembers` of `dsr-draw-v1` over a canonical sub-pool and a seed from the
 * matching's entropy, so anyone can re-run it. Workload is spread evenly by drawing each group
 * from the least-loaded candidates only (DOMAIN.md, The double draw → Inspectors).
 */
import { EntropyContribution, canonicalPool, combineSeed, poolHash, selectMembers } from '../draw/draw-algorithm';
import { IllegalStateError } from '../shared/errors';
import { DrawnFrom } from './matching.events';

/** At least two inspectors per target, formed into a group with one leader (002 §21). */
export const GROUP_SIZE = 2;

export interface CandidatePool {
  readonly targetId: string;
  readonly members: readonly string[];
}

export interface SelectedGroup {
  readonly targetId: string;
  /** In draw order; the first is the leader. */
  readonly members: string[];
  readonly drawnFrom: DrawnFrom;
}

/**
 * The candidates with the fewest assignments so far: the lowest load level present, widened one
 * level at a time until at least `need` members are admitted (or everyone is).
 */
export function leastLoaded(members: readonly string[], loads: ReadonlyMap<string, number>, need: number): { members: string[]; load: number } {
  const loadOf = (id: string) => loads.get(id) ?? 0;
  const levels = [...new Set(members.map(loadOf))].sort((a, b) => a - b);
  for (const level of levels) {
    const admitted = members.filter((id) => loadOf(id) <= level);
    if (admitted.length >= need) return { members: canonicalPool(admitted), load: level };
  }
  return { members: canonicalPool(members), load: levels[levels.length - 1] ?? 0 };
}

/** One selection: `count` members of the canonical sub-pool under the stratum's seed. */
export function drawFromPool(
  canonical: readonly string[],
  load: number,
  stratum: string,
  contributions: readonly EntropyContribution[],
  count: number,
): { selected: string[]; drawnFrom: DrawnFrom } {
  const hash = poolHash(canonical);
  const seed = combineSeed({ poolHash: hash, stratum, contributions });
  return {
    selected: selectMembers(canonical, seed, count),
    drawnFrom: { stratum, poolHash: hash, poolSize: canonical.length, load, seed: seed.toString('hex') },
  };
}

/**
 * Draws `size` people per target: targets in canonical order (sorted ids); each from the
 * least-loaded part of its pool, under the stratum `<prefix>/<targetId>`; the loads count this
 * matching's assignments so far. Refuses, naming the target, when a pool is too small.
 */
export function assignFromPools(
  pools: readonly CandidatePool[],
  contributions: readonly EntropyContribution[],
  options: { size: number; stratumPrefix: 'inspectors' | 'experts'; what: string },
): SelectedGroup[] {
  const loads = new Map<string, number>();
  const ordered = [...pools].sort((a, b) => (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0));
  return ordered.map(({ targetId, members }) => {
    if (members.length < options.size) {
      throw new IllegalStateError(`target ${targetId} has ${members.length} eligible ${options.what}; at least ${options.size} are needed`, 'targetId');
    }
    const sub = leastLoaded(members, loads, options.size);
    const { selected, drawnFrom } = drawFromPool(sub.members, sub.load, `${options.stratumPrefix}/${targetId}`, contributions, options.size);
    for (const id of selected) loads.set(id, (loads.get(id) ?? 0) + 1);
    return { targetId, members: selected, drawnFrom };
  });
}

/** The inspector groups of a matching (002 §21): two per target, the first drawn leads. */
export const assignInspectors = (pools: readonly CandidatePool[], contributions: readonly EntropyContribution[]) =>
  assignFromPools(pools, contributions, { size: GROUP_SIZE, stratumPrefix: 'inspectors', what: 'inspector(s) (002 §21: a group of at least 2)' });

/** One drawn expert per target whose expert is not appointed (000 §20). */
export const assignExperts = (pools: readonly CandidatePool[], contributions: readonly EntropyContribution[]) =>
  assignFromPools(pools, contributions, { size: 1, stratumPrefix: 'experts', what: 'expert(s)' });

/**
 * A replacement after a withdrawal or an approved release (000 §18, 002 §23): one of the
 * remaining candidates, least-loaded first, under the stratum `replacement/<targetId>/<n>` with
 * the matching's entropy.
 */
export function drawReplacement(input: {
  targetId: string;
  n: number;
  remaining: readonly string[];
  loads: ReadonlyMap<string, number>;
  contributions: readonly EntropyContribution[];
}): { inspectorId: string; drawnFrom: DrawnFrom } {
  if (input.remaining.length === 0) {
    throw new IllegalStateError(`no eligible inspector remains in the pool of target ${input.targetId} to replace from`, 'targetId');
  }
  const sub = leastLoaded(input.remaining, input.loads, 1);
  const { selected, drawnFrom } = drawFromPool(sub.members, sub.load, `replacement/${input.targetId}/${input.n}`, input.contributions, 1);
  return { inspectorId: selected[0], drawnFrom };
}
