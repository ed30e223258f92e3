import { Router } from 'express';
import { z } from 'zod';
import { documentedRoute } from '../http/openapi.js';
import type { DashboardService } from './dashboard.service.js';

/** GET /api/v1/dashboard: the numbers on the panel's home screen. */
export function dashboardRoutes(dashboard: DashboardService): Router {
  const router = Router();
  documentedRoute(
    router,
    {
      method: 'get',
      path: '/dashboard',
      tags: ['Dashboard'],
      summary: 'Product counts, recent imports, webhook delivery success rate',
      responses: { 200: { description: 'The summary', schema: z.record(z.string(), z.unknown()) } },
    },
    async (_input, _req, res) => {
      res.json(await dashboard.getSummary());
    },
  );
  return router;
}
