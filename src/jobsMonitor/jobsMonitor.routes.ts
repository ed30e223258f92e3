import { Router } from 'express';
import { z } from 'zod';
import { documentedRoute } from '../http/openapi.js';
import { jobIdParamsSchema, listJobsQuerySchema } from './jobsMonitor.schemas.js';
import type { JobsMonitorService } from './jobsMonitor.service.js';

const tags = ['Jobs'];
const job = z.object({ id: z.string(), name: z.string(), state: z.string() }).catchall(z.unknown()).meta({ id: 'Job' });

/**
 * /api/v1/jobs: the job monitor. GET lists jobs (with the counts per name and state), POST
 * …/retry runs one again, DELETE removes one.
 */
export function jobsMonitorRoutes(monitor: JobsMonitorService): Router {
  const router = Router();
  documentedRoute(
    router,
    {
      method: 'get',
      path: '/jobs',
      tags,
      summary: 'Background jobs with counts per name and state',
      query: listJobsQuerySchema,
      responses: {
        200: {
          description: 'One page of jobs and the overview',
          schema: z.object({ data: z.array(job), page: z.number().int(), perPage: z.number().int(), total: z.number().int(), overview: z.unknown() }),
        },
      },
    },
    async ({ query }, _req, res) => {
      const [overview, page] = await Promise.all([monitor.getOverview(), monitor.listJobs(query)]);
      res.json({ ...page, overview });
    },
  );
  documentedRoute(
    router,
    {
      method: 'get',
      path: '/jobs/:id',
      tags,
      summary: 'One job',
      params: jobIdParamsSchema,
      responses: { 200: { description: 'The job', schema: job } },
      errors: { 404: 'No such job' },
    },
    async ({ params }, _req, res) => {
      res.json(await monitor.getJob(params.id));
    },
  );
  documentedRoute(
    router,
    {
      method: 'post',
      path: '/jobs/:id/retry',
      tags,
      summary: 'Run a job again (a failed one is replaced)',
      params: jobIdParamsSchema,
      responses: { 202: { description: 'The new run', schema: job } },
      errors: { 404: 'No such job', 409: 'The job is running' },
    },
    async ({ params }, _req, res) => {
      res.status(202).json(await monitor.retryJob(params.id));
    },
  );
  documentedRoute(
    router,
    {
      method: 'delete',
      path: '/jobs/:id',
      tags,
      summary: 'Delete a job',
      params: jobIdParamsSchema,
      responses: { 200: { description: 'Deleted', schema: z.unknown() } },
      errors: { 404: 'No such job', 409: 'The job is running' },
    },
    async ({ params }, _req, res) => {
      res.json(await monitor.deleteJob(params.id));
    },
  );
  return router;
}
