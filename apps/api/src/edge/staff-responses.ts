/**
 * Staff answers are not kept by browsers or shared caches (issue 14 item 4): the dashboard's
 * pages and every JSON answer of a route that needs a token, or that was called with one, carry
 * `Cache-Control: no-store`, so a shared computer's history or a proxy never holds a department's
 * records. Helmet sets no Cache-Control (it is not a security header as such), hence this hook.
 * Public pages and views keep their own caching (e.g. the tree heads).
 */
import { PUBLIC, audienceOf, isDashboardRoute, routeKeyOf } from '@app/platform';

/** What the hook reads of a request (structural: Nest's copy of fastify's types and the root one differ). */
interface Request {
  readonly method: string;
  readonly url: string;
  readonly routeOptions: { readonly url?: string };
  readonly headers: Record<string, string | string[] | undefined>;
}

export function isStaffRequest(request: Request): boolean {
  const route = routeKeyOf(request.method, request.routeOptions.url ?? request.url.split('?')[0]);
  return isDashboardRoute(route) || request.headers.authorization !== undefined || audienceOf(route) !== PUBLIC;
}

export function noStoreForStaff(request: Request, reply: { header(name: string, value: string): unknown }, done: () => void): void {
  if (isStaffRequest(request)) reply.header('cache-control', 'no-store');
  done();
}
