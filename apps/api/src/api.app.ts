/** Builds the HTTP application; main.ts listens with it, end-to-end tests drive it in-process. */
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppConfig, Clock, ProblemDetailsFilter, createValidationPipe, sendFrameworkProblem } from '@app/platform';
import { ApiModule } from './api.module';
import { completeOpenApiDocument } from './openapi/openapi-document';
import multipart from '@fastify/multipart';

export async function createApiApp(config: AppConfig, options: { quiet?: boolean; clock?: Clock } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: 20 * 1024 * 1024, frameworkErrors: sendFrameworkProblem as never });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config, { clock: options.clock }), adapter, {
    bufferLogs: true,
    logger: options.quiet ? false : undefined,
  });
  if (!options.quiet) app.useLogger(app.get(Logger));
  // target imports (apps/api/src/targets): one file per request, spooled to disk; 100,000 rows of CSV are about 15 MB
  // the cast bridges two copies of fastify's types (Nest's own and the root one); at run time the plugin is version-checked
  await app.register(multipart as unknown as Parameters<NestFastifyApplication['register']>[0], {
    limits: { fileSize: config.importUploadMaxBytes, files: 1, fields: 10 },
  });
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
