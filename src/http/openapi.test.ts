import type { Test } from 'supertest';
import { z } from 'zod';
import { startTestApp, type TestApp } from '../../test/app.js';
import { createOpenApiRegistry, toOpenApiPath } from './openapi.js';

interface Layer {
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every (method, path) the Express app routes, found by walking its router stacks. */
function routesOf(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      return Object.keys(layer.route.methods)
        .filter((m) => m !== '_all')
        .map((m) => `${m.toUpperCase()} ${prefix}${layer.route!.path}`.replace(/(.)\/$/, '$1'));
    }
    const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
    return layer.handle.stack ? routesOf(layer.handle.stack, prefix + mount) : [];
  });
}

interface DocOperation {
  parameters: { name: string }[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}

/** A request that must get `status`, and the documented operation (method, OpenAPI path) it exercises. */
type ErrorCase = [method: string, path: string, status: number, request: () => Test];

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: { openapi: string; paths: Record<string, Record<string, DocOperation>>; components: { schemas: Record<string, unknown> } };

  /** For each case: the status the app answered and the media types the document declares for it (expected: exactly the one sent). */
  async function answeredAndDocumented(cases: ErrorCase[]) {
    const out = [];
    for (const [method, path, status, request] of cases) {
      const res = await request();
      const documented = doc.paths[path]?.[method]?.responses[String(status)];
      out.push({ operation: `${method.toUpperCase()} ${path}`, status: res.status, sent: res.type, documented: Object.keys(documented?.content ?? {}) });
    }
    return out;
  }
  const expected = (cases: ErrorCase[], type = 'application/problem+json') =>
    cases.map(([method, path, status]) => ({ operation: `${method.toUpperCase()} ${path}`, status, sent: type, documented: [type] }));

  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.http.get('/api/v1/openapi.json').set('Authorization', `Bearer ${t.token}`);
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(() => t.close());

  it('requires credentials, like /api/docs', async () => {
    expect((await t.http.get('/api/v1/openapi.json')).status).toBe(401);
    expect((await t.http.get('/api/docs')).status).toBe(401);
    expect((await t.http.get('/api/docs/assets/swagger-ui-bundle.js')).status).toBe(401);
  });

  it('serves a readable docs page over the document at /api/docs', async () => {
    const auth = { Authorization: `Bearer ${t.token}` };
    const page = await t.http.get('/api/docs').set(auth);
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain('swagger-ui');
    expect((await t.http.get('/api/docs/init.js').set(auth)).text).toContain('/api/v1/openapi.json');
    const bundle = await t.http.get('/api/docs/assets/swagger-ui-bundle.js').set(auth);
    expect(bundle.status).toBe(200);
    expect(bundle.text.length).toBeGreaterThan(100_000);
  });

  it('is OpenAPI 3.1 with the shared schemas as components', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Product', 'ProductPage', 'Problem']));
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  it('documents every /api/v1 route, and routes every documented operation', () => {
    const routed = [
      ...new Set(
        routesOf((t.web.app as unknown as { router: { stack: Layer[] } }).router.stack).flatMap((r) => {
          const [method, path] = r.split(' ') as [string, string];
          if (!path.startsWith('/api/v1')) return [];
          return [`${method} ${toOpenApiPath(path.slice('/api/v1'.length) || '/')}`];
        }),
      ),
    ];
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routed).toEqual(expect.arrayContaining(['GET /', 'GET /products/{id}', 'PUT /products/by-sku/{sku}', 'GET /openapi.json']));
    expect(routed.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((d) => !routed.includes(d))).toEqual([]);
  });

  it('declares every error answer as application/problem+json (one definition for all)', () => {
    const errors = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) =>
        Object.entries(op.responses)
          .filter(([status]) => Number(status) >= 400)
          .map(([status, r]) => ({ at: `${method.toUpperCase()} ${path} ${status}`, types: Object.keys(r.content ?? {}) })),
      ),
    );
    expect(errors.length).toBeGreaterThan(50);
    expect(errors.filter((e) => e.types.join() !== 'application/problem+json')).toEqual([]);
  });

  it('answers each documented error status with the content type the document declares for it', async () => {
    const auth = { Authorization: `Bearer ${t.token}` };
    const missingUuid = '00000000-0000-4000-8000-000000000000';
    await t.http.post('/api/v1/products').set(auth).send({ sku: 'DOC-1', name: 'Taken' }).expect(201);
    const cases: ErrorCase[] = [
      ['get', '/imports/{id}', 401, () => t.http.get(`/api/v1/imports/${missingUuid}`)],
      ['get', '/imports/{id}', 401, () => t.http.get(`/api/v1/imports/${missingUuid}`).set('Authorization', 'Bearer wrong')],
      ['get', '/imports/{id}', 404, () => t.http.get(`/api/v1/imports/${missingUuid}`).set(auth)],
      ['get', '/imports/{id}', 422, () => t.http.get('/api/v1/imports/not-a-uuid').set(auth)],
      ['get', '/imports/{id}/errors', 404, () => t.http.get(`/api/v1/imports/${missingUuid}/errors`).set(auth)],
      ['post', '/imports', 415, () => t.http.post('/api/v1/imports').set(auth).send({ not: 'csv' })],
      ['post', '/imports', 422, () => t.http.post('/api/v1/imports').set(auth).type('text/csv').send('')],
      ['get', '/products', 401, () => t.http.get('/api/v1/products')],
      ['get', '/products', 422, () => t.http.get('/api/v1/products?perPage=0').set(auth)],
      ['post', '/products', 400, () => t.http.post('/api/v1/products').set(auth).type('application/json').send('{"sku": ')],
      ['post', '/products', 409, () => t.http.post('/api/v1/products').set(auth).send({ sku: 'doc-1', name: 'Again' })],
      ['post', '/products', 422, () => t.http.post('/api/v1/products').set(auth).send({ name: 'No SKU' })],
      ['delete', '/products', 400, () => t.http.delete('/api/v1/products').set(auth)],
      ['get', '/products/{id}', 404, () => t.http.get('/api/v1/products/999999999').set(auth)],
      ['get', '/products/{id}', 422, () => t.http.get('/api/v1/products/abc').set(auth)],
      ['get', '/webhooks/{id}', 404, () => t.http.get('/api/v1/webhooks/999999999').set(auth)],
      ['get', '/jobs/{id}', 404, () => t.http.get(`/api/v1/jobs/${missingUuid}`).set(auth)],
      ['get', '/openapi.json', 401, () => t.http.get('/api/v1/openapi.json')],
    ];
    expect(await answeredAndDocumented(cases)).toEqual(expected(cases));
  });

  it('answers 413 and 429 as documented too (an app with a tiny upload limit and rate limit)', async () => {
    const small = await startTestApp({ env: { IMPORT_MAX_BYTES: '1024', API_RATE_LIMIT_PER_MINUTE: '2' } });
    try {
      const auth = { Authorization: `Bearer ${small.token}` };
      const big = Buffer.from(`sku,name\n${'A,B\n'.repeat(7_000)}`); // ~28 KB: past the limit, found while the upload streams
      const cases: ErrorCase[] = [
        ['post', '/imports', 413, () => small.http.post('/api/v1/imports').set(auth).type('text/csv').send(big)],
        ['get', '/products', 200, () => small.http.get('/api/v1/products').set(auth)],
        ['get', '/products', 429, () => small.http.get('/api/v1/products').set(auth)],
      ];
      const answers = await answeredAndDocumented(cases);
      expect(answers.map((a) => a.status)).toEqual([413, 200, 429]);
      expect([answers[0], answers[2]]).toEqual(expected([cases[0]!, cases[2]!]));
    } finally {
      await small.close();
    }
  });

  it('describes list filters, sorting and paging from the validating schema', () => {
    const names = doc.paths['/products']!.get!.parameters.map((p) => p.name);
    expect(names).toEqual(['sku', 'name', 'description', 'q', 'active', 'sort', 'page', 'perPage', 'cursor']);
    expect(Object.keys(doc.paths['/products/{id}']!).sort()).toEqual(['delete', 'get', 'patch', 'put']);
    expect(Object.keys(doc.paths['/products']!).sort()).toEqual(['delete', 'get', 'post']);
  });
});

describe('createOpenApiRegistry', () => {
  it('turns zod schemas into parameters, bodies and named components, and replaces a re-added operation', () => {
    const registry = createOpenApiRegistry();
    const Thing = z.object({ id: z.number() }).meta({ id: 'Thing' });
    const spec = {
      method: 'post' as const,
      path: '/things/:id',
      summary: 'first',
      params: z.object({ id: z.coerce.number() }),
      query: z.object({ dryRun: z.enum(['true', 'false']).optional(), mode: z.string() }),
      body: z.object({ name: z.string().min(1) }),
      responses: { 201: { description: 'made', schema: Thing } },
      errors: { 409: 'taken' },
    };
    registry.add(spec);
    registry.add({ ...spec, summary: 'second' });
    const doc = registry.document() as any;
    const op = doc.paths['/things/{id}'].post;
    expect(op.summary).toBe('second');
    expect(op.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'number' } },
      { name: 'dryRun', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } },
      { name: 'mode', in: 'query', required: true, schema: { type: 'string' } },
    ]);
    expect(op.requestBody.content['application/json'].schema).toMatchObject({ type: 'object', required: ['name'] });
    expect(op.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Thing' });
    expect(op.responses['409'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(Object.keys(op.responses)).toEqual(['201', '400', '401', '409', '422', '429', '500']);
    for (const status of ['400', '401', '409', '422', '429', '500']) {
      expect(op.responses[status].content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } });
    }
    expect(op.responses['429'].headers['Retry-After']).toBeDefined();
    expect(doc.components.schemas.Thing).toMatchObject({ type: 'object', properties: { id: { type: 'number' } } });
  });
});
