/**
 * One exception filter for the whole API: domain errors, request validation, authentication and
 * store failures become RFC 9457 problem-details responses. Unknown errors are logged and
 * answered with a bare 500 that leaks nothing.
 */
import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ValidationError as ClassValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { DomainError } from '@app/domain';
import { AppendTooLargeError, StoreAccessDeniedError, StoreUnavailableError, StreamDeletedError, WrongExpectedRevisionError } from '@app/event-store';
import { ReadStoreUnavailableError } from '@app/read-store';
import { RoleNotAllowedException } from '../auth/auth';
import { IdempotencyKeyReusedException } from '../commands/idempotency-keys';
import { CONTENT_LANGUAGE, Language, negotiateLanguage, problemTitle, translateMessage } from './messages-zh';

export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly FieldProblem[];
}

/** Request validation failed: one entry per offending field. */
export class RequestValidationException extends HttpException {
  constructor(readonly problems: readonly FieldProblem[]) {
    super({ problems }, HttpStatus.BAD_REQUEST);
  }
}

/** Nested class-validator errors flattened to dotted field paths (`items.3.name`). */
export function flattenValidationErrors(errors: readonly ClassValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({
      field,
      reason: reason.replace(/^property (\S+) should not exist$/, 'is not a known field'),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** Rejects unknown fields instead of stripping them silently, and converts types by the DTO. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationException(flattenValidationErrors(errors)),
  });
}

/** A rate limit refused the request (apps/api/src/edge/rate-limits.ts); Retry-After says when to come back. */
export class TooManyRequestsException extends HttpException {
  constructor(detail: string) {
    super(detail, HttpStatus.TOO_MANY_REQUESTS);
  }
}

const DOMAIN_STATUS: Record<DomainError['code'], number> = {
  validation: 400,
  forbidden: 403,
  'not-found': 404,
  'illegal-state': 409,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof RequestValidationException) {
    return problem(400, 'the request is not valid', error.problems);
  }
  if (error instanceof DomainError) {
    const status = DOMAIN_STATUS[error.code];
    return problem(status, error.message, error.field ? [{ field: error.field, reason: error.message }] : undefined, error.code);
  }
  if (error instanceof WrongExpectedRevisionError) return problem(409, 'the record changed while the command was decided; try again', undefined, 'concurrency');
  if (error instanceof AppendTooLargeError)
    return problem(413, `the change is too large for the event store${error.size === null ? '' : ` (${error.size} bytes`}${error.maxSize === null ? (error.size === null ? '' : ')') : `${error.size === null ? ' (' : ', '}at most ${error.maxSize} bytes)`}`, undefined, 'append-too-large');
  if (error instanceof StreamDeletedError) return problem(410, 'the record was deleted in the event store; it cannot be changed', undefined, 'stream-deleted');
  if (error instanceof StoreAccessDeniedError)
    return problem(500, 'the service is not allowed to use its event store; an operator must grant it access', undefined, 'store-access-denied');
  if (error instanceof StoreUnavailableError || error instanceof ReadStoreUnavailableError)
    return problem(503, 'a store is unavailable; try again later', undefined, 'store-unavailable');
  if (error instanceof TooManyRequestsException) return problem(429, error.message, undefined, 'rate-limited');
  if (error instanceof RoleNotAllowedException) return problem(403, error.message, undefined, 'role-not-allowed');
  if (error instanceof IdempotencyKeyReusedException) {
    const { field, reason } = error.getResponse() as FieldProblem;
    return problem(422, `${field} ${reason}`, [{ field, reason }], 'idempotency-key-reused');
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    if (typeof body === 'object' && body && 'field' in body && 'reason' in body) {
      const { field, reason } = body as FieldProblem;
      return problem(status, `${field} ${reason}`, [{ field, reason }]);
    }
    // Nest hands Fastify's own refusals (a body that is not JSON, too large, of an unknown type) on as a plain HttpException with the message: name the part of the request at fault
    if (error.constructor === HttpException && typeof body === 'string' && [400, 413, 415].includes(status)) {
      return problem(status, body, [{ field: status === 415 ? 'content-type' : 'body', reason: body }]);
    }
    const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
    return problem(status, Array.isArray(message) ? message.join('; ') : String(message));
  }
  // Fastify's own refusals before a route runs: a body over the limit (413), JSON it cannot parse (400), an unknown content type (415)
  const fastify = error as { code?: unknown; statusCode?: unknown; message?: unknown };
  if (typeof fastify.code === 'string' && fastify.code.startsWith('FST_') && typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    const message = String(fastify.message);
    return problem(fastify.statusCode, message, [{ field: fastify.statusCode === 415 ? 'content-type' : 'body', reason: message }]);
  }
  return problem(500, 'an unexpected error occurred');
}

function problem(status: number, detail: string, errors?: readonly FieldProblem[], kind?: string): ProblemDetails {
  const title = TITLES[status] ?? 'Error';
  const unique = errors ? dedupeFieldProblems(errors) : [];
  return {
    type: kind ? `urn:dsr:problem:${kind}` : 'about:blank',
    title,
    status,
    detail,
    ...(unique.length > 0 ? { errors: unique } : {}),
  };
}

/** Each (field, reason) once, in the order first given: two constraints or two checks saying the same thing are one problem. */
export function dedupeFieldProblems(errors: readonly FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return errors.filter(({ field, reason }) => {
    const key = JSON.stringify([field, reason]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The problem in the request's language (messages-zh.ts): title, detail and each reason; fields,
 * type and status stay as they are. Reasons that become equal in translation are listed once.
 */
export function localiseProblem(body: ProblemDetails, language: Language): ProblemDetails {
  if (language === 'en') return body;
  return {
    ...body,
    title: problemTitle(body.status, body.title, language),
    ...(body.detail !== undefined ? { detail: translateMessage(body.detail, language) } : {}),
    ...(body.errors ? { errors: dedupeFieldProblems(body.errors.map(({ field, reason }) => ({ field, reason: translateMessage(reason, language) }))) } : {}),
  };
}

interface LanguageRequest {
  headers?: Record<string, string | string[] | undefined>;
}

/** Writes a problem in the request's language, with Content-Language and Vary: Accept-Language. */
function sendProblem(body: ProblemDetails, request: unknown, reply: FrameworkReply): void {
  const language = negotiateLanguage((request as LanguageRequest | undefined)?.headers?.['accept-language']);
  reply
    .code(body.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .header('content-language', CONTENT_LANGUAGE[language])
    .header('vary', 'Accept-Language')
    .send(JSON.stringify(localiseProblem(body, language)));
}

/**
 * Fastify answers a few requests before any route or filter sees them (a path parameter longer
 * than the router allows, a URL it cannot decode): `frameworkErrors` hands them here, so they carry
 * the same problem-details shape as every other refusal.
 */
export function sendFrameworkProblem(error: Error & { code?: string }, request: unknown, reply: FrameworkReply): void {
  const body =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? problem(414, 'a path segment of the URL is too long', [{ field: 'path', reason: 'a path segment is longer than the service accepts' }])
      : problem(400, 'the URL cannot be read', [{ field: 'path', reason: 'the URL is not valid' }]);
  sendProblem(body, request, reply);
}

interface FrameworkReplyChain {
  header(name: string, value: string): FrameworkReplyChain;
  send(body: string): unknown;
}

interface FrameworkReply {
  code(status: number): FrameworkReplyChain;
}

/**
 * A refused change (409) or a missing record (404) that names no field of the request is about the
 * record the path names: the last path parameter (`drawId` of `/draws/:drawId/entropy`) is named as
 * the field at fault, so a clerk always reads what the refusal is about.
 */
export function withRecordAtFault(problem: ProblemDetails, params: Record<string, string> | undefined): ProblemDetails {
  if (problem.errors?.length || (problem.status !== 409 && problem.status !== 404) || !problem.detail) return problem;
  const names = Object.keys(params ?? {});
  if (names.length === 0) return problem;
  return { ...problem, errors: [{ field: names[names.length - 1], reason: problem.detail }] };
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const problem = toProblem(error);
    if (problem.status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    const http = host.switchToHttp();
    const request = http.getRequest<{ params?: Record<string, string> }>();
    sendProblem(withRecordAtFault(problem, request.params), request, http.getResponse<FrameworkReply>());
  }
}
