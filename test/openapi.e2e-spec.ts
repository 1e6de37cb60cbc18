/**
 * The OpenAPI document stands alone (issue 13 item 2): read from the running app at /docs-json,
 * every operation has a summary and the roles the authorisation matrix allows; every command the
 * Idempotency-Key header and an example body; every operation the problem answers it can give;
 * every enumeration its Chinese labels; and no number is documented as a string or an untyped
 * object. The rules are stated here again, not imported from the post-processor that applies them
 * (apps/api/src/openapi/openapi-document.ts), so a change to either shows.
 */
import { ParseIntPipe } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { AUTHORISATION_MATRIX, Audience, PUBLIC, RouteKey, SIGNATURE_AUTHENTICATED_WRITES, isWrite, matrixEntries } from '@app/platform';
import { ApiHarness, startApi } from './support/api-harness';

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  'x-enum-labels'?: Record<string, string>;
}
interface Parameter {
  name: string;
  in: string;
  description?: string;
  schema?: Schema;
  'x-enum-labels'?: Record<string, string>;
}
interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema; example?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: Schema }> }>;
  'x-roles'?: string[];
}
interface Route {
  key: string;
  method: string;
  path: string;
  operation: Operation;
}

/** Served, and listed in the matrix, but no part of the JSON API: the documents themselves, the HTML pages, Prometheus metrics. */
const NOT_DOCUMENTED = /^GET \/(docs(-json|-yaml)?(\/.*)?|gs(\/.*)?|metrics)$|^(GET|POST) \/dashboard(\/.*)?$/;
const CJK = /[\u4e00-\u9fff]/;
const NUMERIC_CONSTRAINTS = new Set(['isInt', 'isNumber', 'isPositive', 'isNegative', 'min', 'max', 'isDivisibleBy']);

describe('OpenAPI document that stands alone (issue 13 item 2)', () => {
  let api: ApiHarness;
  let document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  let routes: Route[];

  beforeAll(async () => {
    api = await startApi();
    const response = await api.app.inject({ method: 'GET', url: '/docs-json' });
    expect(response.statusCode).toBe(200);
    document = response.json();
    routes = Object.entries(document.paths).flatMap(([path, item]) =>
      ['get', 'post', 'put', 'patch', 'delete']
        .filter((method) => item[method])
        .map((method) => ({ key: `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`, method, path, operation: item[method] })),
    );
  });
  afterAll(() => api.close());

  const resolve = (schema: Schema | undefined): Schema => {
    let s = schema ?? {};
    for (let guard = 0; s.$ref && guard < 20; guard++) s = document.components.schemas[s.$ref.split('/').pop()!] ?? {};
    if (s.allOf?.length === 1 && !s.properties) return resolve(s.allOf[0]);
    return s;
  };
  const isCommand = (key: string) => isWrite(key as RouteKey) && !SIGNATURE_AUTHENTICATED_WRITES.includes(key as RouteKey);
  const audiences = () => new Map<string, Audience>(matrixEntries(AUTHORISATION_MATRIX));
  /** The gaps the check finds, as `METHOD /path: what is missing`; each test expects none. */
  const gaps = (check: (route: Route) => string[]) => routes.flatMap((route) => check(route).map((gap) => `${route.key}: ${gap}`));

  it('documents a good share of the API', () => {
    expect(routes.length).toBeGreaterThan(100);
  });

  it('gives every operation a summary', () => {
    expect(gaps(({ operation }) => (operation.summary?.trim() ? [] : ['no summary']))).toEqual([]);
  });

  it('documents every route of the authorisation matrix with the roles it allows, and no operation the matrix does not list', () => {
    const documented = new Map(routes.map((route) => [route.key, route.operation]));
    const listed = audiences();
    const missing = [...listed.keys()].filter((key) => !NOT_DOCUMENTED.test(key) && !documented.has(key));
    const unlisted = [...documented.keys()].filter((key) => !listed.has(key));
    expect({ missing, unlisted }).toEqual({ missing: [], unlisted: [] });
    expect(
      gaps(({ key, operation }) => {
        const audience = listed.get(key)!;
        const roles = audience === PUBLIC ? ['public'] : [...audience];
        const found: string[] = [];
        if (JSON.stringify(operation['x-roles']) !== JSON.stringify(roles))
          found.push(`x-roles ${JSON.stringify(operation['x-roles'])}, the matrix says ${JSON.stringify(roles)}`);
        const description = operation.description ?? '';
        if (audience === PUBLIC ? !/anyone, without a token/.test(description) : roles.some((role) => !description.includes(`\`${role}\``)))
          found.push('the description does not name who may call it');
        return found;
      }),
    ).toEqual([]);
  });

  it('gives every command the Idempotency-Key header, saying what a replay and a reused key answer', () => {
    expect(
      gaps(({ key, operation }) => {
        const header = (operation.parameters ?? []).find((p) => p.in === 'header' && p.name === 'Idempotency-Key');
        if (!isCommand(key)) return header ? ['not a command, yet documents an Idempotency-Key'] : [];
        if (!header) return ['no Idempotency-Key header'];
        return /original result/.test(header.description ?? '') && /422/.test(header.description ?? '')
          ? []
          : ['the Idempotency-Key does not explain replay and reuse'];
      }),
    ).toEqual([]);
  });

  it('gives every request body an example with a value for each of its properties', () => {
    const missingIn = (example: unknown, schema: Schema, at: string, depth = 0): string[] => {
      const s = resolve(schema);
      if (depth > 8 || example === null) return [];
      if (s.type === 'array' && s.items) {
        if (!Array.isArray(example)) return [`${at} has no example list`];
        // an empty list is an example of a list of values (e.g. no joint departments); a list of objects shows one
        if (example.length === 0) return resolve(s.items).properties ? [`${at} has no example item`] : [];
        return missingIn(example[0], s.items, `${at}[0]`, depth + 1);
      }
      if (!s.properties) return [];
      if (typeof example !== 'object' || Array.isArray(example)) return [`${at} has no example object`];
      return Object.entries(s.properties).flatMap(([name, property]) =>
        name in (example as object)
          ? missingIn((example as Record<string, unknown>)[name], property, `${at}.${name}`, depth + 1)
          : [`${at}.${name} has no example`],
      );
    };
    expect(
      gaps(({ operation }) => {
        const content = operation.requestBody?.content;
        if (!content) return [];
        const json = content['application/json'];
        if (json) return json.example === undefined ? ['no example body'] : missingIn(json.example, json.schema ?? {}, 'body');
        const multipart = content['multipart/form-data'];
        return multipart && resolve(multipart.schema).properties ? [] : ['a body that is neither JSON with an example nor a described form'];
      }),
    ).toEqual([]);
  });

  it('gives every operation the problem answers it can give, each a ProblemDetails', () => {
    const listed = audiences();
    expect(
      gaps(({ key, path, operation }) => {
        const audience = listed.get(key);
        const hasBody = operation.requestBody !== undefined;
        const takesInput = (operation.parameters ?? []).length > 0 || hasBody;
        const expected = [
          ...(takesInput ? ['400'] : []),
          // a public route needs no token, but one sent is verified
          '401',
          ...(audience !== PUBLIC ? ['403'] : []),
          ...(path.includes('{') ? ['404'] : []),
          ...(isWrite(key as RouteKey) ? ['409'] : []),
          ...(hasBody ? ['413', '415'] : []),
          ...(isCommand(key) ? ['422'] : []),
          '429',
          '503',
        ];
        const found: string[] = expected.filter((status) => !operation.responses[status]).map((status) => `no ${status} answer`);
        for (const [status, response] of Object.entries(operation.responses).filter(([status]) => Number(status) >= 400)) {
          // a failing health check answers 503 with the health report itself, for load balancers (terminus)
          if (key === 'GET /health' && status === '503') continue;
          if (response.content?.['application/problem+json']?.schema?.$ref !== '#/components/schemas/ProblemDetails')
            found.push(`the ${status} answer is not a ProblemDetails`);
          if (!response.description) found.push(`the ${status} answer has no description`);
        }
        return found;
      }),
    ).toEqual([]);
    const problem = document.components.schemas.ProblemDetails;
    expect(Object.keys(problem.properties ?? {})).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'errors']));
    expect(Object.keys(resolve(problem.properties!.errors.items).properties ?? {})).toEqual(['field', 'reason']);
    expect(document.paths['/departments'].post.responses['400'].description).toMatch(/errors/);
  });

  it('labels every value of every enumeration in Chinese', () => {
    const unlabelled: string[] = [];
    const check = (schema: Schema | undefined, at: string, labelsOnParent?: Record<string, string>, seen = new Set<Schema>()) => {
      if (!schema || seen.has(schema)) return;
      seen.add(schema);
      if (schema.enum) {
        const labels = schema['x-enum-labels'] ?? labelsOnParent;
        const bad = schema.enum.filter((value) => !labels || !CJK.test(labels[String(value)] ?? ''));
        if (bad.length > 0) unlabelled.push(`${at}: ${bad.join(', ')}`);
      }
      for (const [name, property] of Object.entries(schema.properties ?? {})) check(property, `${at}.${name}`, undefined, seen);
      check(schema.items, `${at}[]`, schema['x-enum-labels'], seen);
      for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) check(part, at, undefined, seen);
    };
    for (const [name, schema] of Object.entries(document.components.schemas)) check(schema, name);
    for (const { key, operation } of routes) {
      for (const parameter of operation.parameters ?? []) check(parameter.schema, `${key} ${parameter.in} ${parameter.name}`, parameter['x-enum-labels']);
      for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) check(media.schema, `${key} body ${type}`);
    }
    expect(unlabelled).toEqual([]);
  });

  describe('numbers typed as numbers', () => {
    /** Property names class-validator checks as numbers, by class (its own and inherited). */
    const numericProperties = (target: Function): Set<string> => {
      const byClass = (getMetadataStorage() as unknown as { validationMetadatas: Map<Function, { propertyName: string; name?: string }[]> })
        .validationMetadatas;
      const names = new Set<string>();
      for (let t: Function | null = target; t && t !== Function.prototype; t = Object.getPrototypeOf(t))
        for (const metadata of byClass.get(t) ?? []) if (metadata.name && NUMERIC_CONSTRAINTS.has(metadata.name)) names.add(metadata.propertyName);
      return names;
    };
    const numeric = (schema: Schema | undefined) => ['number', 'integer'].includes(resolve(schema).type ?? '');

    it('documents no property as an untyped object (what `number | null` or `string | null` become without a type)', () => {
      const untyped: string[] = [];
      for (const [name, schema] of Object.entries(document.components.schemas))
        for (const [property, s] of Object.entries(schema.properties ?? {}))
          if (s.type === 'object' && !s.properties && !s.additionalProperties && !s.allOf && !s.$ref) untyped.push(`${name}.${property}`);
      expect(untyped).toEqual([]);
    });

    it('types as a number every DTO property validated as one', () => {
      const byClass = (getMetadataStorage() as unknown as { validationMetadatas: Map<Function, unknown[]> }).validationMetadatas;
      const stringly: string[] = [];
      for (const target of byClass.keys()) {
        const schema = document.components.schemas[target.name];
        if (!schema) continue;
        for (const property of numericProperties(target))
          if (schema.properties?.[property] && !numeric(schema.properties[property])) stringly.push(`${target.name}.${property}`);
      }
      expect(stringly).toEqual([]);
    });

    it('types as a number every query parameter validated as one and every path parameter parsed as one', () => {
      const handlers = new Map<string, { controller: Function; method: string }>();
      for (const module of api.app.get(ModulesContainer).values())
        for (const wrapper of module.controllers.values()) {
          const controller = wrapper.metatype as Function;
          for (const method of Object.getOwnPropertyNames(controller.prototype)) handlers.set(`${controller.name}_${method}`, { controller, method });
        }
      const stringly: string[] = [];
      let checked = 0;
      for (const { key, operation } of routes) {
        const handler = handlers.get(operation.operationId);
        if (!handler) throw new Error(`no handler for ${operation.operationId}`);
        const args = (Reflect.getMetadata('__routeArguments__', handler.controller, handler.method) ?? {}) as Record<
          string,
          { index: number; data?: string; pipes?: unknown[] }
        >;
        const types = (Reflect.getMetadata('design:paramtypes', handler.controller.prototype, handler.method) ?? []) as Function[];
        for (const [slot, arg] of Object.entries(args)) {
          const kind = Number(slot.split(':')[0]);
          if (kind === 4 && !arg.data && types[arg.index]) {
            for (const property of numericProperties(types[arg.index])) {
              const parameter = operation.parameters?.find((p) => p.in === 'query' && p.name === property);
              if (parameter) checked++;
              if (parameter && !numeric(parameter.schema)) stringly.push(`${key} query ${property}`);
            }
          }
          if (kind === 5 && arg.data && (arg.pipes ?? []).some((pipe) => pipe instanceof ParseIntPipe || pipe === ParseIntPipe)) {
            const parameter = operation.parameters?.find((p) => p.in === 'path' && p.name === arg.data);
            checked++;
            if (!numeric(parameter?.schema)) stringly.push(`${key} path ${arg.data}`);
          }
        }
      }
      expect(stringly).toEqual([]);
      expect(checked).toBeGreaterThan(20);
      expect(document.paths['/results/{taskId}/{targetId}/objections/{n}/review'].post.parameters!.find((p) => p.name === 'n')!.schema!.type).toBe('integer');
    });
  });
});
