import { Presets, SingleBar } from 'cli-progress';

/** A progress bar for a long command: `update` as work advances, `stop` before printing the result. */
export interface Progress {
  update(events: number, fraction: number | null): void;
  stop(): void;
}

const NONE: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A bar on stderr, drawn only when stderr is a terminal and the operator did not pass
 * --no-progress: redirected to a file, a pipe or a CI log, the command stays quiet and prints its
 * summary alone on stdout.
 */
export function progressBar(label: string, enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!enabled || !stream.isTTY) return NONE;
  const bar = new SingleBar(
    { format: `${label} {bar} {percentage}% | {events} events | {rate} | eta {eta_formatted}`, hideCursor: true, stream, fps: 10, etaBuffer: 50 },
    Presets.shades_classic,
  );
  const started = Date.now();
  let running = false;
  return {
    update(events, fraction) {
      const payload = { events: events.toLocaleString('en-US'), rate: `${rate(events, Date.now() - started)} events/s` };
      if (!running) {
        bar.start(1000, 0, payload);
        running = true;
      }
      bar.update(fraction === null ? 0 : Math.round(fraction * 1000), payload);
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

/** Events per second, rounded, for a summary or a bar. */
export function rate(events: number, millis: number): string {
  return millis > 0 ? Math.round((events * 1000) / millis).toLocaleString('en-US') : '–';
}

/** A duration as an operator reads it: 840 ms, 12.3 s, 4 min 05 s. */
export function duration(millis: number): string {
  if (millis < 1000) return `${Math.round(millis)} ms`;
  if (millis < 60_000) return `${(millis / 1000).toFixed(1)} s`;
  const seconds = Math.round(millis / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}
