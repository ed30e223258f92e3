import { z } from 'zod';
import { defineJob } from '../types.js';

/** Removes expired panel sessions (scheduled hourly by the worker). */
export const pruneSessionsJob = defineJob({
  name: 'maintenance.pruneSessions',
  schema: z.object({}).default({}),
  async handler(_payload, { services, logger }) {
    const removed = await services.sessions.pruneExpired();
    if (removed) logger.info({ removed }, 'pruned expired sessions');
  },
});
