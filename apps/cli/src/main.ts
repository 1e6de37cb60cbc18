#!/usr/bin/env node
/**
 * Operator commands: `npm run cli -- <command>`, or `dsr <command>` once installed (package.json
 * `bin`). They talk to the stores named by the same environment as the service (DATA_DIR,
 * EVENTSTORE_URL, REDIS_URL, JWT_SECRET); each command's --help lists the settings it reads.
 */
import '@app/platform/runtime/young-generation';
import 'reflect-metadata';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
// only what parsing needs is loaded up front: a command loads its modules (Nest, the stores) when it
// runs, so that --help and a refused argument answer at once
import { RECORD_ID, RECORD_ID_MESSAGE } from '@app/platform/http/ids';
import { ROLES, Role } from '@app/domain/shared/actor';
import type { AppConfig } from '@app/platform';

async function config(): Promise<AppConfig> {
  return (await import('@app/platform')).loadConfig();
}

const program = new Command('dsr')
  .description('operator commands of the 双随机、一公开 audit trail')
  .showHelpAfterError()
  .addHelpText(
    'after',
    '\nSettings come from the environment, as for the service (README, docs/operations.md); every command\n' +
      "checks the whole environment as the service does and names a malformed setting. `<command> --help`\nlists the settings that command reads.",
  );

/** The settings the cli's commands read, as `--help` lists them. */
const SETTINGS = {
  DATA_DIR: 'the embedded stores (events.db, read.db) and the keys generated there; default ./data',
  EVENTSTORE_URL: 'esdb://… : EventStoreDB holds the event log instead of DATA_DIR/events.db',
  REDIS_URL: 'redis://… : Redis holds the read models instead of DATA_DIR/read.db',
  REDIS_KEY_PREFIX: "the read models' key prefix in Redis; default dsr:",
  JWT_SECRET: 'the HS256 secret tokens are signed with; default the one generated in DATA_DIR',
  TREE_HEAD_SIGNING_KEY: 'the Ed25519 key of the signed tree heads, whose public half checks them (unless --public-key); default the one in DATA_DIR',
  IMPORT_MAX_ROWS: 'rows one import takes; default 1000000',
  IMPORT_MAX_UNPACKED_BYTES: 'bytes an XLSX file may unpack to; default 2 GiB',
  IMPORT_MAX_CELL_CHARS: 'characters one cell may hold; default 32767',
  WITNESS_DATA_DIR: "the witness's storage (witness.db); default ./witness-data",
  PORT: 'the port of --url\'s default, http://localhost:$PORT; default 3000',
} as const;
type Setting = keyof typeof SETTINGS;

/** `--help` text naming the settings a command reads. */
function reads(...names: Setting[]): string {
  const width = Math.max(...names.map((n) => n.length));
  return `\nSettings read (environment):\n${names.map((n) => `  ${n.padEnd(width)}  ${SETTINGS[n]}`).join('\n')}`;
}

const STORE: Setting[] = ['DATA_DIR', 'EVENTSTORE_URL'];
const BOTH_STORES: Setting[] = ['DATA_DIR', 'EVENTSTORE_URL', 'REDIS_URL', 'REDIS_KEY_PREFIX'];

/** Subjects and units are record ids: they go into every event's metadata, the logs and the exports. */
function recordId(value: string): string {
  if (!RECORD_ID.test(value)) throw new InvalidArgumentError(RECORD_ID_MESSAGE);
  return value;
}

function role(value: string): Role {
  if (!ROLES.includes(value as Role)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return value as Role;
}

program
  .command('issue-token')
  .description('issue a bearer token for a local setup, signed with the service secret')
  .requiredOption('--sub <id>', 'the person the token identifies', recordId)
  .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, role)
  .requiredOption('--unit <unit>', 'the department the person acts for: its id, registered in the store (see below)', recordId)
  .option('--ttl <duration>', 'lifetime, e.g. 12h or 30d', '12h')
  .option('--no-check', "don't read the department registry: sign for any unit (a store this machine cannot reach, or a test)")
  .addHelpText(
    'after',
    `${reads('JWT_SECRET', 'DATA_DIR', 'EVENTSTORE_URL')}

The unit must be a department registered in the store DATA_DIR (or EVENTSTORE_URL) names; an
unknown unit is refused (exit 1). One exception bootstraps a new store: while no department is
registered at all, an admin token is issued for any unit, to register the first departments with.
--no-check skips the registry. Only the token goes to stdout: TOKEN=$(npm run -s cli -- issue-token …).`,
  )
  .action(async (options: { sub: string; role: Role; unit: string; ttl: string; check: boolean }) => {
    const { checkUnit, issueToken } = await import('./commands/issue-token');
    const settings = await config();
    if (options.check) {
      const check = await checkUnit(settings, options.unit, options.role);
      if (check.verdict === 'refused') throw new Error(check.message);
      if (check.verdict === 'bootstrap') process.stderr.write(`note: ${check.note}\n`);
    }
    process.stdout.write(`${await issueToken(settings, options)}\n`);
  });

program
  .command('rebuild')
  .description('clear every read model and replay the whole event log into it (stop the projector first)')
  .option('--no-progress', 'no progress bar (there is none unless stderr is a terminal)')
  .addHelpText('after', reads(...BOTH_STORES))
  .action(async (options: { progress: boolean }) => {
    const { formatRebuild, rebuildReadModels } = await import('./commands/projections');
    const { progressBar } = await import('./commands/progress');
    const bar = progressBar('rebuild', options.progress);
    const report = await rebuildReadModels(await config(), (events, fraction) => bar.update(events, fraction)).finally(() => bar.stop());
    process.stdout.write(`${formatRebuild(report)}\n`);
  });

program
  .command('status')
  .description('projection checkpoint, head of the log and lag')
  .addHelpText('after', reads(...BOTH_STORES))
  .action(async () => {
    const { projectionStatus } = await import('./commands/projections');
    process.stdout.write(`${JSON.stringify(await projectionStatus(await config()), null, 2)}\n`);
  });

program
  .command('import-targets')
  .description('import targets into the registry from a CSV or XLSX file (docs/target-import.md); a file with any bad row is refused whole')
  .argument('<file>', 'a .csv or .xlsx file')
  .requiredOption('--department <id>', 'the department that owns the targets (谁管辖、谁维护)')
  .option('--actor <id>', 'who is importing (with --role); recorded on every event')
  .option('--role <role>', `the importer's role: one of ${ROLES.join(', ')}`, role)
  .option('--token <token>', 'a bearer token instead of --actor and --role')
  .option('--concurrency <n>', 'rows decided and appended per batch (one transaction on the embedded store)', (v) => positiveInt(v), 2048)
  .option('--no-progress', 'no progress bar')
  .addHelpText('after', reads(...STORE, 'JWT_SECRET', 'IMPORT_MAX_ROWS', 'IMPORT_MAX_UNPACKED_BYTES', 'IMPORT_MAX_CELL_CHARS'))
  .action(async (file: string, options: { department: string; actor?: string; role?: Role; token?: string; concurrency: number; progress: boolean }) => {
    const { runImportTargets } = await import('./commands/import-targets');
    process.stdout.write(`${await runImportTargets(await config(), file, options)}\n`);
  });

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

program
  .command('verify-draw')
  .description('recompute a draw from the event log alone: eligible pools and their hashes, entropy, seed and selection; exits 1 on a mismatch')
  .argument('<drawId>', 'e.g. t-2026-001-d1')
  .addHelpText('after', reads(...STORE))
  .action(async (drawId: string) => {
    const { formatVerification, runVerifyDraw } = await import('./commands/verify-draw');
    const verification = await runVerifyDraw(await config(), drawId);
    process.stdout.write(`${formatVerification(verification)}\n`);
    if (!verification.ok) process.exitCode = 1;
  });

program
  .command('verify-matching')
  .description(
    "recompute a department's inspector matching of a task from the event log: pools, seeds, groups, recusals and replacements; exits 1 on a mismatch",
  )
  .argument('<taskId>')
  .argument('<departmentId>')
  .addHelpText('after', reads(...STORE))
  .action(async (taskId: string, departmentId: string) => {
    const { formatMatchingVerification, runVerifyMatching } = await import('./commands/verify-draw');
    const verification = await runVerifyMatching(await config(), taskId, departmentId);
    process.stdout.write(`${formatMatchingVerification(taskId, departmentId, verification)}\n`);
    if (!verification?.ok) process.exitCode = 1;
  });

program
  .command('verify-log')
  .description(
    're-read the whole event log: every event hash, every stream chain, every signed tree head; exits 0 when verified, 1 when tampered (naming the first tampered event), 2 when events no signed head covers are left',
  )
  .option('--public-key <key>', 'verify heads with this key (SPKI PEM file or base64 raw key) instead of the configured signing key')
  .option('--heads <file>', 'also check tree heads kept outside the log (JSON array, or a page of GET /integrity/tree-heads)')
  .option('--witness <dir>', "also check every head a witness cosigned, from the witness's data directory")
  .option('--no-progress', 'no progress bar (there is none unless stderr is a terminal)')
  .addHelpText('after', reads(...STORE, 'TREE_HEAD_SIGNING_KEY'))
  .action(async (options: { publicKey?: string; heads?: string; witness?: string; progress: boolean }) => {
    const { formatLogSummary, formatLogVerification, runVerifyLog, verifyLogExitCode } = await import('./commands/verify-log');
    const { progressBar } = await import('./commands/progress');
    const settings = await config();
    const bar = progressBar('verify-log', options.progress);
    const started = Date.now();
    const verification = await runVerifyLog(settings, { ...options, onProgress: (events, fraction) => bar.update(events, fraction) }).finally(() =>
      bar.stop(),
    );
    process.stdout.write(`${formatLogVerification(verification)}\n${formatLogSummary(verification, Date.now() - started)}\n`);
    process.exitCode = verifyLogExitCode(verification);
  });

const witness = program.command('witness').description("read an oversight unit's witness storage (WITNESS_DATA_DIR, default ./witness-data)");
witness
  .command('check')
  .description('print what the witness cosigned and every alarm it raised; exits 1 on any alarm')
  .addHelpText('after', reads('WITNESS_DATA_DIR'))
  .action(async () => {
    const { runWitnessCheck } = await import('./commands/witness');
    const check = runWitnessCheck({ dataDir: resolve(process.env.WITNESS_DATA_DIR ?? './witness-data') });
    process.stdout.write(`${check.text}\n`);
    if (!check.ok) process.exitCode = 1;
  });
witness
  .command('export-heads')
  .description('write the heads the witness cosigned as a JSON array, for `verify-log --heads`')
  .addHelpText('after', reads('WITNESS_DATA_DIR'))
  .action(async () => {
    const { exportWitnessedHeads } = await import('./commands/witness');
    process.stdout.write(`${exportWitnessedHeads({ dataDir: resolve(process.env.WITNESS_DATA_DIR ?? './witness-data') })}\n`);
  });

program
  .command('demo')
  .description('build a realistic county on the running service through its HTTP API, so every page has something to show')
  .option('--url <url>', 'the running service', `http://localhost:${process.env.PORT ?? 3000}`)
  .option('--targets <n>', 'targets in the county registry', (v) => positiveInt(v), 10000)
  .option('--seed <text>', 'the same seed makes the same county (and a second run replays)', 'lingling')
  .addHelpText('after', `${reads('PORT', 'JWT_SECRET', 'DATA_DIR')}\n\nThe tokens it signs must be the running service's: the same JWT_SECRET, or the same DATA_DIR.`)
  .action(async (options: { url: string; targets: number; seed: string }) => {
    const { formatDemoSummary, runDemo } = await import('./commands/demo');
    const summary = await runDemo(await config(), options, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(`${formatDemoSummary(summary)}\n`);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  // a ConfigurationError's message names every malformed setting; any other error says what failed
  process.stderr.write(`${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
