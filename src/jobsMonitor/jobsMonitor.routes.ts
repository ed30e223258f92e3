import { Router } from 'express';
import { validate } from '../http/validate.js';
import { jobIdParamsSchema, listJobsQuerySchema } from './jobsMonitor.schemas.js';
import type { JobsMonitorService } from './jobsMonitor.service.js';

/**
 * /api/v1/jobs: the job monitor. GET lists jobs (with the counts per name and state), POST
 * …/retry runs one again, DELETE removes one.
 */
export function jobsMonitorRoutes(monitor: JobsMonitorService): Router {
  const router = Router();
  router.get('/jobs', async (req, res) => {
    const query = validate(listJobsQuerySchema, req.query);
    const [overview, page] = await Promise.all([monitor.getOverview(), monitor.listJobs(query)]);
    res.json({ ...page, overview });
  });
  router.get('/jobs/:id', async (req, res) => {
    const { id } = validate(jobIdParamsSchema, req.params);
    res.json(await monitor.getJob(id));
  });
  router.post('/jobs/:id/retry', async (req, res) => {
    const { id } = validate(jobIdParamsSchema, req.params);
    res.status(202).json(await monitor.retryJob(id));
  });
  router.delete('/jobs/:id', async (req, res) => {
    const { id } = validate(jobIdParamsSchema, req.params);
    res.json(await monitor.deleteJob(id));
  });
  return router;
}
