import path from 'node:path';
import { createRequire } from 'node:module';
import express, { Router } from 'express';
import type { OpenApiRegistry } from './openapi.js';

const swaggerUiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>ACME Product Importer API</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>`;

const init = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

/** GET /openapi.json (mounted under /api/v1): the OpenAPI 3.1 document of the registry. */
export function openApiRoutes(registry: OpenApiRegistry): Router {
  registry.add({
    method: 'get',
    path: '/openapi.json',
    tags: ['API'],
    summary: 'This OpenAPI 3.1 document',
    responses: { 200: { description: 'OpenAPI document (JSON Schema 2020-12 schemas)' } },
  });
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(registry.document());
  });
  return router;
}

/**
 * /api/docs: a readable page (Swagger UI, served from the npm package: no CDN) over
 * /api/v1/openapi.json. Mount it behind the API's authentication.
 */
export function apiDocsPage(): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.type('html').send(page);
  });
  router.get('/init.js', (_req, res) => {
    res.type('js').send(init);
  });
  router.use('/assets', express.static(swaggerUiDir, { index: false, maxAge: '1h' }));
  return router;
}
