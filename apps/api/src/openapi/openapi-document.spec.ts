/** The OpenAPI post-processor on small hand-made documents: roles, Idempotency-Key, problem answers, body examples, enum labels, and its refusals. */
import { MatrixArea } from '@app/platform';
import {
  IDEMPOTENCY_KEY,
  OpenApiDocument,
  OpenApiDocumentError,
  OpenApiOperation,
  completeOpenApiDocument,
  exampleOf,
  routeKeyOfOperation,
} from './openapi-document';
import { labelsFor } from './enum-labels';

const MATRIX: MatrixArea[] = [
  {
    area: 'test',
    routes: {
      'POST /departments/:departmentId/plans': ['staff', 'admin'],
      'GET /departments/:departmentId/plans': 'public',
      'GET /health': 'public',
      'POST /integrity/cosignatures': 'public',
    },
  },
];

function documentWith(paths: OpenApiDocument['paths']): OpenApiDocument {
  return {
    openapi: '3.0.0',
    paths,
    components: {
      schemas: {
        PlanDto: {
          type: 'object',
          required: ['year', 'level'],
          properties: {
            year: { type: 'number', example: 2026 },
            level: { type: 'string', enum: ['province', 'city', 'county'] },
            items: { type: 'array', items: { $ref: '#/components/schemas/ItemDto' } },
            draft: { type: 'boolean', default: false },
          },
        },
        ItemDto: {
          type: 'object',
          properties: { title: { type: 'string', example: '食品生产' }, methods: { type: 'array', items: { type: 'string', enum: ['written', 'on-site'] } } },
        },
      },
    },
  };
}

const op = (summary: string | undefined, extra: Partial<OpenApiOperation> = {}): OpenApiOperation => ({
  summary,
  responses: { 200: { description: '' } },
  ...extra,
});

const planPaths = (): OpenApiDocument['paths'] => ({
  '/departments/{departmentId}/plans': {
    post: op('Draft a plan', {
      parameters: [{ name: 'departmentId', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/PlanDto' } } } },
    }),
    get: op('Published plans', { parameters: [{ name: 'departmentId', in: 'path', required: true, schema: { type: 'string' } }] }),
  },
  '/health': { get: op('Health') },
});

describe('completeOpenApiDocument', () => {
  it('maps OpenAPI paths to matrix keys', () => {
    expect(routeKeyOfOperation('post', '/results/{taskId}/{targetId}/objections/{n}/review')).toBe('POST /results/:taskId/:targetId/objections/:n/review');
  });

  it('names the roles of the matrix on every operation, as x-roles and in the description', () => {
    const document = completeOpenApiDocument(documentWith(planPaths()), { matrix: MATRIX });
    const post = document.paths['/departments/{departmentId}/plans'].post as OpenApiOperation;
    const get = document.paths['/departments/{departmentId}/plans'].get as OpenApiOperation;
    expect(post['x-roles']).toEqual(['staff', 'admin']);
    expect(post.description).toContain('`staff` (业务科室), `admin` (系统管理员)');
    expect(get['x-roles']).toEqual(['public']);
    expect(get.description).toMatch(/anyone, without a token/);
  });

  it('adds the Idempotency-Key header to commands only, explaining replay and reuse', () => {
    const document = completeOpenApiDocument(documentWith(planPaths()), { matrix: MATRIX });
    const post = document.paths['/departments/{departmentId}/plans'].post as OpenApiOperation;
    const header = post.parameters!.find((p) => p.name === IDEMPOTENCY_KEY)!;
    expect(header).toMatchObject({ in: 'header', required: false });
    expect(header.description).toMatch(/original result/);
    expect(header.description).toMatch(/another request is refused with 422/);
    expect((document.paths['/health'].get as OpenApiOperation).parameters!.some((p) => p.name === IDEMPOTENCY_KEY)).toBe(false);
  });

  it('adds the problem answers by what the operation takes and who may call it, all referencing ProblemDetails', () => {
    const document = completeOpenApiDocument(documentWith(planPaths()), { matrix: MATRIX });
    const statuses = (path: string, method: string) => Object.keys((document.paths[path][method] as OpenApiOperation).responses).sort();
    expect(statuses('/departments/{departmentId}/plans', 'post')).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '422', '429', '503']);
    expect(statuses('/departments/{departmentId}/plans', 'get')).toEqual(['200', '400', '401', '404', '429', '503']);
    expect(statuses('/health', 'get')).toEqual(['200', '401', '429', '503']);
    const bad = (document.paths['/departments/{departmentId}/plans'].post as OpenApiOperation).responses['400'];
    expect(bad.content!['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/ProblemDetails' });
    expect(document.components!.schemas!.ProblemDetails.properties!.errors.type).toBe('array');
  });

  it('keeps an answer the controller declared, adding the problem schema to it', () => {
    const paths: OpenApiDocument['paths'] = {
      '/integrity/cosignatures': {
        post: op('Cosign', {
          requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { a: { type: 'string', example: 'x' } } } } } },
          responses: { 200: { description: '' }, 403: { description: 'no witness with this key is registered' } },
        }),
      },
    };
    const post = completeOpenApiDocument(documentWith(paths), { matrix: MATRIX }).paths['/integrity/cosignatures'].post as OpenApiOperation;
    expect(post.responses['403'].description).toBe('no witness with this key is registered');
    expect(post.responses['403'].content).toBeDefined();
    // a signature-authenticated write is no command: no Idempotency-Key, no 422
    expect(post.parameters!.some((p) => p.name === IDEMPOTENCY_KEY)).toBe(false);
    expect(post.responses['422']).toBeUndefined();
  });

  it('builds the body example from the property examples, through references and arrays', () => {
    const document = completeOpenApiDocument(documentWith(planPaths()), { matrix: MATRIX });
    const post = document.paths['/departments/{departmentId}/plans'].post as OpenApiOperation;
    expect(post.requestBody!.content['application/json'].example).toEqual({
      year: 2026,
      level: 'province',
      items: [{ title: '食品生产', methods: ['written'] }],
      draft: false,
    });
  });

  it('leaves out a property without an example, so the gap shows', () => {
    const document = documentWith({});
    expect(exampleOf(document, { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer', example: 3 } } })).toEqual({ b: 3 });
  });

  it('labels every enum with the smallest code set that covers it, in x-enum-labels and the description', () => {
    const document = completeOpenApiDocument(documentWith(planPaths()), { matrix: MATRIX });
    const level = document.components!.schemas!.PlanDto.properties!.level;
    expect(level['x-enum-labels']).toEqual({ province: '省级', city: '市级', county: '县级' });
    expect(level.description).toContain('`city` 市级');
    expect(document.components!.schemas!.ItemDto.properties!.methods['x-enum-labels']).toEqual({ written: '书面检查', 'on-site': '实地核查' });
    expect(labelsFor(['compliant', 'not-applicable'])).toEqual({ compliant: '未发现问题', 'not-applicable': '不适用' });
    expect(labelsFor(['no-such-code'])).toBeUndefined();
  });

  it('does not change its input', () => {
    const input = documentWith(planPaths());
    const copy = structuredClone(input);
    completeOpenApiDocument(input, { matrix: MATRIX });
    expect(input).toEqual(copy);
  });

  it('refuses loudly an operation without a summary, or one the authorisation matrix does not list', () => {
    const paths = planPaths();
    (paths['/health'].get as OpenApiOperation).summary = undefined;
    paths['/nowhere'] = { get: op('Not in the matrix') };
    let error: unknown;
    try {
      completeOpenApiDocument(documentWith(paths), { matrix: MATRIX });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OpenApiDocumentError);
    expect((error as OpenApiDocumentError).problems).toEqual([
      'GET /health (no operationId) has no summary: add @ApiOperation({ summary })',
      'GET /nowhere is not in the authorisation matrix (libs/platform/src/auth/authorisation-matrix.ts)',
    ]);
  });
});
