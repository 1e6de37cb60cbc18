/**
 * The authorisation matrix (DOMAIN.md, Oversight and assessment; issue 6): for every route the
 * service serves, keyed by method and path exactly as the router declares it, who may call it —
 * the anonymous public (一公开) or a set of roles. It is the only place roles are granted: the
 * AuthGuard looks every request's route up here, and a route missing from it is refused to
 * everyone. docs/authorisation.md is rendered from it and test/authorisation-matrix.e2e-spec.ts
 * checks it against the routes the running app actually serves.
 *
 * Roles are the first layer only. Scope — which department's records an allowed role may touch
 * (a county acts for itself, a city reads its counties, oversight reads everything) — is the
 * second layer, checked in the handlers through OrganisationDirectory, because it needs the
 * department the request targets.
 */
import { MAINTAINER_ROLES, ROLES, Role } from '@app/domain';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** `METHOD /path/:param`, the route as Nest and Fastify declare it. */
export type RouteKey = `${HttpMethod} /${string}`;

/** Anyone, without a token; a token, if sent, is still verified. */
export const PUBLIC = 'public';
export type Audience = typeof PUBLIC | readonly Role[];

/** Every signed-in role but a witness's; what each may see is then narrowed by scope in the handler. */
const SIGNED_IN: readonly Role[] = ROLES.filter((role) => role !== 'witness');
/** Those who keep a department's records: staff, unit heads, the credit-supervision lead, administrators. */
const MAINTAINERS: readonly Role[] = MAINTAINER_ROLES;
/** Conflicts of interest are declared by the records' keepers and by the legal unit that reviews them. */
const MAINTAINERS_AND_LEGAL: readonly Role[] = [...MAINTAINER_ROLES, 'legal'];
/** Who takes the escalation ladder's acts (003 §3(4)): the heads of superior departments and discipline units, oversight units, administrators. */
const ESCALATORS: readonly Role[] = ['unit-head', 'oversight', 'admin'];

export interface MatrixArea {
  readonly area: string;
  readonly routes: Readonly<Record<RouteKey, Audience>>;
}

export const AUTHORISATION_MATRIX: readonly MatrixArea[] = [
  {
    area: 'Operations',
    routes: {
      'GET /health': PUBLIC,
      'GET /metrics': PUBLIC,
      'GET /projections/status': ['admin', 'oversight'],
    },
  },
  {
    // served by @nestjs/swagger straight on Fastify, outside Nest's guards: listed so the matrix covers every route served
    area: 'OpenAPI documents',
    routes: {
      'GET /docs': PUBLIC,
      'GET /docs/': PUBLIC,
      'GET /docs/*': PUBLIC,
      'GET /docs/LICENSE': PUBLIC,
      'GET /docs/index.html': PUBLIC,
      'GET /docs/swagger-ui-init.js': PUBLIC,
      'GET /docs/docs/swagger-ui-init.js': PUBLIC,
      'GET /docs-json': PUBLIC,
      'GET /docs-yaml': PUBLIC,
    },
  },
  {
    area: 'Organisation',
    routes: {
      'POST /departments': ['admin'],
      'POST /departments/:departmentId/units': ['admin', 'unit-head'],
      'GET /departments': PUBLIC,
      'GET /departments/:departmentId': PUBLIC,
    },
  },
  {
    area: 'Working-day calendar',
    routes: {
      'POST /calendar/:year/schedule': ['admin'],
      'POST /calendar/:year/corrections': ['admin'],
      'GET /calendar/working-days': PUBLIC,
      'GET /calendar/:year': PUBLIC,
    },
  },
  {
    area: 'Inspectors and experts',
    routes: {
      'POST /inspectors': MAINTAINERS,
      'POST /inspectors/:inspectorId/moves': MAINTAINERS,
      'POST /inspectors/:inspectorId/post-changes': MAINTAINERS,
      'POST /inspectors/:inspectorId/qualifications': MAINTAINERS,
      'POST /inspectors/:inspectorId/certificates': MAINTAINERS,
      'POST /inspectors/:inspectorId/certificate/expiry': MAINTAINERS,
      'POST /inspectors/:inspectorId/certificate/revocation': MAINTAINERS,
      'POST /inspectors/:inspectorId/departure': MAINTAINERS,
      'POST /inspectors/:inspectorId/conflicts': MAINTAINERS_AND_LEGAL,
      'POST /inspectors/:inspectorId/conflicts/:targetId/withdrawal': MAINTAINERS_AND_LEGAL,
      'GET /inspectors': PUBLIC,
      'GET /inspectors/:inspectorId': PUBLIC,
      'GET /staff/inspectors/:inspectorId': SIGNED_IN,
      // declared conflicts name relatives and former employers: only the unit that reviews them, oversight and administrators
      'GET /staff/inspectors/:inspectorId/conflicts': ['legal', 'oversight', 'admin'],
      'GET /staff/experts/:expertId/conflicts': ['legal', 'oversight', 'admin'],
      'POST /experts': MAINTAINERS,
      'POST /experts/:expertId/details': MAINTAINERS,
      'POST /experts/:expertId/departure': MAINTAINERS,
      'POST /experts/:expertId/conflicts': MAINTAINERS_AND_LEGAL,
      'POST /experts/:expertId/conflicts/:targetId/withdrawal': MAINTAINERS_AND_LEGAL,
      'GET /experts': SIGNED_IN,
      'GET /experts/:expertId': SIGNED_IN,
    },
  },
  {
    area: 'Checklists',
    routes: {
      'POST /departments/:departmentId/checklist/draft/items': MAINTAINERS,
      'PUT /departments/:departmentId/checklist/draft/items/:itemId': MAINTAINERS,
      'POST /departments/:departmentId/checklist/draft/items/:itemId/withdraw': MAINTAINERS,
      // the legal role stands for the justice bureau that reviews the checklist (004 §4(3))
      'POST /departments/:departmentId/checklist/draft/reviews': ['legal', 'admin'],
      'POST /departments/:departmentId/checklist/versions': MAINTAINERS,
      'GET /departments/:departmentId/checklist': PUBLIC,
      'GET /departments/:departmentId/checklist/versions': PUBLIC,
      'GET /departments/:departmentId/checklist/versions/:version': PUBLIC,
      'GET /departments/:departmentId/checklist/draft': SIGNED_IN,
    },
  },
  {
    area: 'Plans',
    routes: {
      'POST /departments/:departmentId/plans': MAINTAINERS,
      'POST /plans/:planId/publish': MAINTAINERS,
      'POST /plans/:planId/adjustments': MAINTAINERS,
      'POST /plans/:planId/filings': MAINTAINERS,
      'GET /departments/:departmentId/plans': PUBLIC,
      'GET /departments/:departmentId/plans/drafts': SIGNED_IN,
      'GET /plans/:planId': PUBLIC,
      'GET /plans/:planId/draft': SIGNED_IN,
    },
  },
  {
    area: 'Targets (inspection registry)',
    routes: {
      'POST /targets': MAINTAINERS,
      'POST /targets/import': MAINTAINERS,
      'POST /targets/:targetId/status-changes': MAINTAINERS,
      'POST /targets/:targetId/transfer': MAINTAINERS,
      'POST /targets/:targetId/sub-registries': MAINTAINERS,
      'GET /targets': SIGNED_IN,
      'GET /targets/:targetId': SIGNED_IN,
      'GET /public/targets': PUBLIC,
      'GET /public/targets/:targetId': PUBLIC,
      'POST /sub-registries': MAINTAINERS,
      'GET /sub-registries/:subRegistryId': PUBLIC,
    },
  },
  {
    area: 'Draws',
    routes: {
      'POST /tasks/:taskId/draws': MAINTAINERS,
      'POST /draws/:drawId/entropy': [...MAINTAINERS, 'legal', 'witness'],
      'POST /draws/:drawId/execute': MAINTAINERS,
      'POST /draws/:drawId/confirm': MAINTAINERS,
      // voiding a draw undoes a random selection: the unit head answers for it
      'POST /draws/:drawId/void': ['unit-head', 'admin'],
      'GET /draws/:drawId': PUBLIC,
      'GET /draws/:drawId/exclusions': PUBLIC,
      'GET /draws/:drawId/verification': PUBLIC,
      'POST /departments/:departmentId/draw-limits': ['unit-head', 'credit-lead', 'admin'],
      'GET /departments/:departmentId/draw-limits': PUBLIC,
      'GET /targets/:targetId/quota': SIGNED_IN,
      'GET /departments/:departmentId/inspection-share': SIGNED_IN,
    },
  },
  {
    area: 'Tasks',
    routes: {
      'POST /tasks': MAINTAINERS,
      'POST /tasks/:taskId/implementation-plan': MAINTAINERS,
      'POST /tasks/:taskId/lock': MAINTAINERS,
      'POST /tasks/:taskId/joint-acceptances': MAINTAINERS,
      'GET /tasks/:taskId': SIGNED_IN,
      'GET /tasks/:taskId/visits': SIGNED_IN,
      'GET /departments/:departmentId/tasks': SIGNED_IN,
      'GET /targets/:targetId/visits': SIGNED_IN,
      'GET /public/announcements': PUBLIC,
      'GET /public/announcements/:taskId': PUBLIC,
    },
  },
  {
    area: 'Inspector matching',
    routes: {
      'POST /tasks/:taskId/matchings': MAINTAINERS,
      'POST /tasks/:taskId/matchings/:departmentId/entropy': MAINTAINERS,
      'POST /tasks/:taskId/matchings/:departmentId/assign': MAINTAINERS,
      'POST /tasks/:taskId/matchings/:departmentId/recusals': MAINTAINERS,
      'POST /tasks/:taskId/matchings/:departmentId/replacements': MAINTAINERS,
      'GET /tasks/:taskId/matchings': SIGNED_IN,
      'GET /tasks/:taskId/matchings/:departmentId': SIGNED_IN,
      'GET /tasks/:taskId/matchings/:departmentId/verification': SIGNED_IN,
      'GET /departments/:departmentId/inspector-workload': SIGNED_IN,
    },
  },
  {
    area: 'Inspections',
    routes: {
      'POST /tasks/:taskId/inspections': MAINTAINERS,
      'POST /tasks/:taskId/inspections/:targetId/pre-checks': MAINTAINERS,
      'POST /tasks/:taskId/inspections/:targetId/on-site': MAINTAINERS,
      'POST /tasks/:taskId/inspections/:targetId/items/:itemId/result': MAINTAINERS,
      'POST /tasks/:taskId/inspections/:targetId/items/:itemId/test-result': MAINTAINERS,
      'POST /tasks/:taskId/inspections/:targetId/unreachable': MAINTAINERS,
      'POST /tasks/:taskId/inspections/:targetId/handover': MAINTAINERS,
      'POST /tasks/:taskId/inspections/:targetId/take-over': MAINTAINERS,
      'POST /tasks/:taskId/inspections/:targetId/report': MAINTAINERS,
      'POST /tasks/:taskId/inspections/:targetId/feedback': MAINTAINERS,
      'POST /tasks/:taskId/inspections/:targetId/entry': MAINTAINERS,
      'POST /tasks/:taskId/inspections/:targetId/referrals': MAINTAINERS,
      'GET /tasks/:taskId/inspections': SIGNED_IN,
      'GET /tasks/:taskId/inspections/:targetId': SIGNED_IN,
      // inspections outside the random regime (000 §11, 002 §2)
      'POST /departments/:departmentId/case-inspections': MAINTAINERS,
    },
  },
  {
    area: 'Publication (一公开)',
    routes: {
      'POST /departments/:departmentId/annual-summaries/:year/publication': ['unit-head'],
      'POST /departments/:departmentId/annual-summaries/:year/corrections': ['unit-head'],
      'GET /departments/:departmentId/credit-export': SIGNED_IN,
      'POST /tasks/:taskId/complete': MAINTAINERS,
      'POST /tasks/:taskId/unreachable-list': MAINTAINERS,
      'POST /results/:taskId/:targetId/publish': MAINTAINERS,
      'POST /results/:taskId/:targetId/exempt': MAINTAINERS,
      'POST /results/:taskId/:targetId/corrections': MAINTAINERS,
      'POST /results/:taskId/:targetId/objections': MAINTAINERS,
      'POST /results/:taskId/:targetId/objections/:n/review': MAINTAINERS,
      'POST /results/:taskId/:targetId/objections/:n/feedback': MAINTAINERS,
      'POST /results/:taskId/:targetId/comments': MAINTAINERS,
      'GET /results/:taskId/:targetId': SIGNED_IN,
      'GET /departments/:departmentId/results': SIGNED_IN,
      'GET /public/results': PUBLIC,
      'GET /public/results/:taskId/:targetId': PUBLIC,
      'GET /public/corrections': PUBLIC,
      'GET /public/departments/:departmentId/annual-summaries/:year': PUBLIC,
    },
  },
  {
    area: 'Deadlines',
    routes: {
      'GET /deadlines': SIGNED_IN,
      'GET /deadlines/provisional': SIGNED_IN,
      'GET /departments/:departmentId/deadline-ladder': SIGNED_IN,
      // 督办 and 问责 (003 §3(4)): the decider admits only a superior of the answerable department, a discipline-inspection unit of it or above, or an oversight unit
      'POST /duties/:dutyId/supervision': ESCALATORS,
      'POST /duties/:dutyId/accountability': ESCALATORS,
      // a person their own notices; a department's, whoever reads its records (scope in the handler)
      'GET /notifications': SIGNED_IN,
    },
  },
  {
    // scope in the handler: the department itself, its superiors, oversight and administrators (003 §1 §3)
    area: 'Assessment statistics',
    routes: {
      'GET /statistics/departments/:departmentId': SIGNED_IN,
      'GET /statistics/departments/:departmentId/children': SIGNED_IN,
    },
  },
  {
    area: 'History for oversight',
    routes: {
      'GET /history/tasks/:taskId': SIGNED_IN,
      'GET /history/targets/:targetId': SIGNED_IN,
      'GET /history/inspectors/:inspectorId': SIGNED_IN,
      'GET /history/plans/:planId': SIGNED_IN,
      'GET /history/actors/:actorId': SIGNED_IN,
      'GET /history/:stream': SIGNED_IN,
    },
  },
  {
    area: 'Proof of integrity',
    routes: {
      'GET /integrity/tree-heads': PUBLIC,
      'GET /integrity/tree-heads/latest': PUBLIC,
      'GET /integrity/public-key': PUBLIC,
      'GET /integrity/inclusion': PUBLIC,
      'GET /integrity/consistency': PUBLIC,
      // the witness's Ed25519 signature, checked against WITNESS_KEYS, is its credential
      'POST /integrity/cosignatures': PUBLIC,
    },
  },
  {
    area: 'Public disclosure pages (公示, HTML)',
    routes: {
      'GET /gs': PUBLIC,
      'GET /gs/departments/:departmentId': PUBLIC,
      'GET /gs/departments/:departmentId/checklist': PUBLIC,
      'GET /gs/departments/:departmentId/checklist/versions/:version': PUBLIC,
      'GET /gs/plans/:planId': PUBLIC,
      'GET /gs/plans/:planId/versions/:version': PUBLIC,
      'GET /gs/announcements/:taskId': PUBLIC,
      'GET /gs/draws/:drawId': PUBLIC,
      'GET /gs/draws/:drawId/verify': PUBLIC,
      'GET /gs/results': PUBLIC,
      'GET /gs/results/:taskId/:targetId': PUBLIC,
      'GET /gs/departments/:departmentId/annual-summaries/:year': PUBLIC,
      'GET /gs/inspectors': PUBLIC,
      'GET /gs/targets': PUBLIC,
      'GET /gs/tree-heads': PUBLIC,
      'GET /gs/tree-heads.json': PUBLIC,
    },
  },
  {
    // the pages take the token from an HttpOnly cookie set by the sign-in form (libs/platform/src/auth/dashboard-session.ts)
    area: 'Dashboard (HTML)',
    routes: {
      'GET /dashboard': SIGNED_IN,
      'GET /dashboard/login': PUBLIC,
      'POST /dashboard/login': PUBLIC,
      'POST /dashboard/logout': PUBLIC,
    },
  },
];

/**
 * POSTs that append nothing to the log: the dashboard's sign-in and sign-out only set or clear a
 * browser cookie (a form cannot send a token any other way), so anyone, oversight included, may send them.
 */
const SESSION_ROUTES: readonly RouteKey[] = ['POST /dashboard/login', 'POST /dashboard/logout'];

/**
 * Writes whose credential is not a token but a registered key's signature over the body: a witness
 * posting its cosignature (checked against WITNESS_KEYS, apps/api/src/integrity/cosignatures.ts).
 * Open to the public at the HTTP layer, refused with 403 unless the signature is a registered one.
 */
export const SIGNATURE_AUTHENTICATED_WRITES: readonly RouteKey[] = ['POST /integrity/cosignatures'];

/**
 * The only writes open to oversight: its own acts of supervision on the escalation ladder (督办,
 * 问责; 003 §3(4)). They append the oversight unit's act to a stream of its own
 * (`duty-escalation-<dutyId>`) and change no record of the department supervised, so "oversight
 * reads every history and writes none of it" still holds for every department's records.
 */
export const OVERSIGHT_ACTS: readonly RouteKey[] = ['POST /duties/:dutyId/supervision', 'POST /duties/:dutyId/accountability'];

/** A write changes the record; every route that may append to the log is declared with a writing method. */
export function isWrite(route: RouteKey): boolean {
  return !route.startsWith('GET ') && !SESSION_ROUTES.includes(route);
}

/** Every route with its audience, in matrix order. */
export function matrixEntries(matrix: readonly MatrixArea[] = AUTHORISATION_MATRIX): [RouteKey, Audience][] {
  return matrix.flatMap((area) => Object.entries(area.routes) as [RouteKey, Audience][]);
}

/**
 * The rules the matrix itself must keep, whatever is added to it: each route listed once, and
 * oversight and discipline units on no write route but their own escalation acts (they read every
 * history and write none of it; OVERSIGHT_ACTS).
 */
export function matrixViolations(matrix: readonly MatrixArea[] = AUTHORISATION_MATRIX): string[] {
  const seen = new Set<RouteKey>();
  const violations: string[] = [];
  for (const [route, audience] of matrixEntries(matrix)) {
    if (seen.has(route)) violations.push(`${route} is listed twice`);
    seen.add(route);
    if (isWrite(route) && audience === PUBLIC && !SIGNATURE_AUTHENTICATED_WRITES.includes(route)) violations.push(`${route} writes and is open to the public`);
    if (isWrite(route) && audience !== PUBLIC && audience.includes('oversight') && !OVERSIGHT_ACTS.includes(route))
      violations.push(`${route} writes and allows oversight, which writes nothing`);
    if (audience !== PUBLIC && audience.length === 0) violations.push(`${route} allows nobody`);
  }
  return violations;
}

const violations = matrixViolations();
if (violations.length > 0) throw new Error(`the authorisation matrix breaks its own rules: ${violations.join('; ')}`);

const AUDIENCES = new Map<string, Audience>(matrixEntries());

/** The matrix key of a request's route; HEAD is Fastify's automatic twin of GET. */
export function routeKeyOf(method: string, declaredPath: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${declaredPath}`;
}

/** Who may call the route; undefined when the matrix does not list it, and then nobody may. */
export function audienceOf(route: string): Audience | undefined {
  return AUDIENCES.get(route);
}

export function mayCall(audience: Audience, role: Role | 'anonymous'): boolean {
  return audience === PUBLIC || (role !== 'anonymous' && audience.includes(role));
}

/** The matrix as Markdown tables, one per area: the body of docs/authorisation.md between its markers. */
export function renderAuthorisationTables(matrix: readonly MatrixArea[] = AUTHORISATION_MATRIX): string {
  const columns: readonly (Role | 'anonymous')[] = ['anonymous', ...ROLES];
  return matrix
    .map((area) => {
      const rows = (Object.entries(area.routes) as [RouteKey, Audience][]).map(
        ([route, audience]) =>
          `| \`${route}\` | ${isWrite(route) ? 'write' : 'read'} | ${columns.map((role) => (mayCall(audience, role) ? '✓' : '')).join(' | ')} |`,
      );
      return [`### ${area.area}`, '', `| Route | Kind | ${columns.join(' | ')} |`, `|---|---|${columns.map(() => ':-:').join('|')}|`, ...rows].join('\n');
    })
    .join('\n\n');
}
