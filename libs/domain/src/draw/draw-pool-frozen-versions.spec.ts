/**
 * DrawPoolFrozen version 1 listed every exclusion; version 2 publishes their count and hash per
 * stratum, so that no freeze outgrows a store's largest write. A version-1 freeze is read as
 * version 2 without rewriting what is stored (全程留痕: the log is never changed).
 */
import { schemaVersionOf, upcast } from '../event-types';
import { exclusionsHash } from './draw-algorithm';
import type { DrawPoolFrozen } from './draw.events';

const listed = [
  { targetId: '91431102MA4L00011X', reason: 'deregistered', detail: '注销: the subject no longer exists' },
  { targetId: '91431102MA4L00012X', reason: 'quota-reached', detail: 'drawn twice in 2026' },
];
const versionOne = {
  drawId: 'd1',
  taskId: 't1',
  departmentId: 'lingling',
  year: 2026,
  algorithm: 'dsr-draw-v1',
  eligibilityPosition: '10/10',
  strata: [
    { stratumId: 'food', classId: 'food', poolHash: 'h1', poolSize: 5, count: 2, exemptMembers: 0, excluded: listed },
    { stratumId: 'food/trustworthy', classId: 'food', poolHash: 'h2', poolSize: 3, count: 1, exemptMembers: 0, excluded: [] },
  ],
  serverCommitment: 'c',
  beacon: null,
  frozenOn: '2026-04-01',
};

describe('DrawPoolFrozen versions', () => {
  it('is recorded as version 2 now', () => {
    expect(schemaVersionOf('DrawPoolFrozen')).toBe(2);
  });

  it('reads a version-1 freeze with the count and hash of the exclusions it listed, and keeps the list', () => {
    const read = upcast('DrawPoolFrozen', 1, versionOne) as DrawPoolFrozen['data'];
    expect(read.strata[0]).toEqual({ ...versionOne.strata[0], excludedCount: 2, excludedHash: exclusionsHash(listed) });
    expect(read.strata[1]).toMatchObject({ excludedCount: 0, excludedHash: exclusionsHash([]), excluded: [] });
    expect(read).toMatchObject({ drawId: 'd1', serverCommitment: 'c', frozenOn: '2026-04-01' });
  });

  it('reads a version-2 freeze as stored', () => {
    const stored = { ...versionOne, strata: [{ ...versionOne.strata[1], excluded: undefined, excludedCount: 0, excludedHash: exclusionsHash([]) }] };
    expect(upcast('DrawPoolFrozen', 2, stored)).toBe(stored);
  });
});
