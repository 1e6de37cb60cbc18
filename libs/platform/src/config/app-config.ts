/**
 * Settings from the environment, validated once at start. A bad setting stops the process with
 * a message naming the variable and what is wrong with it.
 */
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { generatedOnce } from './generated-once';
import { join, resolve } from 'node:path';
import { generateTreeHeadKeyPair, signingKeyFrom, verificationKeyFrom } from '@app/integrity';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class EnvironmentVariables {
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR?: string;

  @IsOptional()
  @Matches(/^esdb(\+discover)?:\/\/.+/, { message: 'EVENTSTORE_URL must be an EventStoreDB connection string such as esdb://localhost:2113?tls=false' })
  EVENTSTORE_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must look like redis://host:6379' })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, { message: 'REDIS_KEY_PREFIX must be 1–64 letters, digits, colons, underscores or hyphens' })
  REDIS_KEY_PREFIX?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @IsIn(['FULL', 'NORMAL'])
  SQLITE_SYNCHRONOUS?: 'FULL' | 'NORMAL';

  /** The largest write the embedded event store takes; EventStoreDB's default. Raise it only with the node's MaxAppendSize. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'EVENT_STORE_MAX_APPEND_BYTES must be a whole number of bytes' })
  @Min(64 * 1024, { message: 'EVENT_STORE_MAX_APPEND_BYTES must be at least 65536 (64 KiB)' })
  @Max(16 * 1024 * 1024, { message: 'EVENT_STORE_MAX_APPEND_BYTES must be at most 16777216 (16 MiB)' })
  EVENT_STORE_MAX_APPEND_BYTES?: number;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  RUN_PROJECTOR?: boolean;

  /** How long a projector's lease lasts unless renewed: the longest a standby waits after the holder dies. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'PROJECTOR_LEASE_TTL_MS must be a whole number of milliseconds' })
  @Min(500, { message: 'PROJECTOR_LEASE_TTL_MS must be at least 500' })
  @Max(60000, { message: 'PROJECTOR_LEASE_TTL_MS must be at most 60000 (one minute)' })
  PROJECTOR_LEASE_TTL_MS?: number;

  /** The key the server's draw entropy is derived from (docs/draw-protocol.md): 64 hexadecimal digits. */
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'DRAW_SERVER_KEY must be 64 hexadecimal digits' })
  DRAW_SERVER_KEY?: string;

  /** Ed25519 key that signs tree heads: a PKCS#8 PEM or the raw 32-byte seed in base64 (docs/integrity.md). */
  @IsOptional()
  @IsString()
  TREE_HEAD_SIGNING_KEY?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'TREE_HEAD_INTERVAL_SECONDS must be a whole number of seconds' })
  @Min(1, { message: 'TREE_HEAD_INTERVAL_SECONDS must be at least 1' })
  @Max(86400, { message: 'TREE_HEAD_INTERVAL_SECONDS must be at most 86400 (one day)' })
  TREE_HEAD_INTERVAL_SECONDS?: number;

  /** Witnesses whose cosignatures the service records: `name=<base64 Ed25519 public key>`, comma-separated. */
  @IsOptional()
  @IsString()
  WITNESS_KEYS?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'TREE_HEAD_MAX_EVENTS must be a whole number of events' })
  @Min(1, { message: 'TREE_HEAD_MAX_EVENTS must be at least 1' })
  @Max(1_000_000, { message: 'TREE_HEAD_MAX_EVENTS must be at most 1000000' })
  TREE_HEAD_MAX_EVENTS?: number;

  /** A draw of more targets than this must name a public beacon at its freeze (docs/draw-protocol.md). */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'DRAW_BEACON_REQUIRED_ABOVE must be a whole number of targets' })
  @Min(0, { message: 'DRAW_BEACON_REQUIRED_ABOVE must be at least 0' })
  DRAW_BEACON_REQUIRED_ABOVE?: number;

  /** Rows one `import-targets` run at the console takes (docs/target-import.md). */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'IMPORT_MAX_ROWS must be a whole number of rows' })
  @Min(1, { message: 'IMPORT_MAX_ROWS must be at least 1' })
  @Max(10_000_000, { message: 'IMPORT_MAX_ROWS must be at most 10000000' })
  IMPORT_MAX_ROWS?: number;

  /** Rows one upload to `POST /targets/import` takes. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'IMPORT_UPLOAD_MAX_ROWS must be a whole number of rows' })
  @Min(1, { message: 'IMPORT_UPLOAD_MAX_ROWS must be at least 1' })
  @Max(10_000_000, { message: 'IMPORT_UPLOAD_MAX_ROWS must be at most 10000000' })
  IMPORT_UPLOAD_MAX_ROWS?: number;

  /** Bytes one upload to `POST /targets/import` may have. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'IMPORT_UPLOAD_MAX_BYTES must be a whole number of bytes' })
  @Min(1024, { message: 'IMPORT_UPLOAD_MAX_BYTES must be at least 1024' })
  @Max(2 ** 32, { message: 'IMPORT_UPLOAD_MAX_BYTES must be at most 4294967296 (4 GiB)' })
  IMPORT_UPLOAD_MAX_BYTES?: number;

  /** Bytes one JSON (or form) request body may have; larger bodies are refused with 413. Uploads have their own limit. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'JSON_BODY_LIMIT_BYTES must be a whole number of bytes' })
  @Min(1024, { message: 'JSON_BODY_LIMIT_BYTES must be at least 1024' })
  @Max(64 * 1024 * 1024, { message: 'JSON_BODY_LIMIT_BYTES must be at most 67108864 (64 MiB)' })
  JSON_BODY_LIMIT_BYTES?: number;

  /** Levels of objects and lists a JSON body may nest; deeper bodies are refused with 400 before validation. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'JSON_MAX_DEPTH must be a whole number of levels' })
  @Min(4, { message: 'JSON_MAX_DEPTH must be at least 4' })
  @Max(256, { message: 'JSON_MAX_DEPTH must be at most 256' })
  JSON_MAX_DEPTH?: number;

  /** Characters any one string of a JSON body or query may have, whatever the field (a DTO may allow fewer). */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'JSON_MAX_STRING_LENGTH must be a whole number of characters' })
  @Min(256, { message: 'JSON_MAX_STRING_LENGTH must be at least 256' })
  @Max(16 * 1024 * 1024, { message: 'JSON_MAX_STRING_LENGTH must be at most 16777216' })
  JSON_MAX_STRING_LENGTH?: number;

  /** Entries any one list of a JSON body may have, whatever the field (a DTO may allow fewer). */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'JSON_MAX_ARRAY_LENGTH must be a whole number of entries' })
  @Min(16, { message: 'JSON_MAX_ARRAY_LENGTH must be at least 16' })
  @Max(1_000_000, { message: 'JSON_MAX_ARRAY_LENGTH must be at most 1000000' })
  JSON_MAX_ARRAY_LENGTH?: number;
  /** Bytes the parts of one XLSX read at the console may unpack to, together (docs/target-import.md). */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'IMPORT_MAX_UNPACKED_BYTES must be a whole number of bytes' })
  @Min(1024 * 1024, { message: 'IMPORT_MAX_UNPACKED_BYTES must be at least 1048576 (1 MiB)' })
  @Max(2 ** 36, { message: 'IMPORT_MAX_UNPACKED_BYTES must be at most 68719476736 (64 GiB)' })
  IMPORT_MAX_UNPACKED_BYTES?: number;

  /** Bytes the parts of one uploaded XLSX may unpack to, together: a zip bomb is refused from its directory. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'IMPORT_UPLOAD_MAX_UNPACKED_BYTES must be a whole number of bytes' })
  @Min(1024 * 1024, { message: 'IMPORT_UPLOAD_MAX_UNPACKED_BYTES must be at least 1048576 (1 MiB)' })
  @Max(2 ** 34, { message: 'IMPORT_UPLOAD_MAX_UNPACKED_BYTES must be at most 17179869184 (16 GiB)' })
  IMPORT_UPLOAD_MAX_UNPACKED_BYTES?: number;

  /** Characters one cell of an imported file may have, CSV or XLSX, at the console and uploaded alike. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'IMPORT_MAX_CELL_CHARS must be a whole number of characters' })
  @Min(200, { message: 'IMPORT_MAX_CELL_CHARS must be at least 200 (the longest name or address the registry keeps)' })
  @Max(32_767, { message: 'IMPORT_MAX_CELL_CHARS must be at most 32767 (what one Excel cell holds)' })
  IMPORT_MAX_CELL_CHARS?: number;

  /** Where the escalation ladder's notifications are POSTed for integrators (docs/deadlines.md); none when unset. */
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'NOTIFY_WEBHOOK_URL must be an http(s) URL such as https://integrator.example/hooks/dsr' },
  )
  NOTIFY_WEBHOOK_URL?: string;

  /** How often the webhook delivery looks for new notifications once it has delivered every one. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'NOTIFY_POLL_MS must be a whole number of milliseconds' })
  @Min(10, { message: 'NOTIFY_POLL_MS must be at least 10' })
  @Max(600_000, { message: 'NOTIFY_POLL_MS must be at most 600000 (ten minutes)' })
  NOTIFY_POLL_MS?: number;

  /**
   * Which proxies in front of the service are believed about the client's address and protocol
   * (X-Forwarded-For, X-Forwarded-Proto): `true` (every hop — only when nothing reaches the
   * service but through the proxy), a number of hops, or addresses and CIDR ranges separated by
   * commas. Unset: none, and a request is as plain HTTP as its socket.
   */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /** The window every rate limit counts requests in (docs/operations.md, Rate limits). */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'RATE_LIMIT_WINDOW_SECONDS must be a whole number of seconds' })
  @Min(1, { message: 'RATE_LIMIT_WINDOW_SECONDS must be at least 1' })
  @Max(3600, { message: 'RATE_LIMIT_WINDOW_SECONDS must be at most 3600 (one hour)' })
  RATE_LIMIT_WINDOW_SECONDS?: number;

  /** Requests one signed-in caller (token subject) may make per window. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'RATE_LIMIT_PER_CALLER must be a whole number of requests' })
  @Min(1, { message: 'RATE_LIMIT_PER_CALLER must be at least 1' })
  RATE_LIMIT_PER_CALLER?: number;

  /** Requests one address may make per window without a token. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'RATE_LIMIT_PER_ADDRESS must be a whole number of requests' })
  @Min(1, { message: 'RATE_LIMIT_PER_ADDRESS must be at least 1' })
  RATE_LIMIT_PER_ADDRESS?: number;

  /** Requests one address may make per window that fail authentication (401), and sign-in attempts. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'RATE_LIMIT_AUTH_FAILURES must be a whole number of requests' })
  @Min(1, { message: 'RATE_LIMIT_AUTH_FAILURES must be at least 1' })
  RATE_LIMIT_AUTH_FAILURES?: number;

  /** Public searches (`/public/targets`, `/gs/targets`, …) one address or caller may make per window. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'RATE_LIMIT_SEARCHES must be a whole number of requests' })
  @Min(1, { message: 'RATE_LIMIT_SEARCHES must be at least 1' })
  RATE_LIMIT_SEARCHES?: number;

  /** Uploads to `POST /targets/import` one caller may make per window. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt({ message: 'RATE_LIMIT_UPLOADS must be a whole number of uploads' })
  @Min(1, { message: 'RATE_LIMIT_UPLOADS must be at least 1' })
  RATE_LIMIT_UPLOADS?: number;
  /** /health answers 503 once the oldest event not yet in the read models is older than this (docs/operations.md). */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @Min(1, { message: 'HEALTH_MAX_PROJECTION_LAG_SECONDS must be at least 1' })
  @Max(86400, { message: 'HEALTH_MAX_PROJECTION_LAG_SECONDS must be at most 86400 (one day)' })
  // the last decorator is checked first: a value that is no number is told so, not that it is too large
  @IsInt({ message: 'HEALTH_MAX_PROJECTION_LAG_SECONDS must be a whole number of seconds' })
  HEALTH_MAX_PROJECTION_LAG_SECONDS?: number;

  /** OIDC: the `iss` an external identity provider's tokens must carry (docs/authorisation.md, "Tokens from an identity provider"). */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'OIDC_ISSUER must be the issuer URL of the identity provider, e.g. https://idp.example/realms/dsr' })
  OIDC_ISSUER?: string;

  /** OIDC: where the identity provider publishes its signing keys (a JWK Set). */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'OIDC_JWKS_URL must be the http(s) URL of the identity provider\'s JWK Set' })
  OIDC_JWKS_URL?: string;

  /** OIDC: the `aud` the tokens must be issued for (this service's client id at the provider). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  OIDC_AUDIENCE?: string;

  /** OIDC: the claim that carries the role (one of the service's role names); default `dsr_role`. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:/-]{1,128}$/, { message: 'OIDC_ROLE_CLAIM must be a claim name' })
  OIDC_ROLE_CLAIM?: string;

  /** OIDC: the claim that carries the unit (the department id the person acts for); default `dsr_unit`. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:/-]{1,128}$/, { message: 'OIDC_UNIT_CLAIM must be a claim name' })
  OIDC_UNIT_CLAIM?: string;
}

/** Tokens from an external identity provider, accepted beside the service's own (HS256) tokens. */
export interface OidcConfig {
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly audience: string;
  readonly roleClaim: string;
  readonly unitClaim: string;
}

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly eventStoreUrl: string | null;
  readonly redisUrl: string | null;
  /** Every Redis key of this deployment starts with it, so several can share one server. */
  readonly redisKeyPrefix: string;
  readonly jwtSecret: string;
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  /** Bytes of data and metadata one write to the embedded event store may hold together. */
  readonly eventStoreMaxAppendBytes: number;
  readonly logLevel: string;
  /** Run the projections inside the API process (the embedded default). */
  readonly runProjector: boolean;
  /** TTL of the lease a projector holds while applying (several may run; one applies). */
  readonly projectorLeaseTtlMs: number;
  /** DRAW_SERVER_KEY as configured; null on the embedded default, which keeps one in DATA_DIR. */
  readonly drawServerKey: string | null;
  /** The tree head signing key as configured (PEM or base64 seed), already checked to be Ed25519. */
  readonly treeHeadSigningKey: string;
  /**
   * True when that key is the one kept in DATA_DIR (the embedded default): whoever can write the
   * data can then also re-sign it, so the signer says so at start (docs/integrity.md).
   */
  readonly treeHeadKeyInDataDir: boolean;
  /** How often the process that runs the projector signs a tree head, when the log grew. */
  readonly treeHeadIntervalSeconds: number;
  /** A head is also signed as soon as this many events arrived after the newest head. */
  readonly treeHeadMaxEvents: number;
  /** A draw of more targets than this must name a public beacon at its freeze; 0 requires one for every draw. */
  readonly drawBeaconRequiredAbove: number;
  /** The witnesses whose cosignatures are recorded (WITNESS_KEYS): a name and a raw public key in base64 each. */
  readonly witnessKeys: readonly { readonly name: string; readonly publicKey: string }[];
  /** Target import limits: rows for the cli, rows and bytes for an upload (refused with 413 beyond them). */
  readonly importMaxRows: number;
  readonly importUploadMaxRows: number;
  readonly importUploadMaxBytes: number;
  /** Edge limits of every JSON request (docs/operations.md): body bytes, nesting depth, string and list lengths. */
  readonly jsonLimits: JsonLimits;
  /** What the parts of one XLSX may unpack to: at the console, and uploaded (413 beyond it). */
  readonly importMaxUnpackedBytes: number;
  readonly importUploadMaxUnpackedBytes: number;
  /** Characters in one cell of an imported file (400 naming row and column beyond it). */
  readonly importMaxCellChars: number;
  /** NOTIFY_WEBHOOK_URL: the integrators' webhook for notifications; null sends none. */
  readonly notifyWebhookUrl: string | null;
  readonly notifyPollMs: number;
  /** TRUST_PROXY as Fastify's `trustProxy` takes it: false (none), true (all), a hop count, or addresses and ranges. */
  readonly trustProxy: boolean | number | readonly string[];
  /** Requests per window (docs/operations.md, Rate limits); kept in Redis when REDIS_URL is set. */
  readonly rateLimits: RateLimits;
  /** /health degrades once the oldest event not yet projected is older than this many seconds. */
  readonly healthMaxProjectionLagSeconds: number;
  /** OIDC_*: an external identity provider whose tokens are accepted too; null accepts only the local ones. */
  readonly oidc: OidcConfig | null;
}

export interface RateLimits {
  readonly windowSeconds: number;
  readonly perCaller: number;
  readonly perAddress: number;
  readonly authFailures: number;
  readonly searches: number;
  readonly uploads: number;
}

export interface JsonLimits {
  readonly bodyBytes: number;
  readonly depth: number;
  readonly stringLength: number;
  readonly arrayLength: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const vars = plainToInstance(EnvironmentVariables, raw);
  const errors = validateSync(vars, { whitelist: false, stopAtFirstError: true });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((message) => (message.startsWith(e.property) ? message : `${e.property}: ${message}`)),
  );
  const usesServers = Boolean(vars.EVENTSTORE_URL || vars.REDIS_URL);
  if (usesServers && !vars.JWT_SECRET) problems.push('JWT_SECRET is required when EVENTSTORE_URL or REDIS_URL is set (at least 32 characters)');
  // with EventStoreDB the processes need not share a DATA_DIR, and every one must publish the same key
  if (vars.EVENTSTORE_URL && !vars.TREE_HEAD_SIGNING_KEY)
    problems.push('TREE_HEAD_SIGNING_KEY is required when EVENTSTORE_URL is set (a PKCS#8 PEM or a base64 32-byte Ed25519 seed)');
  // every API process must derive the same server entropy, or a draw frozen by one cannot be executed by another
  if (vars.EVENTSTORE_URL && !vars.DRAW_SERVER_KEY) problems.push('DRAW_SERVER_KEY is required when EVENTSTORE_URL is set (64 hexadecimal digits)');
  if (vars.TREE_HEAD_SIGNING_KEY) {
    try {
      signingKeyFrom(vars.TREE_HEAD_SIGNING_KEY);
    } catch (error) {
      problems.push(`TREE_HEAD_SIGNING_KEY must be a PKCS#8 PEM or a base64 32-byte Ed25519 seed: ${(error as Error).message}`);
    }
  }
  const witnessKeys = parseWitnessKeys(vars.WITNESS_KEYS, problems);
  const trustProxy = parseTrustProxy(vars.TRUST_PROXY, problems);
  const oidcSet = [vars.OIDC_ISSUER, vars.OIDC_JWKS_URL, vars.OIDC_AUDIENCE].filter((v) => v !== undefined).length;
  if (oidcSet > 0 && oidcSet < 3) problems.push('OIDC_ISSUER, OIDC_JWKS_URL and OIDC_AUDIENCE are set together or not at all');
  if (oidcSet === 0 && (vars.OIDC_ROLE_CLAIM || vars.OIDC_UNIT_CLAIM)) problems.push('OIDC_ROLE_CLAIM and OIDC_UNIT_CLAIM need OIDC_ISSUER, OIDC_JWKS_URL and OIDC_AUDIENCE');
  if (problems.length > 0) throw new ConfigurationError(problems);
  const dataDir = resolve(vars.DATA_DIR ?? './data');
  return {
    port: vars.PORT ?? 3000,
    host: vars.HOST ?? '0.0.0.0',
    dataDir,
    eventStoreUrl: vars.EVENTSTORE_URL ?? null,
    redisUrl: vars.REDIS_URL ?? null,
    redisKeyPrefix: vars.REDIS_KEY_PREFIX ?? 'dsr:',
    jwtSecret: vars.JWT_SECRET ?? localJwtSecret(dataDir),
    sqliteSynchronous: vars.SQLITE_SYNCHRONOUS ?? 'FULL',
    eventStoreMaxAppendBytes: vars.EVENT_STORE_MAX_APPEND_BYTES ?? 1024 * 1024,
    logLevel: vars.LOG_LEVEL ?? 'info',
    runProjector: vars.RUN_PROJECTOR ?? true,
    projectorLeaseTtlMs: vars.PROJECTOR_LEASE_TTL_MS ?? 5000,
    drawServerKey: vars.DRAW_SERVER_KEY ?? null,
    treeHeadSigningKey: vars.TREE_HEAD_SIGNING_KEY ?? localTreeHeadKey(dataDir),
    treeHeadKeyInDataDir: vars.TREE_HEAD_SIGNING_KEY === undefined,
    treeHeadIntervalSeconds: vars.TREE_HEAD_INTERVAL_SECONDS ?? 10,
    treeHeadMaxEvents: vars.TREE_HEAD_MAX_EVENTS ?? 1000,
    drawBeaconRequiredAbove: vars.DRAW_BEACON_REQUIRED_ABOVE ?? 1000,
    witnessKeys,
    importMaxRows: vars.IMPORT_MAX_ROWS ?? 1_000_000,
    importUploadMaxRows: vars.IMPORT_UPLOAD_MAX_ROWS ?? 200_000,
    importUploadMaxBytes: vars.IMPORT_UPLOAD_MAX_BYTES ?? 50 * 1024 * 1024,
    jsonLimits: {
      bodyBytes: vars.JSON_BODY_LIMIT_BYTES ?? 1024 * 1024,
      depth: vars.JSON_MAX_DEPTH ?? 32,
      stringLength: vars.JSON_MAX_STRING_LENGTH ?? 20_000,
      arrayLength: vars.JSON_MAX_ARRAY_LENGTH ?? 10_000,
    },
    importMaxUnpackedBytes: vars.IMPORT_MAX_UNPACKED_BYTES ?? 2 * 1024 ** 3,
    importUploadMaxUnpackedBytes: vars.IMPORT_UPLOAD_MAX_UNPACKED_BYTES ?? 200 * 1024 ** 2,
    importMaxCellChars: vars.IMPORT_MAX_CELL_CHARS ?? 32_767,
    notifyWebhookUrl: vars.NOTIFY_WEBHOOK_URL ?? null,
    notifyPollMs: vars.NOTIFY_POLL_MS ?? 1000,
    trustProxy,
    rateLimits: {
      windowSeconds: vars.RATE_LIMIT_WINDOW_SECONDS ?? 60,
      perCaller: vars.RATE_LIMIT_PER_CALLER ?? 1200,
      perAddress: vars.RATE_LIMIT_PER_ADDRESS ?? 600,
      authFailures: vars.RATE_LIMIT_AUTH_FAILURES ?? 30,
      searches: vars.RATE_LIMIT_SEARCHES ?? 120,
      uploads: vars.RATE_LIMIT_UPLOADS ?? 10,
    },
    healthMaxProjectionLagSeconds: vars.HEALTH_MAX_PROJECTION_LAG_SECONDS ?? 60,
    oidc:
      vars.OIDC_ISSUER && vars.OIDC_JWKS_URL && vars.OIDC_AUDIENCE
        ? { issuer: vars.OIDC_ISSUER, jwksUrl: vars.OIDC_JWKS_URL, audience: vars.OIDC_AUDIENCE, roleClaim: vars.OIDC_ROLE_CLAIM ?? 'dsr_role', unitClaim: vars.OIDC_UNIT_CLAIM ?? 'dsr_unit' }
        : null,
  };
}

/** TRUST_PROXY: `true`, `false`, a number of hops, or IP addresses and CIDR ranges separated by commas. */
function parseTrustProxy(raw: string | undefined, problems: string[]): boolean | number | string[] {
  if (raw === undefined) return false;
  const text = raw.trim();
  if (text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops >= 1 && hops <= 10) return hops;
    problems.push('TRUST_PROXY: a number of proxies must be between 1 and 10');
    return false;
  }
  const entries = text.split(',').map((part) => part.trim()).filter(Boolean);
  const wrong = entries.filter((entry) => !isAddressOrRange(entry));
  if (entries.length === 0 || wrong.length > 0) {
    problems.push(`TRUST_PROXY must be true, false, a number of proxies or IP addresses and CIDR ranges separated by commas${wrong.length ? `; not an address: ${wrong.join(', ')}` : ''}`);
    return false;
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** `name=<base64 key>,…`: each key a raw 32-byte Ed25519 public key, each name unique. */
function parseWitnessKeys(raw: string | undefined, problems: string[]): { name: string; publicKey: string }[] {
  if (!raw) return [];
  const witnesses: { name: string; publicKey: string }[] = [];
  for (const entry of raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const at = entry.indexOf('=');
    const name = entry.slice(0, at).trim();
    const publicKey = entry.slice(at + 1).trim();
    if (at <= 0 || !name || !publicKey) {
      problems.push(`WITNESS_KEYS: "${entry}" must be name=<base64 Ed25519 public key>`);
      continue;
    }
    try {
      verificationKeyFrom(publicKey);
    } catch {
      problems.push(`WITNESS_KEYS: the key of ${name} must be a raw 32-byte Ed25519 public key in base64`);
      continue;
    }
    if (witnesses.some((w) => w.name === name)) problems.push(`WITNESS_KEYS: ${name} is named twice`);
    witnesses.push({ name, publicKey });
  }
  return witnesses;
}

/** Like the JWT secret: on the embedded default the tree head key is generated once and kept in DATA_DIR. */
function localTreeHeadKey(dataDir: string): string {
  return generatedOnce(join(dataDir, 'tree-head-key'), () => generateTreeHeadKeyPair().privateKeyPem);
}

/**
 * On the embedded default there is no secret to configure: one is generated on first start and
 * kept in DATA_DIR, where the cli finds it to issue tokens for the local setup.
 */
function localJwtSecret(dataDir: string): string {
  return generatedOnce(join(dataDir, 'jwt-secret'), () => randomBytes(32).toString('hex'));
}
