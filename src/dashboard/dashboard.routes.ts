import { Router } from 'express';
import type { DashboardService } from './dashboard.service.js';

/** GET /api/v1/dashboard: the numbers on the panel's home screen. */
export function dashboardRoutes(dashboard: DashboardService): Router {
  const router = Router();
  router.get('/dashboard', async (_req, res) => {
    res.json(await dashboard.getSummary());
  });
  return router;
}
