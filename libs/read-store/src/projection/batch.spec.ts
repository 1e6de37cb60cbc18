/**
 * One batch, one commit: the writes of a batch are its changes folded in event order, so that a
 * batch writes each thing once and a rebuild does not repeat what the next event overwrites.
 */
import { RecordedEvent } from '@app/event-store';
import { MemoryReadStore } from '../memory/memory-read-store';
import { Projection, ReadChange, incr, indexAdd, indexRemove, replace, setAdd, setRemove, update } from './projection';
import { writesForBatch } from './batch';

const eventOf = (n: number): RecordedEvent => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  stream: 's',
  revision: n - 1,
  position: { commit: BigInt(n), prepare: BigInt(n) },
  type: 'Happened',
  schemaVersion: 1,
  data: { n },
  metadata: {} as RecordedEvent['metadata'],
});

/** A projection that makes, for event n, the changes `changesOf(n)`. */
const projecting = (changesOf: (n: number) => ReadChange[]): Projection => ({
  name: 'p',
  eventTypes: ['Happened'],
  project: (event) => changesOf((event.data as { n: number }).n),
});

const writesOf = (events: number, changesOf: (n: number) => ReadChange[], store = new MemoryReadStore()) =>
  writesForBatch(
    Array.from({ length: events }, (_, i) => eventOf(i + 1)),
    [projecting(changesOf)],
    store,
  );

describe('the writes of one batch', () => {
  it('write an index entry once, as the last event left it', async () => {
    const writes = await writesOf(3, (n) => (n < 3 ? [indexAdd('deadlines:all', 'department:d', n)] : [indexRemove('deadlines:all', 'department:d')]));
    expect(writes).toEqual([{ op: 'index-remove', index: 'deadlines:all', member: 'department:d' }]);
    expect(await writesOf(2, (n) => [indexAdd('deadlines:all', 'department:d', n)])).toEqual([
      { op: 'index-add', index: 'deadlines:all', member: 'department:d', score: 2 },
    ]);
  });

  it('add up the increments of a counter, and write none that add up to nothing', async () => {
    expect(await writesOf(4, () => [incr('targets'), incr('visits', 2)])).toEqual([
      { op: 'incr', counter: 'targets', by: 4 },
      { op: 'incr', counter: 'visits', by: 8 },
    ]);
    expect(await writesOf(2, (n) => [incr('open', n === 1 ? 1 : -1)])).toEqual([]);
  });

  it('keep the set writes in event order, for a member added and removed again', async () => {
    expect(await writesOf(2, (n) => [n === 1 ? setAdd('targets', 'all', 't1') : setRemove('targets', 'all', 't1')])).toEqual([
      { op: 'set-add', universe: 'targets', set: 'all', member: 't1' },
      { op: 'set-remove', universe: 'targets', set: 'all', member: 't1' },
    ]);
  });

  it('fold a document through every update from what the store holds', async () => {
    const store = new MemoryReadStore();
    await store.commit([{ op: 'put', collection: 'c', id: 'x', document: { seen: [0] } }], { name: 'r', expected: null, next: '0' });
    const writes = await writesOf(3, (n) => [update<{ seen: number[] }>('c', 'x', (current) => ({ seen: [...(current?.seen ?? []), n] }))], store);
    expect(writes).toEqual([{ op: 'put', collection: 'c', id: 'x', document: { seen: [0, 1, 2, 3] } }]);
  });

  describe('a document replaced whole (a registration stating its facts afresh)', () => {
    const seen = (n: number) => update<{ seen: number[] }>('c', 'x', (current) => ({ seen: [...(current?.seen ?? []), n] }));
    const stored = async () => {
      const store = new MemoryReadStore();
      await store.commit([{ op: 'put', collection: 'c', id: 'x', document: { seen: [0] } }], { name: 'r', expected: null, next: '0' });
      const read: string[] = [];
      const getDocuments = store.getDocuments.bind(store);
      store.getDocuments = async <T>(collection: string, ids: readonly string[]) => {
        read.push(...ids.map((id) => `${collection}/${id}`));
        return getDocuments<T>(collection, ids);
      };
      return { store, read };
    };

    it('is not read from the store when the batch replaces it first, and later updates fold onto the replacement', async () => {
      const { store, read } = await stored();
      const writes = await writesOf(3, (n) => [n === 1 ? replace('c', 'x', { seen: [10] }) : seen(n)], store);
      expect(read).toEqual([]);
      expect(writes).toEqual([{ op: 'put', collection: 'c', id: 'x', document: { seen: [10, 2, 3] } }]);
    });

    it('is read when an update comes before the replacement in the batch, and the replacement still wins', async () => {
      const { store, read } = await stored();
      const writes = await writesOf(2, (n) => [n === 1 ? seen(1) : replace('c', 'x', { seen: [20] })], store);
      expect(read).toEqual(['c/x']);
      expect(writes).toEqual([{ op: 'put', collection: 'c', id: 'x', document: { seen: [20] } }]);
    });
  });
});
