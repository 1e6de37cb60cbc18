/** Builds the HTTP application; main.ts listens with it, end-to-end tests drive it in-process. */
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import {
  AppConfig,
  Clock,
  ProblemDetailsFilter,
  TOKEN_VERIFIER,
  TokenVerifier,
  createValidationPipe,
  inputLimitsHook,
  jsonBodiesOnlyHook,
  sendFrameworkProblem,
  DASHBOARD_LOGIN_ROUTE,
  DASHBOARD_LOGOUT_ROUTE,
} from '@app/platform';
import { ApiModule } from './api.module';
import { completeOpenApiDocument } from './openapi/openapi-document';
import multipart from '@fastify/multipart';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Redis from 'ioredis';
import { SECURITY_HEADERS } from './edge/security-headers';
import { rateLimitOptions } from './edge/rate-limits';
import { noStoreForStaff } from './edge/staff-responses';

type Plugin = Parameters<NestFastifyApplication['register']>[0];

export async function createApiApp(config: AppConfig, options: { quiet?: boolean; clock?: Clock } = {}): Promise<NestFastifyApplication> {
  // JSON and form bodies (JSON_BODY_LIMIT_BYTES, 413 beyond it); multipart uploads have their own limits below.
  // Behind a TLS proxy, TRUST_PROXY makes request.protocol and request.ip the client's (X-Forwarded-Proto/-For):
  // the dashboard cookie keeps Secure, and rate limits count the client rather than the proxy
  const adapter = new FastifyAdapter({
    bodyLimit: config.jsonLimits.bodyBytes,
    trustProxy: config.trustProxy as boolean | number | string[],
    frameworkErrors: sendFrameworkProblem as never,
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config, { clock: options.clock }), adapter, {
    bufferLogs: true,
    logger: options.quiet ? false : undefined,
  });
  if (!options.quiet) app.useLogger(app.get(Logger));
  // the plugins below hook every route registered after them: Nest's at init(), Swagger's at setup()
  // (the casts bridge two copies of fastify's types, Nest's own and the root one; at run time each plugin is version-checked)
  await app.register(helmet as unknown as Plugin, SECURITY_HEADERS);
  const rateLimitStore = config.redisUrl ? await rateLimitRedis(config.redisUrl) : null;
  await app.register(
    rateLimit as unknown as Plugin,
    rateLimitOptions(config.rateLimits, app.get<TokenVerifier>(TOKEN_VERIFIER), rateLimitStore && { client: rateLimitStore, prefix: config.redisKeyPrefix }),
  );
  const fastify = app.getHttpAdapter().getInstance();
  if (rateLimitStore) fastify.addHook('onClose', async () => void rateLimitStore.quit().catch(() => rateLimitStore.disconnect()));
  fastify.addHook('onRequest', noStoreForStaff);
  // target imports (apps/api/src/targets): one file per request, spooled to disk; 100,000 rows of CSV are about 15 MB
  await app.register(multipart as unknown as Plugin, {
    limits: { fileSize: config.importUploadMaxBytes, files: 1, fields: 10 },
  });
  // depth, string and list lengths and safe integers, checked on the parsed body before any pipe recurses into it
  adapter.getInstance().addHook('preValidation', inputLimitsHook(config.jsonLimits));
  // a command sent as text or as a form is told its content type is wrong, not that every field is
  adapter.getInstance().addHook('preValidation', jsonBodiesOnlyHook([DASHBOARD_LOGIN_ROUTE, DASHBOARD_LOGOUT_ROUTE]));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  // roles, Idempotency-Key, problem answers, body examples and enum labels (apps/api/src/openapi); throws when an operation has no summary
  const document = completeOpenApiDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('双随机、一公开 audit trail')
        .setDescription('Command and query API of the random-inspection audit trail. Commands need a bearer token; public views do not.')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    ),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/**
 * The rate limits' own connection: a count that cannot be kept is let through (skipOnError), so
 * calls fail at once while Redis is away instead of queueing, and the request goes on.
 */
async function rateLimitRedis(url: string): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2000, commandTimeout: 500, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  // failures reach the plugin as rejected calls; without a listener ioredis would log each one
  client.on('error', () => undefined);
  // connected before the first request, so the first requests are counted; should Redis be away
  // at start, ioredis keeps reconnecting and the limits hold again once it is back
  await client.connect().catch(() => undefined);
  return client;
}
