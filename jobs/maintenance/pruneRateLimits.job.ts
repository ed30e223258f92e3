import { z } from 'zod';
import { defineJob } from '../types.js';

/** Deletes the API rate-limit counters of windows that ended (scheduled every 5 minutes by the worker). */
export const pruneRateLimitsJob = defineJob({
  name: 'maintenance.pruneRateLimits',
  schema: z.object({}).default({}),
  async handler(_payload, { services, logger }) {
    const removed = await services.rateLimiter.pruneEndedWindows();
    if (removed) logger.debug({ removed }, 'pruned ended rate-limit windows');
  },
});
