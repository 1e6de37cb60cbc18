/**
 * Commands take JSON. Fastify also parses `text/plain` on its own (and the multipart and form
 * parsers the service registers for uploads and the dashboard's sign-in form), so a command sent
 * as text or as a form reached validation as a string or a flat object, and the caller was told
 * every field was wrong instead of the one thing that was: the content type. This `preValidation`
 * hook refuses a body in any other type than JSON with 415 naming `content-type`, except on the
 * routes whose forms are meant to be posted as forms.
 */
import { HttpException } from '@nestjs/common';

export const JSON_ONLY_REASON = 'must be application/json: send the body as JSON';

interface HookRequest {
  readonly body?: unknown;
  readonly method: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly routeOptions?: { readonly url?: string };
}

/** `formRoutes`: `METHOD /path` of the routes that take an HTML form (the dashboard's sign-in and sign-out). */
export function jsonBodiesOnlyHook(formRoutes: readonly string[]) {
  const forms = new Set(formRoutes);
  return async (request: HookRequest): Promise<void> => {
    // multipart uploads are read from the stream by their handler and leave no parsed body here
    if (request.body === undefined) return;
    const type = String(request.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (type === 'application/json' || forms.has(`${request.method} ${request.routeOptions?.url ?? ''}`)) return;
    throw new HttpException({ field: 'content-type', reason: `${JSON_ONLY_REASON}${type ? `, not ${type}` : ''}` }, 415);
  };
}
