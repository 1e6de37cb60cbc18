/**
 * A throwaway redis-server for the test run. Jest's globalSetup calls `setUpTestRedis`, which
 * publishes the server's URL as TEST_REDIS_URL (test workers inherit the environment), or the
 * reason there is none as TEST_REDIS_ERROR, so that only the suites needing Redis fail.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface RedisServer {
  readonly url: string;
  stop(): Promise<void>;
}

const INSTALL_HINT = 'Install it (Debian/Ubuntu: `apt-get install redis-server`) or set REDIS_URL to a Redis to use.';
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const OUTPUT_KEPT_CHARS = 4_000;

/** Starts a server unless REDIS_URL names one; never throws, so suites without Redis still run. */
export async function setUpTestRedis(): Promise<RedisServer | undefined> {
  delete process.env.TEST_REDIS_ERROR;
  if (process.env.REDIS_URL) {
    process.env.TEST_REDIS_URL = process.env.REDIS_URL;
    return undefined;
  }
  const binary = findRedisServer();
  if (!binary) {
    process.env.TEST_REDIS_ERROR = `No redis-server found on PATH, /usr/bin or /usr/sbin. ${INSTALL_HINT}`;
    return undefined;
  }
  try {
    const server = await startRedisServer(binary);
    process.env.TEST_REDIS_URL = server.url;
    return server;
  } catch (error) {
    process.env.TEST_REDIS_ERROR = `Could not start ${binary}: ${(error as Error).message}`;
    return undefined;
  }
}

/** For suites that need Redis: the URL of the run's server, or a failure saying how to get one. */
export function requireTestRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (url) return url;
  throw new Error(
    process.env.TEST_REDIS_ERROR ?? `TEST_REDIS_URL is not set: is test/support/global-setup.js configured as jest's globalSetup? ${INSTALL_HINT}`,
  );
}

export function findRedisServer(): string | undefined {
  const directories = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin', '/usr/sbin'];
  return directories.map((directory) => join(directory, 'redis-server')).find(isExecutable);
}

export async function startRedisServer(binary: string): Promise<RedisServer> {
  const port = await freeLoopbackPort();
  const directory = mkdtempSync(join(tmpdir(), 'test-redis-'));
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', directory], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child);
  // A run that dies without reaching globalTeardown must not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await stopProcess(child);
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    await waitUntilAnswering(port, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function captureOutput(child: ChildProcess): () => string {
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => output;
}

async function waitUntilAnswering(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`redis-server exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer PING on port ${port} within ${START_TIMEOUT_MS} ms:\n${output()}`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const finish = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(1_000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (reply) => finish(reply.toString().startsWith('+PONG')));
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
