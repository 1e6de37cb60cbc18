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
import { StoreUnavailableError, WrongExpectedRevisionError } from '@app/event-store';
import { ReadStoreUnavailableError } from '@app/read-store';
import { RoleNotAllowedException } from '../auth/auth';

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
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
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
  if (error instanceof StoreUnavailableError || error instanceof ReadStoreUnavailableError)
    return problem(503, 'a store is unavailable; try again later', undefined, 'store-unavailable');
  if (error instanceof TooManyRequestsException) return problem(429, error.message, undefined, 'rate-limited');
  if (error instanceof RoleNotAllowedException) return problem(403, error.message, undefined, 'role-not-allowed');
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    if (typeof body === 'object' && body && 'field' in body && 'reason' in body) {
      const { field, reason } = body as FieldProblem;
      return problem(status, `${field} ${reason}`, [{ field, reason }]);
    }
    const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
    return problem(status, Array.isArray(message) ? message.join('; ') : String(message));
  }
  return problem(500, 'an unexpected error occurred');
}

function problem(status: number, detail: string, errors?: readonly FieldProblem[], kind?: string): ProblemDetails {
  const title = TITLES[status] ?? 'Error';
  return {
    type: kind ? `urn:dsr:problem:${kind}` : 'about:blank',
    title,
    status,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const body = toProblem(error);
    if (body.status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    const reply = host.switchToHttp().getResponse<{ status(code: number): { header(name: string, value: string): { send(body: unknown): void } } }>();
    reply.status(body.status).header('content-type', 'application/problem+json; charset=utf-8').send(JSON.stringify(body));
  }
}
