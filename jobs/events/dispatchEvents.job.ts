import { z } from 'zod';
import { defineJob } from '../types.js';

/**
 * Every minute: dispatches domain events that were committed but not fanned out (their process
 * died after the commit). Dispatched events are deleted by maintenance.applyRetention (RETENTION_DAYS_DOMAIN_EVENTS).
 */
export const dispatchEventsJob = defineJob({
  name: 'events.dispatch',
  schema: z.object({}).default({}),
  async handler(_payload, { services, logger, shutdownSignal }) {
    const dispatched = await services.outbox.dispatchPending(shutdownSignal);
    if (dispatched) logger.info({ dispatched }, 'dispatched leftover events');
  },
});
