/**
 * Everything about a command that is not its payload: who, when, and how it relates to other
 * commands. The command id makes retries safe: the same id yields the same event ids, and a
 * stream that already holds the command's events is not appended to again.
 */
import { ExecutionContext, createParamDecorator, BadRequestException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor } from '@app/domain';
import { KeyBinding, requestHash } from './idempotency-keys';

export interface CommandContext {
  readonly actor: Actor;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  /**
   * Only when the client sent an Idempotency-Key: the request and caller the key is bound to
   * (docs/architecture.md, idempotent commands). The CommandGateway checks it before running.
   */
  readonly idempotency?: { readonly key: string; readonly binding: KeyBinding };
}

interface CommandRequest {
  headers: Record<string, unknown>;
  actor?: Actor;
  method: string;
  url?: string;
  routeOptions?: { url?: string };
  params?: unknown;
  query?: unknown;
  body?: unknown;
}

const HEADER_ID = /^[A-Za-z0-9._:-]{8,128}$/;

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !HEADER_ID.test(value)) {
    throw new BadRequestException({ field: name, reason: 'must be 8–128 characters of letters, digits, ., _, : or -' });
  }
  return value;
}

/** Builds the command context from the request: Idempotency-Key, X-Correlation-Id, X-Causation-Id. */
export const Command = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<CommandRequest>();
  if (!request.actor) throw new Error('a command route must not be public');
  const key = headerValue(request.headers, 'idempotency-key');
  const commandId = key ?? randomUUID();
  const idempotency = key
    ? {
        key,
        binding: {
          // the route as declared (`/experts/:expertId/details`), its parameters, query and the body as sent, before any pipe
          requestHash: requestHash({ method: request.method, route: request.routeOptions?.url ?? request.url ?? '', params: request.params, query: request.query, body: request.body }),
          actorId: request.actor.id,
          unit: request.actor.unit,
        },
      }
    : undefined;
  return {
    actor: request.actor,
    commandId,
    correlationId: headerValue(request.headers, 'x-correlation-id') ?? commandId,
    causationId: headerValue(request.headers, 'x-causation-id') ?? commandId,
    ...(idempotency ? { idempotency } : {}),
  };
});
