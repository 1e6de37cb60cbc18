import { duration, progressBar, rate } from './progress';

/** A stream that records what is written; a terminal when `isTTY`. */
function stream(isTTY: boolean) {
  const written: string[] = [];
  const fake = { isTTY, columns: 120, write: (chunk: string) => (written.push(chunk), true), cursorTo: () => true, clearLine: () => true, moveCursor: () => true, on: () => fake, removeListener: () => fake };
  return { fake: fake as unknown as NodeJS.WriteStream, text: () => written.join('') };
}

describe('progress', () => {
  it('draws a bar with the share done and the events when stderr is a terminal', () => {
    const { fake, text } = stream(true);
    const bar = progressBar('verify-log', true, fake);
    bar.update(12_345, 0.5);
    bar.stop();
    expect(text()).toMatch(/verify-log .*50% \| 12,345 events \| [\d,–]+ events\/s/);
  });

  it('stays quiet when stderr is not a terminal, or with --no-progress', () => {
    for (const [isTTY, enabled] of [
      [false, true],
      [true, false],
    ]) {
      const { fake, text } = stream(isTTY);
      const bar = progressBar('rebuild', enabled, fake);
      bar.update(10, 0.1);
      bar.stop();
      expect(text()).toBe('');
    }
  });

  it('writes durations and rates as an operator reads them', () => {
    expect([duration(840), duration(12_340), duration(245_000)]).toEqual(['840 ms', '12.3 s', '4 min 05 s']);
    expect([rate(1_000_000, 16_000), rate(5, 0)]).toEqual(['62,500', '–']);
  });
});
