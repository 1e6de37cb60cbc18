/**
 * The behaviour every ReadStore adapter must show. Each adapter's spec calls `readStoreContract`
 * with a factory that yields a fresh, empty store.
 */
import { CheckpointConflictError, CheckpointUpdate, LeaseLostError, ReadStore, ReadWrite } from './read-store.port';

export interface ReadStoreUnderTest {
  store: ReadStore;
  dispose(): Promise<void>;
}

const put = (collection: string, id: string, document: unknown): ReadWrite => ({ op: 'put', collection, id, document });
const del = (collection: string, id: string): ReadWrite => ({ op: 'delete', collection, id });
const incr = (counter: string, by: number): ReadWrite => ({ op: 'incr', counter, by });
const add = (index: string, member: string, score: number): ReadWrite => ({ op: 'index-add', index, member, score });
const remove = (index: string, member: string): ReadWrite => ({ op: 'index-remove', index, member });
const setAdd = (set: string, member: string, universe = 'targets'): ReadWrite => ({ op: 'set-add', universe, set, member });
const setRemove = (set: string, member: string, universe = 'targets'): ReadWrite => ({ op: 'set-remove', universe, set, member });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Short enough to wait out in a test, long enough that a few calls finish well within it — on a
 * loaded 2-core machine too: at 150 ms, two Redis calls in a row under the full suite once took
 * longer, and the second owner found the first one's lease already expired.
 */
const TTL = 500;

export function readStoreContract(name: string, open: () => Promise<ReadStoreUnderTest>): void {
  describe(`ReadStore contract: ${name}`, () => {
    let sut: ReadStoreUnderTest;
    let store: ReadStore;
    let position = 0;

    /** Commits as runner "test", moving its checkpoint one step on from where it stands. */
    const commit = async (...writes: ReadWrite[]) => commitAll(writes);
    const commitAll = async (writes: ReadWrite[]) => {
      const expected = await store.getCheckpoint('test');
      await store.commit(writes, { name: 'test', expected, next: `p${++position}` });
    };

    beforeEach(async () => {
      sut = await open();
      store = sut.store;
    });
    afterEach(async () => {
      await sut.dispose();
    });

    describe('documents', () => {
      it('reads null for a document never stored', async () => {
        expect(await store.getDocument('cases', 'missing')).toBeNull();
      });

      it('reads back a stored JSON document', async () => {
        const document = { title: '抽查', count: 3, ratio: 0.25, open: true, tags: ['a', 'b'], owner: null, nested: { deep: [1, { x: 'y' }] } };
        await commit(put('cases', 'c1', document));
        expect(await store.getDocument('cases', 'c1')).toEqual(document);
      });

      it('replaces a document as a whole on a second put', async () => {
        await commit(put('cases', 'c1', { a: 1, b: 2 }));
        await commit(put('cases', 'c1', { c: 3 }));
        expect(await store.getDocument('cases', 'c1')).toEqual({ c: 3 });
      });

      it('keeps collections apart, even when names contain separators', async () => {
        await commit(put('cases', 'x', 'in cases'), put('a:b', 'c', 'a:b / c'), put('a', 'b:c', 'a / b:c'));
        expect(await store.getDocument('units', 'x')).toBeNull();
        expect(await store.getDocument('a:b', 'c')).toBe('a:b / c');
        expect(await store.getDocument('a', 'b:c')).toBe('a / b:c');
      });

      it('reads many documents in the order asked, with null for the missing ones', async () => {
        await commit(put('cases', 'c1', { n: 1 }), put('cases', 'c3', { n: 3 }));
        expect(await store.getDocuments('cases', ['c3', 'missing', 'c1'])).toEqual([{ n: 3 }, null, { n: 1 }]);
        expect(await store.getDocuments('cases', [])).toEqual([]);
      });

      it('deletes a document, and deleting a missing one changes nothing', async () => {
        await commit(put('cases', 'c1', { n: 1 }), put('cases', 'c2', { n: 2 }));
        await commit(del('cases', 'c1'), del('cases', 'never-stored'));
        expect(await store.getDocuments('cases', ['c1', 'c2'])).toEqual([null, { n: 2 }]);
      });

      it('hands out copies: changing a returned or committed object does not change what is stored', async () => {
        const original = { list: [1, 2] };
        await commit(put('cases', 'c1', original));
        original.list.push(99);
        const first = await store.getDocument<{ list: number[] }>('cases', 'c1');
        first!.list.push(100);
        const [many] = await store.getDocuments<{ list: number[] }>('cases', ['c1']);
        many!.list.push(101);
        expect(await store.getDocument('cases', 'c1')).toEqual({ list: [1, 2] });
      });
    });

    describe('counters', () => {
      it('reads 0 for a counter never incremented', async () => {
        expect(await store.getCounter('missing')).toBe(0);
      });

      it('adds increments, negative ones included, across and within batches', async () => {
        await commit(incr('open-cases', 5), incr('open-cases', 2));
        await commit(incr('open-cases', -10));
        expect(await store.getCounter('open-cases')).toBe(-3);
      });

      it('keeps counters, documents and indexes of the same name apart', async () => {
        await commit(incr('same', 7), put('same', 'same', { doc: true }), add('same', 'm', 1), put('counter', 'same', 'doc'));
        expect(await store.getCounter('same')).toBe(7);
        expect(await store.getDocument('same', 'same')).toEqual({ doc: true });
        expect(await store.rangeIndex('same')).toEqual([{ member: 'm', score: 1 }]);
      });
    });

    describe('sorted indexes', () => {
      const seed = () => commit(add('due', 'c', 30), add('due', 'a', 10), add('due', 'e', 50), add('due', 'b', 20), add('due', 'd', 40));
      const members = async (options?: Parameters<ReadStore['rangeIndex']>[1]) => (await store.rangeIndex('due', options)).map((e) => e.member);

      it('reads an empty range and size 0 for an index never written', async () => {
        expect(await store.rangeIndex('missing')).toEqual([]);
        expect(await store.indexSize('missing')).toBe(0);
      });

      it('ranges members by ascending score with their scores', async () => {
        await seed();
        expect(await store.rangeIndex('due')).toEqual([
          { member: 'a', score: 10 },
          { member: 'b', score: 20 },
          { member: 'c', score: 30 },
          { member: 'd', score: 40 },
          { member: 'e', score: 50 },
        ]);
        expect(await store.indexSize('due')).toBe(5);
      });

      it('ranges highest score first when reversed', async () => {
        await seed();
        expect(await members({ reverse: true })).toEqual(['e', 'd', 'c', 'b', 'a']);
      });

      it('treats min and max as inclusive bounds', async () => {
        await seed();
        expect(await members({ min: 20, max: 40 })).toEqual(['b', 'c', 'd']);
        expect(await members({ min: 20, max: 40, reverse: true })).toEqual(['d', 'c', 'b']);
        expect(await members({ min: 41 })).toEqual(['e']);
        expect(await members({ max: 9 })).toEqual([]);
        expect(await members({ min: 40, max: 20 })).toEqual([]);
      });

      it('applies offset and limit within the bounds, in the direction asked', async () => {
        await seed();
        expect(await members({ min: 20, offset: 1, limit: 2 })).toEqual(['c', 'd']);
        expect(await members({ reverse: true, limit: 2 })).toEqual(['e', 'd']);
        expect(await members({ max: 40, offset: 1, limit: 1, reverse: true })).toEqual(['c']);
        expect(await members({ offset: 4, limit: 10 })).toEqual(['e']);
        expect(await members({ offset: 5 })).toEqual([]);
        expect(await members({ limit: 0 })).toEqual([]);
      });

      it('orders equal scores by member, reversed when the range is', async () => {
        await commit(add('due', 'beta', 1), add('due', 'gamma', 1), add('due', 'alpha', 1), add('due', 'first', 0));
        expect(await members()).toEqual(['first', 'alpha', 'beta', 'gamma']);
        expect(await members({ reverse: true })).toEqual(['gamma', 'beta', 'alpha', 'first']);
        expect(await members({ min: 1, offset: 1, limit: 1 })).toEqual(['beta']);
      });

      it('moves a re-added member to its new score without counting it twice', async () => {
        await seed();
        await commit(add('due', 'a', 35));
        expect(await members()).toEqual(['b', 'c', 'a', 'd', 'e']);
        expect(await store.indexSize('due')).toBe(5);
      });

      it('removes members, and removing a missing one changes nothing', async () => {
        await seed();
        await commit(remove('due', 'c'), remove('due', 'never-added'), remove('missing-index', 'x'));
        expect(await members()).toEqual(['a', 'b', 'd', 'e']);
        expect(await store.indexSize('due')).toBe(4);
      });

      it('keeps negative, fractional and millisecond-timestamp scores exact', async () => {
        const scores = [-2.5, 0.1, 1_767_225_600_000, Number.MAX_SAFE_INTEGER, -1e-9];
        await commit(...scores.map((score, i) => add('due', `m${i}`, score)));
        const entries = await store.rangeIndex('due');
        expect(entries.map((e) => e.score)).toEqual([...scores].sort((a, b) => a - b));
      });

      it('refuses offsets and limits that are not non-negative integers', async () => {
        await expect(store.rangeIndex('due', { offset: -1 })).rejects.toThrow(RangeError);
        await expect(store.rangeIndex('due', { limit: 1.5 })).rejects.toThrow(RangeError);
      });
    });

    describe('checkpoints and commits', () => {
      it('applies a large batch as written: writes to one row in their order, whatever else the batch holds', async () => {
        // a store may reorder a large batch by row for speed (the SQLite store does from 256 writes on)
        const filler = Array.from({ length: 600 }, (_, i) => [put('cases', `f${599 - i}`, { i }), incr(`q${i % 7}`, 1), add(`h${599 - i}`, 'm', i)]).flat();
        await commit(
          ...filler.slice(0, 900),
          put('cases', 'c1', { v: 1 }),
          add('due', 'a', 1),
          ...filler.slice(900),
          del('cases', 'c1'),
          remove('due', 'a'),
          put('cases', 'c2', { v: 1 }),
          add('due', 'b', 1),
          put('cases', 'c2', { v: 2 }),
          add('due', 'b', 5),
        );
        expect(await store.getDocuments('cases', ['c1', 'c2', 'f0', 'f599'])).toEqual([null, { v: 2 }, { i: 599 }, { i: 0 }]);
        expect(await store.rangeIndex('due')).toEqual([{ member: 'b', score: 5 }]);
        expect(await store.getCounter('q0')).toBe(86);
        expect(await store.indexSize('h17')).toBe(1);
      });

      it('has no checkpoint before the first commit', async () => {
        expect(await store.getCheckpoint('runner')).toBeNull();
      });

      it('moves the checkpoint with each commit, one per runner name', async () => {
        await store.commit([], { name: 'runner', expected: null, next: '10' });
        await store.commit([put('cases', 'c1', {})], { name: 'runner', expected: '10', next: '20' });
        await store.commit([], { name: 'other', expected: null, next: '5' });
        expect(await store.getCheckpoint('runner')).toBe('20');
        expect(await store.getCheckpoint('other')).toBe('5');
      });

      describe.each<[string, CheckpointUpdate, string | null]>([
        ['a stale checkpoint', { name: 'runner', expected: '5', next: '30' }, '10'],
        ['none when one is stored', { name: 'runner', expected: null, next: '30' }, '10'],
        ['one when none is stored', { name: 'fresh', expected: '10', next: '30' }, null],
      ])('a commit expecting %s', (_, update, stored) => {
        it('is refused with CheckpointConflictError and applies nothing of its batch', async () => {
          await store.commit([put('cases', 'c1', { v: 1 }), incr('n', 1), add('due', 'a', 1)], { name: 'runner', expected: null, next: '10' });
          const error = await store
            .commit([put('cases', 'c1', { v: 2 }), put('cases', 'c2', {}), incr('n', 1), add('due', 'b', 2), remove('due', 'a')], update)
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(CheckpointConflictError);
          expect(error).toMatchObject({ checkpoint: update.name, expected: update.expected, actual: stored });
          expect(await store.getCheckpoint(update.name)).toBe(stored);
          expect(await store.getDocuments('cases', ['c1', 'c2'])).toEqual([{ v: 1 }, null]);
          expect(await store.getCounter('n')).toBe(1);
          expect(await store.rangeIndex('due')).toEqual([{ member: 'a', score: 1 }]);
        });
      });

      it('lets exactly one of two concurrent commits from the same checkpoint land', async () => {
        const outcomes = await Promise.allSettled([
          store.commit([put('cases', 'c1', 'first')], { name: 'runner', expected: null, next: 'first' }),
          store.commit([put('cases', 'c1', 'second')], { name: 'runner', expected: null, next: 'second' }),
        ]);
        const landed = outcomes.findIndex((o) => o.status === 'fulfilled');
        const refused = outcomes.filter((o) => o.status === 'rejected');
        expect(refused).toHaveLength(1);
        expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(CheckpointConflictError);
        const winner = ['first', 'second'][landed];
        expect(await store.getCheckpoint('runner')).toBe(winner);
        expect(await store.getDocument('cases', 'c1')).toBe(winner);
      });

      describe.each<[string, ReadWrite]>([
        ['a fractional increment', incr('n', 1.5)],
        ['a NaN increment', incr('n', NaN)],
        ['an infinite score', add('due', 'x', Infinity)],
        ['a NaN score', add('due', 'x', NaN)],
        ['an undefined document', put('cases', 'bad', undefined)],
        ['a bigint in a document', put('cases', 'bad', { big: 1n })],
        [
          'a circular document',
          put(
            'cases',
            'bad',
            (() => {
              const o: Record<string, unknown> = {};
              o.self = o;
              return o;
            })(),
          ),
        ],
      ])('a batch containing %s', (_, invalid) => {
        it('is refused with an Error, applying nothing and leaving the checkpoint', async () => {
          await commit(put('cases', 'c1', { v: 1 }));
          const before = await store.getCheckpoint('test');
          const error = await store
            .commit([put('cases', 'c1', { v: 2 }), incr('n', 1), add('due', 'a', 1), invalid, put('cases', 'after', {})], {
              name: 'test',
              expected: before,
              next: 'next',
            })
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(Error);
          expect(error).not.toBeInstanceOf(CheckpointConflictError);
          expect(await store.getCheckpoint('test')).toBe(before);
          expect(await store.getDocuments('cases', ['c1', 'after', 'bad'])).toEqual([{ v: 1 }, null, null]);
          expect(await store.getCounter('n')).toBe(0);
          expect(await store.indexSize('due')).toBe(0);
        });
      });

      it('applies the writes of a batch in order', async () => {
        await commit(
          put('cases', 'gone', { v: 1 }),
          del('cases', 'gone'),
          put('cases', 'twice', { v: 1 }),
          put('cases', 'twice', { v: 2 }),
          del('cases', 'back'),
          put('cases', 'back', { v: 3 }),
        );
        await commit(add('due', 'removed', 1), remove('due', 'removed'), add('due', 'moved', 1), add('due', 'moved', 2));
        expect(await store.getDocuments('cases', ['gone', 'twice', 'back'])).toEqual([null, { v: 2 }, { v: 3 }]);
        expect(await store.rangeIndex('due')).toEqual([{ member: 'moved', score: 2 }]);
      });

      it('commits a batch of 10,000 writes at once', async () => {
        const writes = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? put('bulk', `d${i}`, { i }) : add('bulk', `m${i}`, i)));
        await store.commit(writes, { name: 'bulk', expected: null, next: 'done' });
        expect(await store.getCheckpoint('bulk')).toBe('done');
        expect(await store.getDocument('bulk', 'd9998')).toEqual({ i: 9998 });
        expect(await store.indexSize('bulk')).toBe(5_000);
      });
    });

    describe('member sets', () => {
      it('lists the members of one set in the order they were first added to any set of the universe', async () => {
        await commit(setAdd('all', 'b'), setAdd('all', 'a'));
        await commit(setAdd('area:431102', 'c'), setAdd('all', 'c'), setAdd('area:431102', 'a'));
        expect(await store.intersectSets('targets', ['all'])).toEqual({ total: 3, members: ['b', 'a', 'c'] });
        expect(await store.intersectSets('targets', ['area:431102'])).toEqual({ total: 2, members: ['a', 'c'] });
      });

      it('intersects sets, pages forwards and backwards, and counts the whole intersection', async () => {
        const writes: ReadWrite[] = [];
        for (let i = 0; i < 10; i++)
          writes.push(setAdd('all', `t${i}`), ...(i % 2 === 0 ? [setAdd('even', `t${i}`)] : []), ...(i % 3 === 0 ? [setAdd('third', `t${i}`)] : []));
        await commit(...writes);
        expect(await store.intersectSets('targets', ['all', 'even', 'third'])).toEqual({ total: 2, members: ['t0', 't6'] });
        expect(await store.intersectSets('targets', ['even'], { offset: 1, limit: 2 })).toEqual({ total: 5, members: ['t2', 't4'] });
        expect(await store.intersectSets('targets', ['even'], { offset: 1, limit: 2, reverse: true })).toEqual({ total: 5, members: ['t6', 't4'] });
        expect(await store.intersectSets('targets', ['even'], { offset: 9 })).toEqual({ total: 5, members: [] });
      });

      it('removes members, keeps re-added members at their first number, and ignores removing a stranger', async () => {
        await commit(setAdd('s', 'a'), setAdd('s', 'b'), setAdd('s', 'c'));
        await commit(setRemove('s', 'a'), setRemove('s', 'nobody'), setRemove('never-made', 'b'));
        expect(await store.intersectSets('targets', ['s'])).toEqual({ total: 2, members: ['b', 'c'] });
        await commit(setAdd('s', 'a'));
        expect(await store.intersectSets('targets', ['s'])).toEqual({ total: 3, members: ['a', 'b', 'c'] });
        expect(await store.intersectSets('targets', ['empty'])).toEqual({ total: 0, members: [] });
      });

      it('keeps universes apart', async () => {
        await commit(setAdd('s', 'x', 'targets'), setAdd('s', 'y', 'inspectors'));
        expect(await store.intersectSets('targets', ['s'])).toEqual({ total: 1, members: ['x'] });
        expect(await store.intersectSets('inspectors', ['s'])).toEqual({ total: 1, members: ['y'] });
      });

      it('holds sets spanning several chunks, dense and sparse, with members added out of order', async () => {
        const n = 70_000;
        const writes: ReadWrite[] = [];
        for (let i = 0; i < n; i++) writes.push(setAdd('all', `m${i}`));
        // i = 69999, 69992, … (all i ≡ 6 mod 7), added from the top down
        for (let i = n - 1; i >= 0; i -= 7) writes.push(setAdd('sevens', `m${i}`));
        for (let i = 0; i < n; i += 50_000) writes.push(setAdd('sparse', `m${i}`));
        await commitAll(writes);
        expect((await store.intersectSets('targets', ['all'], { limit: 0 })).total).toBe(n);
        expect(await store.intersectSets('targets', ['sevens', 'sparse'])).toEqual({ total: 1, members: ['m50000'] });
        expect(await store.intersectSets('targets', ['all', 'sevens'], { offset: 5_000, limit: 2 })).toEqual({ total: 10_000, members: ['m35006', 'm35013'] });
        const removals: ReadWrite[] = [];
        for (let i = 6; i < n; i += 14) removals.push(setRemove('sevens', `m${i}`));
        await commitAll(removals);
        expect(await store.intersectSets('targets', ['sevens'], { limit: 2 })).toEqual({ total: 5_000, members: ['m13', 'm27'] });
      }, 90_000); // 70,000 writes: past the default 30 s on a loaded machine

      it('applies nothing of a refused batch', async () => {
        await commit(setAdd('s', 'a'));
        await expect(store.commit([setAdd('s', 'b'), setAdd('t', 'c')], { name: 'test', expected: 'stale', next: 'x' })).rejects.toBeInstanceOf(
          CheckpointConflictError,
        );
        await expect(commit(setAdd('s', 'b'), setAdd('', 'c'))).rejects.toThrow(/universe and set/);
        expect(await store.intersectSets('targets', ['s'])).toEqual({ total: 1, members: ['a'] });
        await commit(setAdd('s', 'd'));
        expect(await store.intersectSets('targets', ['s'])).toEqual({ total: 2, members: ['a', 'd'] });
      });

      it('refuses a query without sets or with a bad page', async () => {
        await expect(store.intersectSets('targets', [])).rejects.toThrow(RangeError);
        await expect(store.intersectSets('targets', ['s'], { offset: -1 })).rejects.toThrow(RangeError);
      });
    });

    describe('leases and fencing', () => {
      it('excludes every other owner until the lease expires', async () => {
        const token = await store.acquireLease('runner', 'a', TTL);
        expect(token).toEqual(expect.any(Number));
        expect(await store.acquireLease('runner', 'b', TTL)).toBeNull();
        expect(await store.acquireLease('other-runner', 'b', TTL)).toEqual(expect.any(Number));
        await sleep(TTL + 50);
        expect(await store.acquireLease('runner', 'b', TTL)).toBeGreaterThan(token!);
      });

      it('is extended by a renewal, which only the holder with the current token can make', async () => {
        // a longer lease here: renewals half a TTL apart must not miss it on a loaded machine (CI
        // ran a 75 ms sleep past a 150 ms lease); three of them still outlast the first lease
        const ttl = 1000;
        const token = (await store.acquireLease('runner', 'a', ttl))!;
        for (let i = 0; i < 3; i++) {
          await sleep(ttl * 0.4);
          expect(await store.renewLease('runner', 'a', token, ttl)).toBe(true);
        }
        expect(await store.acquireLease('runner', 'b', TTL)).toBeNull();
        expect(await store.renewLease('runner', 'b', token, TTL)).toBe(false);
        expect(await store.renewLease('runner', 'a', token + 1, TTL)).toBe(false);
      });

      it('tells who holds it until it is released or expires (what /health asks of a projector it does not run)', async () => {
        expect(await store.leaseHolder('runner')).toBeNull();
        const token = (await store.acquireLease('runner', 'a', TTL))!;
        const held = await store.leaseHolder('runner');
        expect(held).toMatchObject({ owner: 'a', token });
        expect(held!.expiresInMs).toBeGreaterThan(0);
        expect(held!.expiresInMs).toBeLessThanOrEqual(TTL);
        await store.releaseLease('runner', 'a', token);
        expect(await store.leaseHolder('runner')).toBeNull();
        await store.acquireLease('runner', 'b', TTL);
        await sleep(TTL + 50);
        expect(await store.leaseHolder('runner')).toBeNull();
      });

      it('cannot be renewed once expired', async () => {
        const token = (await store.acquireLease('runner', 'a', TTL))!;
        await sleep(TTL + 50);
        expect(await store.renewLease('runner', 'a', token, TTL)).toBe(false);
      });

      it('hands out a higher token on every acquisition, the same owner re-acquiring included', async () => {
        const first = (await store.acquireLease('runner', 'a', TTL))!;
        const again = (await store.acquireLease('runner', 'a', TTL))!;
        expect(again).toBeGreaterThan(first);
        await store.releaseLease('runner', 'a', again);
        expect(await store.acquireLease('runner', 'b', TTL)).toBeGreaterThan(again);
      });

      it('lets another owner take over at once after a release, but not after a release with a stale token', async () => {
        const first = (await store.acquireLease('runner', 'a', TTL))!;
        const second = (await store.acquireLease('runner', 'a', TTL))!;
        await store.releaseLease('runner', 'a', first);
        expect(await store.acquireLease('runner', 'b', TTL)).toBeNull();
        await store.releaseLease('runner', 'a', second);
        expect(await store.acquireLease('runner', 'b', TTL)).toBeGreaterThan(second);
      });

      it('commits a batch fenced with the current token', async () => {
        const token = (await store.acquireLease('runner', 'a', TTL))!;
        await store.commit([put('cases', 'c1', { v: 1 })], { name: 'runner', expected: null, next: '10', fence: { lease: 'runner', token } });
        expect(await store.getCheckpoint('runner')).toBe('10');
        expect(await store.getDocument('cases', 'c1')).toEqual({ v: 1 });
      });

      const refusedAndUnapplied = async (token: number, current: number | null) => {
        const error = await store
          .commit([put('cases', 'c1', { v: 2 }), incr('n', 1), add('due', 'b', 2)], {
            name: 'runner',
            expected: '10',
            next: '20',
            fence: { lease: 'runner', token },
          })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(LeaseLostError);
        expect(error).toMatchObject({ lease: 'runner', token, current });
        expect(await store.getCheckpoint('runner')).toBe('10');
        expect(await store.getDocument('cases', 'c1')).toEqual({ v: 1 });
        expect(await store.getCounter('n')).toBe(1);
        expect(await store.rangeIndex('due')).toEqual([{ member: 'a', score: 1 }]);
      };
      const commitFirstBatch = (token: number) =>
        store.commit([put('cases', 'c1', { v: 1 }), incr('n', 1), add('due', 'a', 1)], {
          name: 'runner',
          expected: null,
          next: '10',
          fence: { lease: 'runner', token },
        });

      it('refuses a batch fenced with a stale token, though its checkpoint is current, and applies none of it', async () => {
        const stale = (await store.acquireLease('runner', 'a', TTL))!;
        await commitFirstBatch(stale);
        await sleep(TTL + 50);
        const current = (await store.acquireLease('runner', 'b', TTL))!;
        await refusedAndUnapplied(stale, current);
      });

      it('refuses a batch fenced with a token whose lease expired or was released, nobody holding it since', async () => {
        const token = (await store.acquireLease('runner', 'a', TTL))!;
        await commitFirstBatch(token);
        await sleep(TTL + 50);
        await refusedAndUnapplied(token, null);
        const next = (await store.acquireLease('runner', 'a', TTL))!;
        await store.releaseLease('runner', 'a', next);
        await refusedAndUnapplied(next, null);
      });

      it('keeps leases and their tokens through clear, so a rebuild under a lease goes on committing', async () => {
        const token = (await store.acquireLease('runner', 'a', TTL * 10))!;
        await store.clear();
        expect(await store.acquireLease('runner', 'b', TTL)).toBeNull();
        await store.commit([], { name: 'runner', expected: null, next: '1', fence: { lease: 'runner', token } });
        await store.releaseLease('runner', 'a', token);
        await store.clear();
        expect(await store.acquireLease('runner', 'b', TTL)).toBeGreaterThan(token);
      });

      it('still checks the checkpoint of a fenced commit', async () => {
        const token = (await store.acquireLease('runner', 'a', TTL))!;
        const error = await store.commit([], { name: 'runner', expected: '5', next: '10', fence: { lease: 'runner', token } }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CheckpointConflictError);
      });
    });

    describe('clear', () => {
      it('removes every document, counter, index, member set and checkpoint', async () => {
        await commit(setAdd('s', 'a'));
        await store.clear();
        expect(await store.intersectSets('targets', ['s'])).toEqual({ total: 0, members: [] });
        await commit(setAdd('s', 'b'));
        expect(await store.intersectSets('targets', ['s'])).toEqual({ total: 1, members: ['b'] });
        await commit(put('cases', 'c1', {}), incr('n', 3), add('due', 'a', 1));
        await store.commit([], { name: 'other', expected: null, next: 'x' });
        await store.clear();
        expect(await store.getDocument('cases', 'c1')).toBeNull();
        expect(await store.getCounter('n')).toBe(0);
        expect(await store.indexSize('due')).toBe(0);
        expect(await store.getCheckpoint('test')).toBeNull();
        expect(await store.getCheckpoint('other')).toBeNull();
      });

      it('leaves a store that a rebuild can commit to from no checkpoint', async () => {
        await commit(put('cases', 'c1', { v: 1 }));
        await store.clear();
        await store.commit([put('cases', 'c1', { v: 2 })], { name: 'test', expected: null, next: 'rebuilt' });
        expect(await store.getDocument('cases', 'c1')).toEqual({ v: 2 });
      });
    });

    it('answers ping while available', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
