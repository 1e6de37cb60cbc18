/**
 * Authentication and the default access control of a secure node, as far as the Streams service
 * goes: every call needs a known user (anonymous stream access is off by default on recent nodes,
 * EventStoreDB pull request 3905 "Disable AllowAnonymousStreamAccess by default");
 * any user may read and write ordinary streams; reading `$all` — a read or a subscription — needs
 * the `$admins` or `$ops` group (the `$all` stream's default ACL). An insecure node (no users)
 * has no authentication at all, and this module lets everything through.
 *
 * Refusals are answered as a node answers them: a wrong user or password with UNAUTHENTICATED, a
 * user without the right with PERMISSION_DENIED and the trailer `exception: access-denied` — the
 * client turns both into its AccessDeniedError.
 */
import * as grpc from '@grpc/grpc-js';

export interface TestUser {
  readonly password: string;
  readonly groups: readonly string[];
}

export type TestUsers = Readonly<Record<string, TestUser>>;

/** What a call touches: ordinary streams, or the whole log. */
export type Resource = 'streams' | '$all';

export interface Refusal {
  readonly code: grpc.status;
  readonly details: string;
  readonly metadata: grpc.Metadata;
}

/** Null when the call may go ahead; otherwise how the node refuses it. */
export function refusalOf(users: TestUsers | null, metadata: grpc.Metadata, resource: Resource): Refusal | null {
  if (!users) return null;
  const header = metadata.get('authorization')[0]?.toString() ?? '';
  const basic = /^Basic (.+)$/.exec(header);
  if (!basic) return accessDenied();
  const text = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  const user = Object.prototype.hasOwnProperty.call(users, name) ? users[name] : undefined;
  if (!user || user.password !== text.slice(colon + 1))
    return { code: grpc.status.UNAUTHENTICATED, details: 'Bad username or password', metadata: new grpc.Metadata() };
  if (resource === '$all' && !user.groups.some((group) => group === '$admins' || group === '$ops')) return accessDenied();
  return null;
}

function accessDenied(): Refusal {
  const metadata = new grpc.Metadata();
  metadata.set('exception', 'access-denied');
  return { code: grpc.status.PERMISSION_DENIED, details: 'Access Denied', metadata };
}
