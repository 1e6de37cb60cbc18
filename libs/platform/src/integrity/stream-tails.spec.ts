import { StreamTail, StreamTails } from './stream-tails';

const hex = (n: number) => n.toString(16).padStart(64, '0');
const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-5000-8000-${n.toString(16).padStart(12, '0')}`;
const tailOf = (stream: string, n: number): StreamTail => ({
  revision: n % 5,
  hash: hex(n),
  at: { position: `${n + 1}/${n + 1}`, leafIndex: n, stream, revision: n % 5, id: uuid(n) },
});

describe('stream tails', () => {
  it('should give back every tail set, across many streams, every growth of the table and two chunks', () => {
    const tails = new StreamTails();
    const streams = Array.from({ length: 70_000 }, (_, n) => (n % 3 ? `target-${n}` : `部门-零陵-${n}`));
    streams.forEach((stream, n) => tails.set(stream, tailOf(stream, n)));
    streams.forEach((stream, n) => tails.set(stream, tailOf(stream, n + 7)));
    expect(tails.size).toBe(70_000);
    // plain comparison: 70,000 expect() calls would take the test longer than the tails take
    const wrong = streams.filter((stream, n) => JSON.stringify(tails.get(stream)) !== JSON.stringify(tailOf(stream, n + 7)));
    expect(wrong).toEqual([]);
    expect(tails.get(streams[66_000])).toEqual(tailOf(streams[66_000], 66_007));
    expect(tails.get('target-70000')).toBeUndefined();
    expect(tails.get('')).toBeUndefined();
  });

  it('should keep values in unusual forms as they are: a tampered row may hold anything', () => {
    const tails = new StreamTails();
    const odd = {
      revision: '3' as unknown as number,
      hash: 'ABC',
      at: { position: '5/6', leafIndex: 4, stream: 's', revision: '3' as unknown as number, id: 'not-a-uuid' },
    };
    tails.set('s', odd);
    expect(tails.get('s')).toEqual(odd);
    tails.set('s', tailOf('s', 9));
    expect(tails.get('s')).toEqual(tailOf('s', 9));
  });
});
