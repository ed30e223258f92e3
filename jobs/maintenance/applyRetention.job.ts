import { z } from 'zod';
import { defineJob } from '../types.js';

/**
 * Deletes delivery attempts, webhook messages, sent mail, rejected import rows and dispatched domain
 * events older than their retention windows (RETENTION_DAYS_*), in bounded batches (scheduled hourly by the worker).
 */
export const applyRetentionJob = defineJob({
  name: 'maintenance.applyRetention',
  schema: z.object({}).default({}),
  options: { concurrency: 1 },
  async handler(_payload, { services, logger, job, shutdownSignal }) {
    const { deleted, complete } = await services.retention.apply({ signal: shutdownSignal, afterBatch: () => job.touch() });
    if (Object.values(deleted).some(Boolean) || !complete) logger.info({ deleted, complete }, 'applied retention');
  },
});
