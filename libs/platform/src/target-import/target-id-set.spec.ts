import { creditCodeFor } from '../../../../test/fixtures/targets-xlsx';
import { TargetIdSet } from './target-id-set';

describe('the target ids of a file', () => {
  it('answers the first row of an id seen before, and null for a new one', () => {
    const ids = new TargetIdSet();
    expect(ids.firstRowOrAdd(creditCodeFor(1), 2)).toBeNull();
    expect(ids.firstRowOrAdd('P-431102-0001', 3)).toBeNull();
    expect(ids.firstRowOrAdd(creditCodeFor(1), 9)).toBe(2);
    expect(ids.firstRowOrAdd('P-431102-0001', 10)).toBe(3);
    expect(ids.size).toBe(2);
  });

  it('tells apart ids that differ in one character or in length, across growth of every table', () => {
    const ids = new TargetIdSet();
    // past the first size of the hash table (16,384 ids), of the id arrays and of the byte buffer (1 MiB)
    const count = 60_000;
    const codes = Array.from({ length: count }, (_, n) => creditCodeFor(n));
    const added = codes.filter((code, n) => ids.firstRowOrAdd(code, n + 2) === null);
    expect(added).toHaveLength(count);
    const found = codes.map((code) => ids.firstRowOrAdd(code, 0));
    expect(found).toEqual(codes.map((_, n) => n + 2));
    expect(ids.firstRowOrAdd(creditCodeFor(5).slice(0, 17), 1)).toBeNull();
    expect(ids.firstRowOrAdd(`${creditCodeFor(5)}0`, 1)).toBeNull();
    expect(ids.firstRowOrAdd('名录-'.repeat(100), 1)).toBeNull();
    expect(ids.firstRowOrAdd('名录-'.repeat(100), 2)).toBe(1);
    expect(ids.size).toBe(count + 3);
  });
});
