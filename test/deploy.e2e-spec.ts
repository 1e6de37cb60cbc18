/**
 * The container image and the compose file, checked where no Docker engine runs (issue 13 item 6):
 * the Dockerfile's instructions are parsed and its entry point followed to the built files that
 * `npm run build` produces; docs/docker-compose.yml is parsed, its variables interpolated as
 * compose would, and every service's environment validated by the service's own config schema.
 * Where Docker exists, `docker build .` and `docker compose -f docs/docker-compose.yml config`
 * check the same by running them.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { load } from 'js-yaml';
import * as ts from 'typescript';
import { getMetadataStorage } from 'class-validator';
import { ConfigurationError, EnvironmentVariables, loadConfig } from '@app/platform';

const ROOT = resolve(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
  stage: number;
}

/** Dockerfile instructions in order: comments dropped, continuation lines joined, each tagged with its stage (0-based, by FROM). */
function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line) && current === '') continue;
    if (/^\s*#/.test(line)) continue; // a comment inside a continued instruction
    if (/\\\s*$/.test(line)) {
      current += line.replace(/\\\s*$/, ' ');
      continue;
    }
    current += line;
    if (current.trim()) logical.push(current.trim());
    current = '';
  }
  let stage = -1;
  return logical.map((line) => {
    const [, keyword, args] = /^(\S+)\s*(.*)$/s.exec(line)!;
    if (keyword.toUpperCase() === 'FROM') stage++;
    return { keyword: keyword.toUpperCase(), args: args.trim(), stage };
  });
}

/** The exec form (a JSON array) of CMD, ENTRYPOINT or HEALTHCHECK CMD; the shell form is refused: signals must reach node. */
const execForm = (args: string): string[] => {
  const parsed = JSON.parse(args) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`not the exec form: ${args}`);
  return parsed as string[];
};

/** ENV in both forms: `ENV A=1 B="2"` and `ENV A 1`. */
function envOf(instructions: Instruction[], stage: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { keyword, args } of instructions.filter((i) => i.stage === stage && i.keyword === 'ENV')) {
    if (!args.includes('=')) {
      const [name, ...rest] = args.split(/\s+/);
      env[name] = rest.join(' ');
      continue;
    }
    for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S+)/g)) env[match[1]] = match[3] ?? match[2];
  }
  return env;
}

/** The files `npm run build` (tsc -p tsconfig.build.json) emits, as paths relative to the root. */
function builtFiles(): Set<string> {
  const configFile = ts.readConfigFile(join(ROOT, 'tsconfig.build.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const outDir = posix.relative(ROOT, parsed.options.outDir!);
  // the root of the emitted tree is the common root of the inputs: the repository (apps/, libs/ and test/ are compiled)
  return new Set(parsed.fileNames.map((file) => posix.join(outDir, posix.relative(ROOT, file).replace(/\.ts$/, '.js'))));
}

/** The commands deploy/entrypoint.sh knows, each with the built file it runs (`cli` and friends). */
function entrypointCommands(script: string): Map<string, string> {
  const commands = new Map<string, string>();
  for (const match of script.matchAll(/^\s*([a-z][a-z-]*)\)\s*exec node (\S+\.js)/gm)) commands.set(match[1], match[2]);
  return commands;
}

/** Compose's interpolation of `${VAR}`, `${VAR:-default}` and `${VAR:?error}` (an error when unset or empty). */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?)([^}]*))?\}/g, (_, name: string, op: string | undefined, word: string) => {
    const set = env[name];
    if (op === ':?' && !set) throw new Error(`compose refuses to start: ${word}`);
    if (op === ':-' && !set) return word;
    return set ?? '';
  });
}

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[] | string;
  environment?: Record<string, string | Record<string, string>>;
  healthcheck?: { disable?: boolean };
  volumes?: string[];
}

/** A service's environment with YAML merge keys (`<<: *anchor`) resolved, as compose does. */
function environmentOf(service: ComposeService): Record<string, string> {
  const { '<<': merged, ...own } = service.environment ?? {};
  return { ...((merged as Record<string, string>) ?? {}), ...(own as Record<string, string>) };
}

const schemaVariables = new Set(getMetadataStorage().getTargetValidationMetadatas(EnvironmentVariables, '', true, false).map((m) => m.propertyName));

describe('the container image (Dockerfile)', () => {
  const instructions = parseDockerfile(read('Dockerfile'));
  const stages = instructions.filter((i) => i.keyword === 'FROM');
  const runtime = stages.length - 1;
  const inRuntime = (keyword: string) => instructions.filter((i) => i.stage === runtime && i.keyword === keyword);
  const entrypoint = execForm(inRuntime('ENTRYPOINT').at(-1)!.args);
  const copyOfEntrypoint = inRuntime('COPY').find((i) => i.args.split(/\s+/).at(-1) === entrypoint[0]);
  const script = copyOfEntrypoint ? read(copyOfEntrypoint.args.split(/\s+/).filter((a) => !a.startsWith('--')).at(0)!) : '';
  const commands = entrypointCommands(script);

  it('builds in one stage with npm ci and npm run build, and runs on a slim Node of the version the project uses', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const major = /(\d+)/.exec(engines)![1];
    for (const from of stages) expect(from.args).toMatch(new RegExp(`^node:${major}(\\.|-|\\s|$)`));
    expect(stages[runtime].args).toMatch(/-slim\b/);
    const buildRuns = instructions.filter((i) => i.stage < runtime && i.keyword === 'RUN').map((i) => i.args);
    expect(buildRuns.some((run) => /\bnpm ci\b/.test(run))).toBe(true);
    expect(buildRuns.some((run) => /\bnpm run build\b/.test(run))).toBe(true);
    // the lock file and the sources the build compiles are in the context: not left out by .dockerignore
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const copy of instructions.filter((i) => i.stage < runtime && i.keyword === 'COPY' && !i.args.includes('--from'))) {
      const sources = copy.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(join(ROOT, source))).toBe(true);
        expect(ignored).not.toContain(source);
      }
    }
    for (const needed of ['apps', 'libs', 'package-lock.json', 'tsconfig.build.json']) expect(ignored).not.toContain(needed);
    for (const secret of ['.git', 'node_modules', 'data', 'dist']) expect(ignored).toContain(secret);
  });

  it('runs as a user other than root, in China time, with DATA_DIR on a volume', () => {
    const user = inRuntime('USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    const env = envOf(instructions, runtime);
    expect(env.TZ).toBe('Asia/Shanghai');
    expect(env.DATA_DIR).toMatch(/^\//);
    const volumes = inRuntime('VOLUME').flatMap((i) => (i.args.startsWith('[') ? execForm(i.args) : i.args.split(/\s+/)));
    expect(volumes).toContain(env.DATA_DIR);
    // the service user can write DATA_DIR: it is created and handed over before USER
    expect(inRuntime('RUN').some((i) => i.args.includes(`chown`) && i.args.includes(env.DATA_DIR))).toBe(true);
    // the time zone database is installed for TZ to mean anything
    expect(inRuntime('RUN').some((i) => /\btzdata\b/.test(i.args))).toBe(true);
  });

  it('checks its health on /health', () => {
    const healthcheck = inRuntime('HEALTHCHECK').at(-1)!.args;
    const command = execForm(healthcheck.slice(healthcheck.indexOf('CMD') + 3).trim());
    expect(command[0]).toBe('node'); // the slim image has no curl
    expect(command.join(' ')).toMatch(/127\.0\.0\.1:.*\/health/);
    expect(command.join(' ')).toMatch(/process\.exit\(r\.ok \? 0 : 1\)/);
  });

  it("enters through deploy/entrypoint.sh, whose commands run files `npm run build` produces; the default command is the API", () => {
    expect(copyOfEntrypoint).toBeDefined();
    const source = copyOfEntrypoint!.args.split(/\s+/).filter((a) => !a.startsWith('--'))[0];
    expect(statSync(join(ROOT, source)).mode & 0o111).not.toBe(0);
    expect([...commands.keys()].sort()).toEqual(['api', 'cli', 'projector', 'witness']);
    const built = builtFiles();
    for (const [name, file] of commands) {
      expect({ name, file, built: built.has(file) }).toEqual({ name, file, built: true });
    }
    // the files are found where the entry point runs them: WORKDIR holds the copied dist/
    const workdir = inRuntime('WORKDIR').at(-1)!.args;
    expect(inRuntime('COPY').some((i) => i.args.includes('--from=') && i.args.split(/\s+/).at(-1) === './dist' && workdir === '/app')).toBe(true);
    expect(execForm(inRuntime('CMD').at(-1)!.args)).toEqual(['api']);
    // the same files as the npm scripts a developer runs
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['start:api']).toContain(commands.get('api'));
    expect(scripts['start:projector']).toContain(commands.get('projector'));
    expect(scripts['start:witness']).toContain(commands.get('witness'));
    expect(scripts.cli).toContain(commands.get('cli'));
  });

  describe('docs/docker-compose.yml', () => {
    const compose = load(read('docs/docker-compose.yml')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
    const services = compose.services;
    const ours = Object.entries(services).filter(([, s]) => s.build || s.image === services.api.image);
    const keys = {
      JWT_SECRET: randomBytes(32).toString('hex'),
      DRAW_SERVER_KEY: randomBytes(32).toString('hex'),
      TREE_HEAD_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    };
    const resolvedEnv = (service: ComposeService, env: Record<string, string>) =>
      Object.fromEntries(Object.entries(environmentOf(service)).map(([name, value]) => [name, interpolate(String(value), env)]));

    it('runs EventStoreDB 24.x, Redis, the API and the projector, the last two from the image of the root Dockerfile', () => {
      expect(services.eventstore.image).toMatch(/^eventstore\/eventstore:24\./);
      expect(services.redis.image).toMatch(/^redis:\d/);
      expect(services.api.build).toBeDefined();
      expect(existsSync(join(ROOT, 'docs', services.api.build!.context, services.api.build!.dockerfile ?? 'Dockerfile'))).toBe(true);
      expect(resolve(ROOT, 'docs', services.api.build!.context)).toBe(ROOT);
      expect(services.projector.image).toBe(services.api.image);
      expect(ours.map(([name]) => name).sort()).toEqual(['api', 'projector']);
    });

    it("gives every service of the image a command its entry point knows: api for the API, projector for the projector", () => {
      for (const [name, service] of ours) {
        const command = Array.isArray(service.command) ? service.command : String(service.command).split(/\s+/);
        expect({ name, command: command[0], known: commands.has(command[0]) }).toEqual({ name, command: command[0], known: true });
      }
      expect(services.api.command).toEqual(['api']);
      expect(services.projector.command).toEqual(['projector']);
      // the API leaves the projections to the projector
      expect(environmentOf(services.api).RUN_PROJECTOR).toBe('false');
    });

    it('sets only variables the config schema knows', () => {
      expect(schemaVariables.size).toBeGreaterThan(20);
      for (const [name, service] of ours) {
        for (const variable of Object.keys(environmentOf(service))) expect({ name, variable, known: schemaVariables.has(variable) }).toEqual({ name, variable, known: true });
      }
    });

    it('provides every variable the schema requires when EVENTSTORE_URL is set, and refuses to start without each key', () => {
      let required: string[] = [];
      try {
        loadConfig({ EVENTSTORE_URL: 'esdb://eventstore:2113?tls=false', DATA_DIR: '/tmp/dsr-deploy-spec' });
      } catch (error) {
        required = (error as ConfigurationError).problems.map((p) => /^(\w+) is required/.exec(p)?.[1]).filter((v): v is string => Boolean(v));
      }
      expect(required.sort()).toEqual(['DRAW_SERVER_KEY', 'JWT_SECRET', 'TREE_HEAD_SIGNING_KEY']);
      for (const [, service] of ours) {
        const env = environmentOf(service);
        for (const variable of required) expect(env[variable]).toMatch(new RegExp(`^\\$\\{${variable}:\\?`));
        for (const variable of required) expect(() => resolvedEnv(service, { ...keys, [variable]: '' })).toThrow(new RegExp(`set ${variable}`));
      }
    });

    it('configures each service validly once the keys are given (the schema itself is the judge)', () => {
      for (const [name, service] of ours) {
        const env = resolvedEnv(service, keys);
        const config = loadConfig({ ...env, DATA_DIR: `/tmp/dsr-deploy-spec-${name}` });
        expect(config.eventStoreUrl).toMatch(/^esdb:\/\/eventstore:2113/);
        expect(config.redisUrl).toBe('redis://redis:6379');
        expect(config.oidc).toBeNull();
        expect(Object.keys(services)).toEqual(expect.arrayContaining([new URL(config.eventStoreUrl!.replace(/^esdb/, 'http')).hostname, new URL(config.redisUrl!).hostname]));
        // the data directory of the image is a named volume
        expect(service.volumes?.some((v) => v.endsWith(':/data') && v.split(':')[0] in compose.volumes)).toBe(true);
      }
      const withOidc = loadConfig({ ...resolvedEnv(services.api, { ...keys, OIDC_ISSUER: 'https://idp.example/realms/dsr', OIDC_JWKS_URL: 'https://idp.example/certs', OIDC_AUDIENCE: 'dsr' }), DATA_DIR: '/tmp/dsr-deploy-spec-api' });
      expect(withOidc.oidc).toMatchObject({ issuer: 'https://idp.example/realms/dsr', roleClaim: 'dsr_role' });
    });
  });
});
