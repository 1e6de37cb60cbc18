import { TreeHeadCosignedData, cosignaturesDecider } from './cosignature';

const cosignature = (treeSize: number): TreeHeadCosignedData => ({
  witnessKeyId: 'a'.repeat(64),
  witnessName: 'hunan-oversight',
  logKeyId: 'b'.repeat(64),
  treeSize,
  rootHash: 'c'.repeat(64),
  cosignedAt: '2026-12-02T08:00:00.000Z',
  signature: `${'A'.repeat(86)}==`,
});
const given = (...sizes: number[]) =>
  sizes.reduce((state, size) => cosignaturesDecider.evolve(state, { type: 'TreeHeadCosigned', data: cosignature(size) }), cosignaturesDecider.initialState);
const record = (size: number) => ({ type: 'RecordCosignature' as const, cosignature: cosignature(size) });

describe("a witness's cosignatures (issue 11; the witness vouches for ever longer histories)", () => {
  it('records the first cosignature and each one of a larger head', () => {
    expect(cosignaturesDecider.decide(record(10), given())).toEqual([{ type: 'TreeHeadCosigned', data: cosignature(10) }]);
    expect(cosignaturesDecider.decide(record(25), given(10))).toEqual([{ type: 'TreeHeadCosigned', data: cosignature(25) }]);
  });

  it('records nothing for a size the witness already covered (a repost, or one older than its newest)', () => {
    expect(cosignaturesDecider.decide(record(25), given(10, 25))).toEqual([]);
    expect(cosignaturesDecider.decide(record(12), given(10, 25))).toEqual([]);
  });
});
