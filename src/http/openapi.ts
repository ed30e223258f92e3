import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import { validate } from '../lib/validate.js';

type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete' | 'options';

/** Statuses of the API's answers other than errors. */
export type SuccessStatus = 200 | 201 | 202 | 204;
/** Statuses the API answers as errors: always an RFC 9457 problem (`application/problem+json`). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 500;

export interface ApiResponseSpec {
  description: string;
  /** JSON body schema (zod); omit for empty answers such as 204. */
  schema?: z.ZodType;
  /** Default `application/json`; e.g. `text/csv` for a download (then `schema` may be omitted). */
  contentType?: string;
  headers?: Record<string, { description: string; schema?: Record<string, unknown> }>;
}

/** One documented /api/v1 operation; the same zod schemas validate its requests. */
export interface ApiOperationSpec {
  method: Method;
  /** Express-style path relative to /api/v1: `/products/:id`. */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  operationId?: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Overrides the JSON request body (e.g. a multipart upload). */
  requestBody?: Record<string, unknown>;
  responses: Partial<Record<SuccessStatus, ApiResponseSpec>>;
  /**
   * Error answers: what each status means for this operation. All are documented from one
   * definition (the Problem schema as `application/problem+json`, as `sendProblem` answers);
   * 401, 429 and 500 are added to every operation, 422 and a 400 for malformed JSON where there is input.
   */
  errors?: Partial<Record<ErrorStatus, string>>;
}

/** RFC 9457 problem (documentation schema): every error answer of the API. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe('Stable machine-readable error code'),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe('Every invalid field (422)'),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem' });

/** Operations of the /api/v1 document. Adding the same method and path again replaces it. */
export function createOpenApiRegistry() {
  const operations = new Map<string, ApiOperationSpec>();
  return {
    add(...specs: ApiOperationSpec[]): void {
      for (const spec of specs) operations.set(`${spec.method.toUpperCase()} ${spec.path}`, spec);
    },
    operations: (): ApiOperationSpec[] => [...operations.values()],
    /** The OpenAPI 3.1 document (built on each call; cheap at our size). */
    document: (): Record<string, unknown> => buildDocument([...operations.values()]),
  };
}
export type OpenApiRegistry = ReturnType<typeof createOpenApiRegistry>;

/**
 * The process-wide registry behind GET /api/v1/openapi.json. Routes modules add their operations,
 * preferably through `documentedRoute()`, so what is documented is what is validated.
 */
export const apiDocs = createOpenApiRegistry();

type Input<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * Mounts one route on `router` and documents it in `apiDocs`: params and query are parsed with the
 * spec's schemas (422 listing every invalid field) and handed to `handler`. The body schema is
 * documented, and the body handed over as sent: the service it goes to checks it (the same check
 * the panel's writes get), so it is validated once.
 */
export function documentedRoute<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  router: Router,
  spec: ApiOperationSpec & { params?: P; query?: Q; body?: B },
  handler: (input: { params: Input<P>; query: Input<Q>; body: unknown }, req: Request, res: Response) => unknown,
): void {
  apiDocs.add(spec);
  router[spec.method](spec.path, async (req: Request, res: Response) => {
    const input = {
      params: (spec.params ? validate(spec.params, req.params) : undefined) as Input<P>,
      query: (spec.query ? validate(spec.query, req.query) : undefined) as Input<Q>,
      body: (req.body ?? {}) as unknown,
    };
    await handler(input, req, res);
  });
}

type JsonSchema = Record<string, unknown>;

/** zod → JSON Schema 2020-12 with named ($defs) schemas moved into `components`. */
function toSchema(schema: z.ZodType, io: 'input' | 'output', components: Record<string, JsonSchema>): JsonSchema {
  const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
  delete json.$defs;
  const relink = (value: JsonSchema) => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  for (const [name, def] of Object.entries(defs)) components[name] = relink(def);
  return relink(json);
}

/** Query or path parameters from a zod object schema. */
function parameters(schema: z.ZodObject, where: 'query' | 'path', components: Record<string, JsonSchema>) {
  const json = toSchema(schema, 'input', components);
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/** The one definition of an error answer in the document. */
const problem = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** Errors every operation can answer, beside those its spec names. */
function defaultErrors(spec: ApiOperationSpec): Partial<Record<ErrorStatus, string>> {
  return {
    ...(spec.body ? { 400: 'Malformed JSON body' } : {}),
    401: 'Missing or invalid credentials',
    ...(spec.params || spec.query || spec.body ? { 422: 'Invalid input: every invalid field listed' } : {}),
    429: 'Rate limit exceeded for this token',
    500: 'Unexpected error (logged on the server)',
  };
}

function operation(spec: ApiOperationSpec, components: Record<string, JsonSchema>) {
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(spec.responses) as [string, ApiResponseSpec][]) {
    const type = r.contentType ?? 'application/json';
    responses[status] = {
      description: r.description,
      ...(r.headers ? { headers: r.headers } : {}),
      ...(r.schema || r.contentType ? { content: { [type]: r.schema ? { schema: toSchema(r.schema, 'output', components) } : {} } } : {}),
    };
  }
  for (const [status, description] of Object.entries({ ...defaultErrors(spec), ...spec.errors })) responses[status] = problem(description);
  (responses['429'] as { headers?: unknown }).headers = { 'Retry-After': { description: 'Seconds until the limit resets', schema: { type: 'integer' } } };
  return {
    operationId: spec.operationId ?? `${spec.method}${spec.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string) => (c ?? '').toUpperCase())}`,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.tags ? { tags: spec.tags } : {}),
    parameters: [...(spec.params ? parameters(spec.params, 'path', components) : []), ...(spec.query ? parameters(spec.query, 'query', components) : [])],
    ...(spec.requestBody
      ? { requestBody: spec.requestBody }
      : spec.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input', components) } } } }
        : {}),
    responses,
  };
}

/** `/products/:id` → `/products/{id}`. */
export const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function buildDocument(specs: ApiOperationSpec[]): Record<string, unknown> {
  const components: Record<string, JsonSchema> = {};
  toSchema(problemSchema, 'output', components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of [...specs].sort((a, b) => a.path.localeCompare(b.path))) {
    (paths[toOpenApiPath(spec.path)] ??= {})[spec.method] = operation(spec, components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'ACME Product Importer API',
      version: 'v1',
      description:
        'Manage the product catalogue from scripts. Authenticate with `Authorization: Bearer <token>` ' +
        '(create one with `npm run create-token -- <name>` or in the panel under API tokens). ' +
        'Errors are `application/problem+json`; requests are rate limited per token (429 with Retry-After).',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearerAuth: [] }, { panelSession: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'API token (acme_…)' },
        panelSession: { type: 'apiKey', in: 'cookie', name: 'acme.sid', description: 'Logged-in admin panel session' },
      },
    },
  };
}
