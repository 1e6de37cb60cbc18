import { Logger } from '@nestjs/common';
import { AppConfig, createRunner, openEventStore, openReadStore } from '@app/platform';
import { EventStore, Position } from '@app/event-store';
import { ProjectionStatus } from '@app/read-store';
import { duration, rate } from './progress';

/**
 * The runner's own log, for the cli: stdout is the command's report, so "caught up" and the like
 * are dropped and only warnings and errors are written, to stderr.
 */
class CliRunnerLogger extends Logger {
  override log(): void {}
  override warn(message: unknown): void {
    process.stderr.write(`warning: ${text(message)}\n`);
  }
  override error(message: unknown): void {
    process.stderr.write(`error: ${text(message)}\n`);
  }
}

function text(message: unknown): string {
  if (typeof message !== 'object' || message === null) return String(message);
  const { msg, ...rest } = message as { msg?: string };
  return Object.keys(rest).length > 0 ? `${msg ?? ''} ${JSON.stringify(rest)}` : String(msg);
}

type CommitHook = (status: { checkpoint: Position; events: number }) => void;

async function withRunner<T>(
  config: AppConfig,
  work: (runner: ReturnType<typeof createRunner>, eventStore: EventStore) => Promise<T>,
  onCommitted?: CommitHook,
): Promise<T> {
  const eventStore = await openEventStore(config);
  const readStore = await openReadStore(config).catch(async (error) => {
    await eventStore.close();
    throw error;
  });
  try {
    return await work(createRunner(eventStore, readStore, new CliRunnerLogger('rebuild'), undefined, undefined, onCommitted), eventStore);
  } finally {
    await Promise.allSettled([eventStore.close(), readStore.close()]);
  }
}

export interface RebuildReport {
  /** The log position the read models now stand at; null for an empty log. */
  readonly checkpoint: string | null;
  readonly millis: number;
  /** Events the projections applied. */
  readonly events: number;
  /** Where the log was read from and the read models written to, as the operator named them. */
  readonly eventStore: string;
  readonly readStore: string;
}

/**
 * Rebuilds from zero: the Redis read store when REDIS_URL is set, else DATA_DIR/read.db. A
 * running service notices that its checkpoint moved and resumes from the rebuilt one.
 * `onProgress` hears of every batch: events applied so far and the share of the log (by position) done.
 */
export async function rebuildReadModels(config: AppConfig, onProgress?: (events: number, fraction: number | null) => void): Promise<RebuildReport> {
  let events = 0;
  let head: Position | null = null;
  const onCommitted: CommitHook = (status) => {
    events += status.events;
    onProgress?.(events, head && head.commit > 0n ? Math.min(1, Number(status.checkpoint.commit) / Number(head.commit)) : null);
  };
  return withRunner(
    config,
    async (runner, eventStore) => {
      head = await eventStore.headPosition();
      const started = Date.now();
      await runner.rebuild();
      const status = await runner.status();
      return { checkpoint: status.checkpoint, millis: Date.now() - started, events, ...storesOf(config) };
    },
    onCommitted,
  );
}

function storesOf(config: AppConfig): { eventStore: string; readStore: string } {
  const redacted = (url: string) => url.replace(/\/\/[^@/]*@/, '//');
  return {
    eventStore: config.eventStoreUrl ? `EventStoreDB at ${redacted(config.eventStoreUrl)}` : `${config.dataDir}/events.db`,
    readStore: config.redisUrl ? `Redis at ${redacted(config.redisUrl)} (keys ${config.redisKeyPrefix}…)` : `${config.dataDir}/read.db`,
  };
}

/** What `cli rebuild` prints: the line scripts already read, then a summary for the operator. */
export function formatRebuild(report: RebuildReport): string {
  return [
    `rebuilt read models up to log position ${report.checkpoint ?? 'none (empty log)'} in ${report.millis} ms`,
    '',
    'summary',
    `  events applied  ${report.events.toLocaleString('en-US')} in ${duration(report.millis)} (${rate(report.events, report.millis)} events/s)`,
    `  log read from   ${report.eventStore}`,
    `  read models in  ${report.readStore}`,
    `  caught up to    ${report.checkpoint === null ? 'the start: the log is empty' : `log position ${report.checkpoint}`}`,
  ].join('\n');
}

export function projectionStatus(config: AppConfig): Promise<ProjectionStatus> {
  return withRunner(config, (runner) => runner.status());
}
