/**
 * The dashboard's sign-in (issue 6 item 6). A browser following a plain link cannot send a bearer
 * header, so the dashboard's HTML routes — and only they — also take the token from an HttpOnly,
 * SameSite=Strict cookie scoped to `/dashboard`, set once by the sign-in form. The token is the
 * same JWT as everywhere else and is still verified by the AuthGuard alone; the JSON API ignores
 * the cookie, so a cross-site page can never make it act.
 */

export const DASHBOARD_PATH = '/dashboard';
export const DASHBOARD_COOKIE = 'dsr_dashboard';
/** The sign-in form posts the token here as `token=<jwt>`. */
export const DASHBOARD_LOGIN_ROUTE = 'POST /dashboard/login';
/** The sign-out button posts an empty form. */
export const DASHBOARD_LOGOUT_ROUTE = 'POST /dashboard/logout';

/** The route key (`METHOD /path`) belongs to the dashboard's pages. */
export function isDashboardRoute(route: string): boolean {
  const path = route.slice(route.indexOf(' ') + 1);
  return path === DASHBOARD_PATH || path.startsWith(`${DASHBOARD_PATH}/`);
}

/** A cookie's value from a Cookie header, or undefined. */
export function cookieValue(header: string | string[] | undefined, name: string): string | undefined {
  const text = Array.isArray(header) ? header.join('; ') : (header ?? '');
  for (const pair of text.split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim() || undefined;
  }
  return undefined;
}

/**
 * The token of the sign-in form. The form is sent as `text/plain` (`token=<jwt>`), which the
 * server parses without a form-body plugin; a JWT has no character that encoding would mangle.
 */
export function formToken(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  const match = /^token=(\S+)\s*$/.exec(body);
  return match?.[1];
}

/**
 * The credential a request presents, as an Authorization header value: the header itself, or on
 * the dashboard's routes the sign-in form's token (on the sign-in route) or the dashboard cookie.
 */
export function dashboardCredential(
  route: string,
  request: { readonly headers: Record<string, string | string[] | undefined>; readonly body?: unknown },
): string | string[] | undefined {
  const header = request.headers.authorization;
  if (header !== undefined || !isDashboardRoute(route)) return header;
  const token = route === DASHBOARD_LOGIN_ROUTE ? formToken(request.body) : cookieValue(request.headers.cookie, DASHBOARD_COOKIE);
  return token === undefined ? undefined : `Bearer ${token}`;
}

/**
 * The Set-Cookie value that keeps the token for the dashboard's pages until the browser closes;
 * the token's own expiry still applies, checked by the guard on every request. An empty token
 * with `clear` removes the cookie.
 */
export function dashboardCookie(token: string, options: { secure: boolean; clear?: boolean }): string {
  return `${DASHBOARD_COOKIE}=${token}; Path=${DASHBOARD_PATH}; ${options.clear ? 'Max-Age=0; ' : ''}HttpOnly; SameSite=Strict${options.secure ? '; Secure' : ''}`;
}
