import express, { Router } from 'express';
import { dashboardRoutes } from '../dashboard/dashboard.routes.js';
import { importsRoutes } from '../imports/imports.routes.js';
import { jobsMonitorRoutes } from '../jobsMonitor/jobsMonitor.routes.js';
import { productsRoutes } from '../products/products.routes.js';
import type { AppServices } from '../services.js';
import { webhooksRoutes } from '../webhooks/webhooks.routes.js';
import { openApiRoutes } from './apiDocs.js';
import { requireApiAuth } from './auth.js';
import { apiDocs } from './openapi.js';
import { notFoundHandler } from './problem.js';
import { rateLimitPerToken } from './rateLimit.js';

/**
 * /api/v1: token (or panel session) authentication, JSON bodies, then each domain's routes.
 * `uploads`: the resumable upload endpoints (tus), which read their own bodies.
 */
export function apiRoutes(services: AppServices, opts: { uploads?: Router } = {}): Router {
  const router = Router();
  router.use(requireApiAuth(services.apiTokens));
  router.use(rateLimitPerToken(services.rateLimiter));
  if (opts.uploads) router.use(opts.uploads);
  router.use(express.json({ limit: '1mb' }));
  apiDocs.add({
    method: 'get',
    path: '/',
    tags: ['API'],
    summary: 'API name, version and who is calling',
    responses: { 200: { description: 'The caller as the API sees it' } },
  });
  router.get('/', (req, res) => {
    res.json({
      name: 'ACME Product Importer API',
      version: 'v1',
      principal: req.principal?.kind === 'token' ? { token: req.principal.token.name } : { admin: req.principal?.admin.email },
    });
  });
  router.use(dashboardRoutes(services.dashboard));
  router.use(jobsMonitorRoutes(services.jobsMonitor));
  router.use(importsRoutes(services));
  router.use(productsRoutes(services.products));
  router.use(webhooksRoutes(services.webhooks, services.retention.windows.webhookDeliveries));
  router.use(openApiRoutes(apiDocs));
  router.use(notFoundHandler);
  return router;
}
