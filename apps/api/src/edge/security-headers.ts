/**
 * Security headers on every response (issue 14 item 4), set by @fastify/helmet. The public pages
 * (/gs) and the dashboard run no script and load nothing: their one style sheet is inline, allowed
 * by its hash, and nothing else is. Swagger UI (/docs) loads its own scripts and style sheets from
 * the service and writes inline styles, so its pages — and only they — allow 'self' and inline
 * styles. No page may be framed (clickjacking), no response is sniffed into another type, and no
 * address (a search for a company's name, a draw's id) leaves in a Referer header.
 */
import { createHash } from 'node:crypto';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { IncomingMessage } from 'node:http';
import { CSS as PUBLIC_PAGES_CSS } from '../public-pages/layout';
import { CSS as DASHBOARD_CSS } from '../dashboard/dashboard.views';

/** A CSP source that allows exactly this inline `<style>` or `<script>` text. */
export function sourceHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

const STYLE_HASHES = [PUBLIC_PAGES_CSS, DASHBOARD_CSS].map(sourceHash).join(' ');

/** Swagger UI: /docs, /docs/, /docs/index.html and its assets (not /docs-json, which is data). */
function isOpenApiUi(req: IncomingMessage): boolean {
  const path = (req.url ?? '').split('?')[0];
  return path === '/docs' || path.startsWith('/docs/');
}

/** One directive, chosen per request: the OpenAPI UI's or everyone else's. */
const either = (docs: string, pages: string) => (req: IncomingMessage) => (isOpenApiUi(req) ? docs : pages);

export const SECURITY_HEADERS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: [either("'self'", "'none'")],
      scriptSrc: [either("'self'", "'none'")],
      styleSrc: [either("'self' 'unsafe-inline'", STYLE_HASHES)],
      imgSrc: [either("'self' data:", "'self'")],
      connectSrc: [either("'self'", "'none'")],
      fontSrc: [either("'self'", "'none'")],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // frame-ancestors is what browsers follow; X-Frame-Options for those that predate it
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};
