import { StreamTail, StreamTails } from './stream-tails';

const hex = (n: number) => n.toString(16).padStart(64, '0');
const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-5000-8000-${n.toString(16).padStart(12, '0')}`;
const tailOf = (stream: string, n: number): StreamTail => ({
  revision: n % 5,
  hash: hex(n),
  at: { position: `${n + 1}/${n + 1}`, leafIndex: n, stream, revision: n % 5, id: uuid(n) },
});

describe('stream tails', () => {
  it('should give back every tail set, across many streams and every growth of the table', () => {
    const tails = new StreamTails();
    const streams = Array.from({ length: 5000 }, (_, n) => (n % 3 ? `target-${n}` : `部门-零陵-${n}`));
    streams.forEach((stream, n) => tails.set(stream, tailOf(stream, n)));
    streams.forEach((stream, n) => tails.set(stream, tailOf(stream, n + 7)));
    expect(tails.size).toBe(5000);
    streams.forEach((stream, n) => expect(tails.get(stream)).toEqual(tailOf(stream, n + 7)));
    expect(tails.get('target-5000')).toBeUndefined();
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
