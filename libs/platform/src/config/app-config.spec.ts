import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTreeHeadKeyPair, signingKeyFrom } from '@app/integrity';
import { ConfigurationError, loadConfig } from './app-config';

describe('configuration', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dsr-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to the embedded stores on port 3000 with a generated local secret', () => {
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({ port: 3000, dataDir: dir, eventStoreUrl: null, redisUrl: null, sqliteSynchronous: 'FULL', runProjector: true });
    expect(config.jwtSecret).toBe(readFileSync(join(dir, 'jwt-secret'), 'utf8'));
    expect(loadConfig({ DATA_DIR: dir }).jwtSecret).toBe(config.jwtSecret);
  });

  it('gives the projector lease a TTL of 5 s unless PROJECTOR_LEASE_TTL_MS says otherwise, within 0.5–60 s', () => {
    expect(loadConfig({ DATA_DIR: dir }).projectorLeaseTtlMs).toBe(5000);
    expect(loadConfig({ DATA_DIR: dir, PROJECTOR_LEASE_TTL_MS: '2000' }).projectorLeaseTtlMs).toBe(2000);
    expect(() => loadConfig({ DATA_DIR: dir, PROJECTOR_LEASE_TTL_MS: '100' })).toThrow(/PROJECTOR_LEASE_TTL_MS must be at least 500/);
    expect(() => loadConfig({ DATA_DIR: dir, PROJECTOR_LEASE_TTL_MS: '5s' })).toThrow(/PROJECTOR_LEASE_TTL_MS must be/);
  });

  it('trusts no proxy unless TRUST_PROXY names them: true, a number of hops, or addresses and CIDR ranges', () => {
    expect(loadConfig({ DATA_DIR: dir }).trustProxy).toBe(false);
    expect(loadConfig({ DATA_DIR: dir, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ DATA_DIR: dir, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ DATA_DIR: dir, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
    expect(() => loadConfig({ DATA_DIR: dir, TRUST_PROXY: 'proxy.internal' })).toThrow(/TRUST_PROXY must be .*not an address: proxy.internal/);
    expect(() => loadConfig({ DATA_DIR: dir, TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY must be/);
    expect(() => loadConfig({ DATA_DIR: dir, TRUST_PROXY: '0' })).toThrow(/TRUST_PROXY: a number of proxies must be between 1 and 10/);
  });

  it('limits requests per minute by default, each limit a positive whole number', () => {
    expect(loadConfig({ DATA_DIR: dir }).rateLimits).toEqual({ windowSeconds: 60, perCaller: 1200, perAddress: 600, authFailures: 30, searches: 120, uploads: 10 });
    expect(loadConfig({ DATA_DIR: dir, RATE_LIMIT_SEARCHES: '5', RATE_LIMIT_WINDOW_SECONDS: '10' }).rateLimits).toMatchObject({ searches: 5, windowSeconds: 10 });
    expect(() => loadConfig({ DATA_DIR: dir, RATE_LIMIT_AUTH_FAILURES: '0' })).toThrow(/RATE_LIMIT_AUTH_FAILURES must be at least 1/);
    expect(() => loadConfig({ DATA_DIR: dir, RATE_LIMIT_PER_CALLER: 'lots' })).toThrow(/RATE_LIMIT_PER_CALLER must be/);
    expect(() => loadConfig({ DATA_DIR: dir, RATE_LIMIT_WINDOW_SECONDS: '7200' })).toThrow(/RATE_LIMIT_WINDOW_SECONDS must be at most 3600/);
  });

  it('sends notifications to NOTIFY_WEBHOOK_URL only when it is an http(s) URL, and to no webhook by default', () => {
    expect(loadConfig({ DATA_DIR: dir }).notifyWebhookUrl).toBeNull();
    expect(loadConfig({ DATA_DIR: dir, NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:8080/hooks/dsr' }).notifyWebhookUrl).toBe('http://127.0.0.1:8080/hooks/dsr');
    expect(() => loadConfig({ DATA_DIR: dir, NOTIFY_WEBHOOK_URL: 'ftp://integrator/hooks' })).toThrow(/NOTIFY_WEBHOOK_URL must be an http\(s\) URL/);
    expect(() => loadConfig({ DATA_DIR: dir, NOTIFY_POLL_MS: '1' })).toThrow(/NOTIFY_POLL_MS must be at least 10/);
  });

  it('limits target imports by rows, bytes uploaded, bytes unpacked and characters a cell (docs/target-import.md)', () => {
    expect(loadConfig({ DATA_DIR: dir })).toMatchObject({
      importMaxRows: 1_000_000,
      importUploadMaxRows: 200_000,
      importUploadMaxBytes: 50 * 2 ** 20,
      importMaxUnpackedBytes: 2 * 2 ** 30,
      importUploadMaxUnpackedBytes: 200 * 2 ** 20,
      importMaxCellChars: 32_767,
    });
    expect(loadConfig({ DATA_DIR: dir, IMPORT_UPLOAD_MAX_UNPACKED_BYTES: String(2 ** 30), IMPORT_MAX_CELL_CHARS: '1000' })).toMatchObject({
      importUploadMaxUnpackedBytes: 2 ** 30,
      importMaxCellChars: 1000,
    });
    expect(() => loadConfig({ DATA_DIR: dir, IMPORT_UPLOAD_MAX_UNPACKED_BYTES: '1000' })).toThrow(/IMPORT_UPLOAD_MAX_UNPACKED_BYTES must be at least 1048576/);
    expect(() => loadConfig({ DATA_DIR: dir, IMPORT_MAX_UNPACKED_BYTES: '2GB' })).toThrow(/IMPORT_MAX_UNPACKED_BYTES must be/);
    expect(() => loadConfig({ DATA_DIR: dir, IMPORT_MAX_CELL_CHARS: '40000' })).toThrow(/IMPORT_MAX_CELL_CHARS must be at most 32767/);
  });

  it('takes the embedded event store’s largest write, 1 MiB by default as on EventStoreDB, within 64 KiB–16 MiB', () => {
    expect(loadConfig({ DATA_DIR: dir }).eventStoreMaxAppendBytes).toBe(1024 * 1024);
    expect(loadConfig({ DATA_DIR: dir, EVENT_STORE_MAX_APPEND_BYTES: String(4 * 1024 * 1024) }).eventStoreMaxAppendBytes).toBe(4 * 1024 * 1024);
    expect(() => loadConfig({ DATA_DIR: dir, EVENT_STORE_MAX_APPEND_BYTES: '1000' })).toThrow(/EVENT_STORE_MAX_APPEND_BYTES must be at least 65536/);
    expect(() => loadConfig({ DATA_DIR: dir, EVENT_STORE_MAX_APPEND_BYTES: String(32 * 1024 * 1024) })).toThrow(/EVENT_STORE_MAX_APPEND_BYTES must be at most 16777216/);
    expect(() => loadConfig({ DATA_DIR: dir, EVENT_STORE_MAX_APPEND_BYTES: '100000.5' })).toThrow(/EVENT_STORE_MAX_APPEND_BYTES must be a whole number/);
  });

  it('names every bad setting', () => {
    const error = (() => {
      try {
        loadConfig({ DATA_DIR: dir, PORT: 'eighty', EVENTSTORE_URL: 'http://x', SQLITE_SYNCHRONOUS: 'OFF' });
      } catch (e) {
        return e as ConfigurationError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error!.problems.join('\n')).toMatch(/PORT/);
    expect(error!.problems.join('\n')).toMatch(/EVENTSTORE_URL must be an EventStoreDB connection string/);
    expect(error!.problems.join('\n')).toMatch(/SQLITE_SYNCHRONOUS/);
    expect(error!.problems.join('\n')).toMatch(/JWT_SECRET is required/);
  });

  it('switches to the servers when their connection strings are set', () => {
    const config = loadConfig({
      DATA_DIR: dir,
      EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
      REDIS_URL: 'redis://localhost:6379',
      JWT_SECRET: 'x'.repeat(32),
      TREE_HEAD_SIGNING_KEY: generateTreeHeadKeyPair().seedBase64,
      DRAW_SERVER_KEY: 'ab'.repeat(32),
      RUN_PROJECTOR: 'false',
    });
    expect(config).toMatchObject({
      eventStoreUrl: 'esdb://localhost:2113?tls=false',
      redisUrl: 'redis://localhost:6379',
      runProjector: false,
      drawServerKey: 'ab'.repeat(32),
    });
  });

  it('requires one draw server key for every process when EventStoreDB is used (docs/draw-protocol.md)', () => {
    expect(() =>
      loadConfig({
        DATA_DIR: dir,
        EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
        JWT_SECRET: 'x'.repeat(32),
        TREE_HEAD_SIGNING_KEY: generateTreeHeadKeyPair().seedBase64,
      }),
    ).toThrow(/DRAW_SERVER_KEY is required when EVENTSTORE_URL is set/);
    expect(() => loadConfig({ DATA_DIR: dir, DRAW_SERVER_KEY: 'not-hex' })).toThrow(/DRAW_SERVER_KEY must be 64 hexadecimal digits/);
  });

  describe('tree head signing key (docs/integrity.md, "Operations")', () => {
    it('is generated once in DATA_DIR on the embedded default, as a PEM', () => {
      const config = loadConfig({ DATA_DIR: dir });
      expect(config.treeHeadSigningKey).toBe(readFileSync(join(dir, 'tree-head-key'), 'utf8').trim());
      expect(signingKeyFrom(config.treeHeadSigningKey).privateKey.asymmetricKeyType).toBe('ed25519');
      expect(loadConfig({ DATA_DIR: dir }).treeHeadSigningKey).toBe(config.treeHeadSigningKey);
      // heads often (issue 11): every 10 s, and after every 1,000 events
      expect(config).toMatchObject({ treeHeadIntervalSeconds: 10, treeHeadMaxEvents: 1000, treeHeadKeyInDataDir: true });
    });

    it('takes a configured base64 seed and interval', () => {
      const { seedBase64 } = generateTreeHeadKeyPair();
      const config = loadConfig({ DATA_DIR: dir, TREE_HEAD_SIGNING_KEY: seedBase64, TREE_HEAD_INTERVAL_SECONDS: '5' });
      expect(config).toMatchObject({ treeHeadSigningKey: seedBase64, treeHeadIntervalSeconds: 5, treeHeadKeyInDataDir: false });
    });

    it('registers witnesses by name and raw public key, and refuses a malformed list', () => {
      const { publicKeyBase64 } = generateTreeHeadKeyPair();
      expect(loadConfig({ DATA_DIR: dir }).witnessKeys).toEqual([]);
      expect(loadConfig({ DATA_DIR: dir, WITNESS_KEYS: `hunan-oversight=${publicKeyBase64}` }).witnessKeys).toEqual([
        { name: 'hunan-oversight', publicKey: publicKeyBase64 },
      ]);
      expect(() => loadConfig({ DATA_DIR: dir, WITNESS_KEYS: publicKeyBase64 })).toThrow(/WITNESS_KEYS: .* must be name=<base64 Ed25519 public key>/);
      expect(() => loadConfig({ DATA_DIR: dir, WITNESS_KEYS: 'a=c2hvcnQ=' })).toThrow(/the key of a must be a raw 32-byte Ed25519 public key/);
      expect(() => loadConfig({ DATA_DIR: dir, WITNESS_KEYS: `a=${publicKeyBase64},a=${publicKeyBase64}` })).toThrow(/a is named twice/);
    });

    it.each([
      [{ TREE_HEAD_SIGNING_KEY: 'c2hvcnQ=' }, /TREE_HEAD_SIGNING_KEY must be a PKCS#8 PEM or a base64 32-byte Ed25519 seed/],
      [{ TREE_HEAD_INTERVAL_SECONDS: '0' }, /TREE_HEAD_INTERVAL_SECONDS must be at least 1/],
      [{ TREE_HEAD_MAX_EVENTS: '0' }, /TREE_HEAD_MAX_EVENTS must be at least 1/],
      [{ TREE_HEAD_MAX_EVENTS: '2.5' }, /TREE_HEAD_MAX_EVENTS must be a whole number of events/],
      [{ EVENTSTORE_URL: 'esdb://localhost:2113?tls=false', JWT_SECRET: 'x'.repeat(32) }, /TREE_HEAD_SIGNING_KEY is required when EVENTSTORE_URL is set/],
    ])('refuses %j', (env, message) => {
      expect(() => loadConfig({ DATA_DIR: dir, ...env })).toThrow(message);
    });
  });
});
