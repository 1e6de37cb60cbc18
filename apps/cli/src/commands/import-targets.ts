/**
 * `import-targets <file> --department <id>`: the bulk import of the target registry from the
 * console, straight into the event store (the same TargetImporter the API's upload uses). The
 * import is recorded under the person who ran it: `--token` (verified with the service's secret,
 * like an API call) or `--actor` and `--role` (an operator at the console, acting for the
 * department imported for).
 */
import { JwtService } from '@nestjs/jwt';
import { SingleBar, Presets } from 'cli-progress';
import { Actor, ROLES, Role } from '@app/domain';
import { EventStore } from '@app/event-store';
import { AppConfig, Clock, CommandRunner, Metrics, OrganisationDirectory, TokenClaims, openEventStore, systemClock } from '@app/platform';
import { TargetFileLimits, TargetImportRejected, targetFileAt } from '@app/platform/target-import/target-file';
import { ImportPhase, TargetImportOptions, TargetImportReport, TargetImporter } from '@app/platform/target-import/target-importer';

export interface ImportTargetsOptions {
  readonly department: string;
  readonly actor?: string;
  readonly role?: Role;
  readonly token?: string;
  readonly concurrency?: number;
  readonly progress?: boolean;
}

/** The import itself, on an open store: also what the benchmark runs. The file is read as a stream, never whole. */
export function importTargets(
  store: EventStore,
  clock: Clock,
  file: string,
  departmentId: string,
  actor: Actor,
  limits: TargetFileLimits,
  options: TargetImportOptions = {},
): Promise<TargetImportReport> {
  const directory = new OrganisationDirectory(new CommandRunner(store, clock, new Metrics()));
  return new TargetImporter(store, directory, clock, limits).import(targetFileAt(file), departmentId, actor, options);
}

/** Runs the command: reads the file, shows progress on stderr, and returns the text to print. */
export async function runImportTargets(config: AppConfig, file: string, options: ImportTargetsOptions): Promise<string> {
  const actor = await actorOf(config, options);
  const store = await openEventStore(config);
  // while checking, the number of rows is not known yet: the bar shows rows read
  const bar = new SingleBar({ format: '{phase} {progress} | {value}{of} rows', hideCursor: true, stream: process.stderr }, Presets.shades_classic);
  let phase: ImportPhase | null = null;
  const onProgress = (next: ImportPhase, done: number, total: number | null) => {
    if (next !== phase) {
      if (phase) bar.stop();
      phase = next;
      bar.start(total ?? done, 0, { phase: next.padEnd(9) });
    }
    if (total !== null) bar.setTotal(total);
    bar.update(done, total === null ? { progress: '', of: '' } : { progress: `[${Math.round((100 * done) / Math.max(total, 1))}%]`, of: `/${total}` });
  };
  try {
    const report = await importTargets(
      store,
      systemClock,
      file,
      options.department,
      actor,
      { maxRows: config.importMaxRows, maxUnpackedBytes: config.importMaxUnpackedBytes, maxCellChars: config.importMaxCellChars },
      {
        concurrency: options.concurrency,
        onProgress: options.progress === false ? undefined : onProgress,
      },
    );
    if (phase) bar.stop();
    return [
      `${report.replayed ? 'already imported, nothing appended' : 'imported'}: ${report.rows} rows — ${report.registered} new, ${report.changed} changed, ${report.unchanged} unchanged`,
      `recorded on ${report.stream}`,
    ].join('\n');
  } catch (error) {
    if (phase) bar.stop();
    if (error instanceof TargetImportRejected) {
      throw new Error([error.message, ...error.problems.map((p) => `  ${p.field}: ${p.reason}`)].join('\n'));
    }
    throw error;
  } finally {
    await store.close();
  }
}

async function actorOf(config: AppConfig, options: ImportTargetsOptions): Promise<Actor> {
  if (options.token) {
    if (options.actor || options.role) throw new Error('give either --token or --actor and --role, not both');
    const claims = await new JwtService({ secret: config.jwtSecret }).verifyAsync<TokenClaims>(options.token).catch((error: Error) => {
      throw new Error(`invalid token: ${error.message}`);
    });
    if (typeof claims.sub !== 'string' || typeof claims.unit !== 'string' || !ROLES.includes(claims.role))
      throw new Error('the token lacks subject, role or unit');
    return { id: claims.sub, role: claims.role, unit: claims.unit };
  }
  if (!options.actor || !options.role) throw new Error('say who is importing: --actor <id> --role <role>, or --token <token>');
  return { id: options.actor, role: options.role, unit: options.department };
}
