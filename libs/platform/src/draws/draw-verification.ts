/**
 * Re-runs a draw from the event log alone — never from a read model — and reports whether every
 * published step reproduces: the eligible pools and their hashes as of the recorded log
 * position, the server value against its commitment, the seed, and the selection. Anyone with
 * the log can run the same steps (docs/draw-algorithm.md); `cli verify-draw` and the API do.
 */
import { EventStore, Position, RecordedEvent, StreamNotFoundError, comparePositions, parsePosition } from '@app/event-store';
import {
  ComputedStratum,
  DrawEvent,
  DrawPoolFrozen,
  EligibilityState,
  EntropyContribution,
  TargetsDrawn,
  TaskSetUp,
  applyEvent,
  combineSeed,
  commitmentTo,
  computePools,
  drawStream,
  drawWithSkips,
  membershipOf,
  emptyEligibilityState,
  limitsFor,
  poolHash,
  poolRequestFor,
  EligibilityRules,
  eligibilityRulesOf,
  exclusionsHash,
  quotaLedgerStream,
  taskStream,
  upcast,
} from '@app/domain';

export interface VerificationCheck {
  readonly step: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface DrawVerification {
  readonly drawId: string;
  readonly ok: boolean;
  readonly checks: VerificationCheck[];
  /** The first step that did not reproduce, or null. */
  readonly firstMismatch: VerificationCheck | null;
}

const PAGE = 5000;

/**
 * Where a fold up to a freeze may start instead of the first event: a state the process saved
 * from this same log at or before that position. `cli verify-draw` never uses one.
 */
export type SavedEligibility = (position: Position) => Promise<{ state: EligibilityState; position: Position } | null>;

export async function verifyDraw(store: EventStore, drawId: string, saved?: SavedEligibility): Promise<DrawVerification> {
  const checks: VerificationCheck[] = [];
  const check = (step: string, ok: boolean, detail: string) => checks.push({ step, ok, detail });
  const drawEvents = (await readOrEmpty(store, drawStream(drawId))).map(
    (e) => ({ ...e, data: upcast(e.type, e.schemaVersion, e.data) }) as unknown as RecordedEvent & DrawEvent,
  );
  const frozen = drawEvents.find((e): e is RecordedEvent & DrawPoolFrozen => e.type === 'DrawPoolFrozen');
  if (!frozen) return finish(drawId, [{ step: 'freeze', ok: false, detail: `draw ${drawId} has no frozen pool in the log` }]);
  const taskSetUp = (await readOrEmpty(store, taskStream(frozen.data.taskId))).find((e) => e.type === 'TaskSetUp');
  if (!taskSetUp) return finish(drawId, [{ step: 'task', ok: false, detail: `task ${frozen.data.taskId} is not in the log` }]);

  const pools = await eligiblePoolsAt(
    store,
    parsePosition(frozen.data.eligibilityPosition),
    taskSetUp.data as TaskSetUp['data'],
    frozen.data.frozenOn,
    eligibilityRulesOf(frozen.data),
    saved,
    frozen.data.sixMonthRuleLifted?.targetIds,
  );
  for (const stratum of frozen.data.strata) {
    const recomputed = pools.strata.find((s) => s.stratumId === stratum.stratumId);
    if (!recomputed) {
      check(`pool ${stratum.stratumId}`, false, 'the stratum does not arise from the task as set up');
      continue;
    }
    const hash = poolHash(recomputed.members);
    check(
      `pool ${stratum.stratumId}`,
      hash === stratum.poolHash && recomputed.members.length === stratum.poolSize,
      `published ${stratum.poolHash} (${stratum.poolSize}); recomputed ${hash} (${recomputed.members.length})`,
    );
    check(`count ${stratum.stratumId}`, recomputed.count === stratum.count, `published ${stratum.count}; recomputed ${recomputed.count}`);
    const excludedHash = exclusionsHash(recomputed.excluded);
    check(
      `exclusions ${stratum.stratumId}`,
      excludedHash === stratum.excludedHash && recomputed.excluded.length === stratum.excludedCount,
      `published ${stratum.excludedHash} (${stratum.excludedCount}); recomputed ${excludedHash} (${recomputed.excluded.length})`,
    );
  }
  if (pools.strata.length !== frozen.data.strata.length) check('strata', false, `published ${frozen.data.strata.length}; recomputed ${pools.strata.length}`);

  const drawn = drawEvents.find((e): e is RecordedEvent & TargetsDrawn => e.type === 'TargetsDrawn');
  if (!drawn) {
    check('draw', true, 'not drawn yet: only the freeze is verified');
    return finish(drawId, checks);
  }
  const contributions: EntropyContribution[] = drawEvents
    .filter((e) => e.type === 'EntropyContributed' && e.revision < drawn.revision)
    .map((e) => (e.data as { contribution: EntropyContribution }).contribution);
  const server = contributions.filter((c) => c.kind === 'server');
  check(
    'server commitment',
    server.length === 1 && commitmentTo(server[0].value) === frozen.data.serverCommitment,
    `committed ${frozen.data.serverCommitment}; revealed ${server.length === 1 ? commitmentTo(server[0].value) : `${server.length} server values`}`,
  );
  check(
    'entropy kinds',
    JSON.stringify(contributions.map((c) => c.kind)) === JSON.stringify(drawn.data.entropyKinds),
    `recorded ${drawn.data.entropyKinds.join(', ')}`,
  );

  const ledger = (await readOrEmpty(store, quotaLedgerStream(frozen.data.year))).filter((e) => e.revision <= drawn.data.ledgerRevision);
  const used = new Map<string, number>();
  for (const e of ledger) {
    const delta = e.type === 'QuotaConsumed' ? 1 : -1;
    for (const id of (e.data as { targetIds: string[] }).targetIds) used.set(id, (used.get(id) ?? 0) + delta);
  }
  for (const stratum of drawn.data.strata) {
    const pool = pools.strata.find((s) => s.stratumId === stratum.stratumId);
    const published = frozen.data.strata.find((s) => s.stratumId === stratum.stratumId);
    if (!pool || !published) {
      check(`selection ${stratum.stratumId}`, false, 'the stratum was not frozen');
      continue;
    }
    const isExempt = membershipOf(pool.exempt);
    const seed = combineSeed({ poolHash: published.poolHash, stratum: stratum.stratumId, contributions });
    const rerun = drawWithSkips(pool.members, seed, published.count, (id) => !isExempt(id) && (used.get(id) ?? 0) >= pools.quotaPerYear);
    const same =
      JSON.stringify(rerun.selected) === JSON.stringify(stratum.selected) &&
      JSON.stringify(rerun.skipped) === JSON.stringify(stratum.skipped.map((s) => s.targetId));
    check(
      `selection ${stratum.stratumId}`,
      same,
      `published ${stratum.selected.length} selected; re-run ${rerun.selected.length}${same ? ', identical' : `: ${rerun.selected.slice(0, 5).join(', ')}…`}`,
    );
  }
  return finish(drawId, checks);
}

export interface PoolsAtPosition {
  readonly strata: ComputedStratum[];
  /** The yearly quota in force for the task's department at that position. */
  readonly quotaPerYear: number;
}

/** The pools a task's request yields on the log folded up to and including `position`. */
export async function eligiblePoolsAt(
  store: EventStore,
  position: Position,
  task: TaskSetUp['data'],
  frozenOn: string,
  rules: EligibilityRules,
  saved?: SavedEligibility,
  sixMonthRuleLiftedFor?: readonly string[],
): Promise<PoolsAtPosition> {
  const resumeFrom = (await saved?.(position)) ?? null;
  const state = resumeFrom?.state ?? emptyEligibilityState();
  let from: Position | undefined = resumeFrom?.position;
  if (from && comparePositions(from, position) === 0) return finishPools();
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: PAGE });
    const start = from ? page.findIndex((e) => comparePositions(e.position, from!) > 0) : 0;
    const fresh = start < 0 ? [] : page.slice(start);
    for (const event of fresh) {
      if (comparePositions(event.position, position) > 0) return finishPools();
      applyEvent(state, { type: event.type, data: upcast(event.type, event.schemaVersion, event.data) });
    }
    if (fresh.length === 0 || page.length < PAGE) return finishPools();
    from = fresh[fresh.length - 1].position;
  }
  function finishPools() {
    const request = poolRequestFor(task, frozenOn, rules, sixMonthRuleLiftedFor);
    return { strata: computePools(state, request), quotaPerYear: limitsFor(state, request.departmentId).quotaPerYear };
  }
}

async function readOrEmpty(store: EventStore, stream: string): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(stream);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}

function finish(drawId: string, checks: VerificationCheck[]): DrawVerification {
  const firstMismatch = checks.find((c) => !c.ok) ?? null;
  return { drawId, ok: firstMismatch === null, checks, firstMismatch };
}
