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


describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: { openapi: string; paths: Record<string, Record<string, { parameters: { name: string }[] }>>; components: { schemas: Record<string, unknown> } };

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
      responses: { 201: { description: 'made', schema: Thing }, 409: { description: 'taken' } },
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
    expect(Object.keys(op.responses).sort()).toEqual(['201', '401', '409', '422', '429']);
    expect(doc.components.schemas.Thing).toMatchObject({ type: 'object', properties: { id: { type: 'number' } } });
  });
});
