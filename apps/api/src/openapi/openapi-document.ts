/**
 * Completes the OpenAPI document Nest's SwaggerModule builds from the controllers, so that it
 * stands alone (issue 13 item 2): every operation gets the roles the authorisation matrix allows
 * (`x-roles` and a sentence in its description), every command the `Idempotency-Key` header, every
 * operation the problem-details answers it can give, every JSON request body an example assembled
 * from its DTO's property examples, and every enumeration its Chinese labels (`x-enum-labels`).
 *
 * A pure function of the document and the matrix, done once at startup (apps/api/src/api.app.ts).
 * It throws — so the service does not start and the tests fail — when an operation has no summary
 * or is missing from the authorisation matrix; test/openapi.e2e-spec.ts checks the finished
 * document for everything else.
 */
import { AUTHORISATION_MATRIX, Audience, audienceOf, MatrixArea, PUBLIC, SIGNATURE_AUTHENTICATED_WRITES, isWrite, matrixEntries } from '@app/platform';
import { Role } from '@app/domain';
import { CODE_SETS, CodeLabels, ROLE_LABELS, labelsFor } from './enum-labels';

/** The parts of an OpenAPI 3 document this module reads and writes; everything else passes through. */
export interface OpenApiSchema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
  example?: unknown;
  default?: unknown;
  description?: string;
  nullable?: boolean;
  'x-enum-labels'?: Record<string, string>;
  [key: string]: unknown;
}
export interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: OpenApiSchema;
  example?: unknown;
  [key: string]: unknown;
}
export interface OpenApiMedia {
  schema?: OpenApiSchema;
  example?: unknown;
  [key: string]: unknown;
}
export interface OpenApiResponse {
  description: string;
  content?: Record<string, OpenApiMedia>;
  [key: string]: unknown;
}
export interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, OpenApiMedia>; [key: string]: unknown };
  responses: Record<string, OpenApiResponse>;
  'x-roles'?: string[];
  [key: string]: unknown;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation | unknown>>;
  components?: { schemas?: Record<string, OpenApiSchema>; [key: string]: unknown };
  [key: string]: unknown;
}

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export const IDEMPOTENCY_KEY = 'Idempotency-Key';
export const PROBLEM_DETAILS = 'ProblemDetails';
export const PROBLEM_JSON = 'application/problem+json';
/** `x-roles` of a route open to everyone. */
export const PUBLIC_ROLE = 'public';

/** The matrix key of an OpenAPI operation: `POST /tasks/{taskId}/draws` → `POST /tasks/:taskId/draws`. */
export function routeKeyOfOperation(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`;
}

/** A command: a write that runs through the command gateway and so honours an Idempotency-Key (a witness's cosignature is idempotent by content instead). */
export function isCommandRoute(route: string): boolean {
  return isWrite(route as never) && !SIGNATURE_AUTHENTICATED_WRITES.includes(route as never);
}

export class OpenApiDocumentError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the OpenAPI document is incomplete:\n- ${problems.join('\n- ')}`);
  }
}

const PROBLEM_SCHEMA: OpenApiSchema = {
  type: 'object',
  description: 'Every refusal (RFC 9457 problem details). `detail` says what to fix; a validation failure lists every offending field at once in `errors`.',
  required: ['type', 'title', 'status'],
  properties: {
    type: {
      type: 'string',
      example: 'urn:dsr:problem:illegal-state',
      description: '`urn:dsr:problem:<kind>` (e.g. role-not-allowed, forbidden, not-found, illegal-state, concurrency) or `about:blank`',
    },
    title: { type: 'string', example: 'Conflict', description: 'The HTTP status in words' },
    status: { type: 'integer', example: 409, description: 'The HTTP status code, repeated' },
    detail: { type: 'string', example: 'the task list is locked', description: 'What went wrong, for the person who sent the request' },
    errors: {
      type: 'array',
      description: 'One entry per field at fault',
      items: {
        type: 'object',
        required: ['field', 'reason'],
        properties: {
          field: { type: 'string', example: 'areaCode', description: 'Dotted path of the field (`items.3.name`), or the header / query parameter' },
          reason: { type: 'string', example: 'areaCode must be six digits', description: 'Why it is refused' },
        },
      },
    },
  },
};

const problem = (description: string, example: Record<string, unknown>): OpenApiResponse => ({
  description,
  content: { [PROBLEM_JSON]: { schema: { $ref: `#/components/schemas/${PROBLEM_DETAILS}` }, example } },
});

const STANDARD: Record<string, (route: string) => OpenApiResponse> = {
  400: () =>
    problem('The request is not valid: every offending field is listed in `errors` (field and reason), all at once', {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'the request is not valid',
      errors: [{ field: 'areaCode', reason: 'areaCode must be six digits' }],
    }),
  401: (route) =>
    problem(
      audienceOf(route) === PUBLIC
        ? 'A bearer token was sent and is malformed, forged or expired (this route needs none, but a token sent is still verified)'
        : 'No bearer token, or one that is malformed, forged or expired',
      {
        type: 'about:blank',
        title: 'Unauthorized',
        status: 401,
        detail: 'a valid bearer token is required',
      },
    ),
  403: () =>
    problem(
      "The token's role may not call this route (`urn:dsr:problem:role-not-allowed`), or the record is outside the caller's unit's scope (`urn:dsr:problem:forbidden`)",
      {
        type: 'urn:dsr:problem:role-not-allowed',
        title: 'Forbidden',
        status: 403,
        detail: 'the role staff may not call this route',
      },
    ),
  404: () =>
    problem('A record named in the path does not exist', { type: 'urn:dsr:problem:not-found', title: 'Not Found', status: 404, detail: 'no such record' }),
  409: () =>
    problem(
      "The record's state does not allow the command (`urn:dsr:problem:illegal-state`), or the record changed while it was decided (`urn:dsr:problem:concurrency`; try again)",
      {
        type: 'urn:dsr:problem:illegal-state',
        title: 'Conflict',
        status: 409,
        detail: 'the record does not allow this now',
      },
    ),
  413: () =>
    problem('The body is larger than the service accepts', {
      type: 'about:blank',
      title: 'Payload Too Large',
      status: 413,
      detail: 'the request body is too large',
    }),
  415: () =>
    problem('The body is not of a media type the operation takes (see its request body)', {
      type: 'about:blank',
      title: 'Unsupported Media Type',
      status: 415,
      detail: 'the content type is not supported',
    }),
  422: () =>
    problem(`The ${IDEMPOTENCY_KEY} was already used with another request; send a new key for a new command`, {
      type: 'urn:dsr:problem:idempotency-key-reused',
      title: 'Unprocessable Content',
      status: 422,
      detail: `${IDEMPOTENCY_KEY} was already used for another request (another body, route, record or caller); send a new key for a new request`,
      errors: [{ field: IDEMPOTENCY_KEY, reason: 'was already used for another request (another body, route, record or caller); send a new key for a new request' }],
    }),
  429: () =>
    problem('Too many requests from this caller; wait and try again (see `Retry-After`)', {
      type: 'about:blank',
      title: 'Too Many Requests',
      status: 429,
      detail: 'too many requests; try again later',
    }),
  503: () =>
    problem('A store is unavailable; try again later', {
      type: 'urn:dsr:problem:store-unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: 'a store is unavailable; try again later',
    }),
};

/** The problem answers an operation can give, by what it takes and who may call it. */
export function expectedProblemStatuses(route: string, operation: Pick<OpenApiOperation, 'parameters' | 'requestBody'>, audience: Audience): string[] {
  const path = route.slice(route.indexOf(' ') + 1);
  const command = isCommandRoute(route);
  const hasBody = operation.requestBody !== undefined;
  const statuses: string[] = [];
  if ((operation.parameters ?? []).length > 0 || hasBody || command) statuses.push('400');
  statuses.push('401'); // a public route needs no token, but one sent is verified
  if (audience !== PUBLIC) statuses.push('403');
  if (/:\w+/.test(path)) statuses.push('404');
  if (isWrite(route as never)) statuses.push('409');
  if (hasBody) statuses.push('413', '415');
  if (command) statuses.push('422');
  statuses.push('429', '503');
  return statuses;
}

export const IDEMPOTENCY_PARAMETER: OpenApiParameter = {
  name: IDEMPOTENCY_KEY,
  in: 'header',
  required: false,
  description:
    'Makes the command safe to retry. Sent again with the same request, the same key answers the original result (`replayed: true`) and appends nothing; ' +
    'the same key with another request is refused with 422. Without it every request is a new command. 8–128 letters, digits, `.`, `_`, `:` or `-`, ' +
    'e.g. a UUID the client makes once per intended command.',
  schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$', example: '6f1c2d9e-4b7a-4d3e-9a51-0c2b8e7f1a44' },
};

function rolesSentence(audience: Audience): string {
  if (audience === PUBLIC) return 'Who may call: anyone, without a token (公开).';
  return `Roles allowed: ${audience.map((role: Role) => `\`${role}\` (${ROLE_LABELS[role]})`).join(', ')}; any other role is refused with 403.`;
}

const appendSentence = (description: string | undefined, sentence: string): string => (description ? `${description}\n\n${sentence}` : sentence);

function resolveRef(document: OpenApiDocument, schema: OpenApiSchema): OpenApiSchema {
  let current = schema;
  for (let guard = 0; current.$ref && guard < 20; guard++) {
    const name = current.$ref.split('/').pop()!;
    current = document.components?.schemas?.[name] ?? {};
  }
  return current;
}

/**
 * A body example from the schema's own examples: a property's `example`, else its `default`, else
 * its first enum value; objects and arrays are assembled from their parts. A part that yields none
 * is left out, so a test comparing the example with the schema names the DTO property lacking one.
 */
export function exampleOf(document: OpenApiDocument, schema: OpenApiSchema, depth = 0): unknown {
  if (schema.example !== undefined) return schema.example;
  if (depth > 12) return undefined;
  if (schema.$ref) return exampleOf(document, resolveRef(document, schema), depth + 1);
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => exampleOf(document, part, depth + 1));
    if (parts.every((part) => typeof part === 'object' && part !== null && !Array.isArray(part))) return Object.assign({}, ...parts);
    return parts.find((part) => part !== undefined);
  }
  if (schema.oneOf ?? schema.anyOf) return exampleOf(document, (schema.oneOf ?? schema.anyOf)![0], depth + 1);
  if (schema.default !== undefined) return schema.default;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.type === 'array' && schema.items) {
    const item = exampleOf(document, schema.items, depth + 1);
    return item === undefined ? undefined : [item];
  }
  if (schema.properties) {
    const entries = Object.entries(schema.properties)
      .map(([name, property]) => [name, exampleOf(document, property, depth + 1)] as const)
      .filter(([, value]) => value !== undefined);
    return Object.fromEntries(entries);
  }
  return undefined;
}

function labelEnum(schema: OpenApiSchema, sets: readonly CodeLabels[]): void {
  const target = schema.enum ? schema : schema.items?.enum ? schema.items : undefined;
  if (!target?.enum || schema['x-enum-labels']) return;
  const labels = labelsFor(target.enum, sets);
  if (!labels) return;
  schema['x-enum-labels'] = labels;
  if (target !== schema) target['x-enum-labels'] = labels;
  schema.description = appendSentence(
    schema.description,
    `取值 Values: ${Object.entries(labels)
      .map(([code, label]) => `\`${code}\` ${label}`)
      .join('；')}.`,
  );
}

function visitSchemas(schema: OpenApiSchema | undefined, visit: (schema: OpenApiSchema) => void, seen = new Set<OpenApiSchema>()): void {
  if (!schema || seen.has(schema)) return;
  seen.add(schema);
  visit(schema);
  for (const property of Object.values(schema.properties ?? {})) visitSchemas(property, visit, seen);
  visitSchemas(schema.items, visit, seen);
  for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) visitSchemas(part, visit, seen);
  if (typeof schema.additionalProperties === 'object') visitSchemas(schema.additionalProperties as OpenApiSchema, visit, seen);
}

export interface CompleteOptions {
  matrix?: readonly MatrixArea[];
  codeSets?: readonly CodeLabels[];
}

/** The document completed as the module comment says; the input is not changed. Throws OpenApiDocumentError listing every operation without a summary or a matrix entry. */
export function completeOpenApiDocument<T extends object>(input: T, options: CompleteOptions = {}): T {
  const document = structuredClone(input) as unknown as OpenApiDocument;
  const audiences = new Map<string, Audience>(matrixEntries(options.matrix ?? AUTHORISATION_MATRIX));
  const sets = options.codeSets ?? CODE_SETS;
  const problems: string[] = [];

  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[PROBLEM_DETAILS] = structuredClone(PROBLEM_SCHEMA);

  for (const schema of Object.values(document.components.schemas)) visitSchemas(schema, (s) => labelEnum(s, sets));

  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as OpenApiOperation | undefined;
      if (!operation) continue;
      const route = routeKeyOfOperation(method, path);
      if (!operation.summary?.trim()) problems.push(`${route} (${operation.operationId ?? 'no operationId'}) has no summary: add @ApiOperation({ summary })`);
      const audience = audiences.get(route);
      if (audience === undefined) {
        problems.push(`${route} is not in the authorisation matrix (libs/platform/src/auth/authorisation-matrix.ts)`);
        continue;
      }

      operation['x-roles'] = audience === PUBLIC ? [PUBLIC_ROLE] : [...audience];
      operation.description = appendSentence(operation.description, rolesSentence(audience));

      operation.parameters ??= [];
      for (const parameter of operation.parameters) visitSchemas(parameter.schema, (s) => labelEnum(s, sets));
      for (const parameter of operation.parameters) {
        const labels = parameter.schema?.['x-enum-labels'];
        if (labels && !parameter['x-enum-labels']) {
          parameter['x-enum-labels'] = labels;
          parameter.description = appendSentence(
            parameter.description,
            `取值 Values: ${Object.entries(labels)
              .map(([code, label]) => `\`${code}\` ${label}`)
              .join('；')}.`,
          );
        }
      }
      if (isCommandRoute(route) && !operation.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === IDEMPOTENCY_KEY.toLowerCase())) {
        operation.parameters.push(structuredClone(IDEMPOTENCY_PARAMETER));
      }

      const json = operation.requestBody?.content['application/json'];
      if (json?.schema && json.example === undefined) {
        const example = exampleOf(document, json.schema);
        if (example !== undefined) json.example = example;
      }

      for (const status of expectedProblemStatuses(route, operation, audience)) {
        const standard = STANDARD[status](route);
        const existing = operation.responses[status];
        operation.responses[status] = existing ? { ...standard, ...existing, content: existing.content ?? standard.content } : standard;
      }
      // answers the controller declared itself (e.g. a witness's 403) have the same shape
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 && !response.content) response.content = { [PROBLEM_JSON]: { schema: { $ref: `#/components/schemas/${PROBLEM_DETAILS}` } } };
      }
    }
  }

  if (problems.length > 0) throw new OpenApiDocumentError(problems);
  return document as unknown as T;
}
