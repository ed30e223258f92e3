import { z } from 'zod';
import { defineJob } from '../types.js';

/**
 * Every minute: dispatches domain events that were committed but not fanned out (their process
 * died after the commit), then prunes events dispatched over a week ago.
 */
export const dispatchEventsJob = defineJob({
  name: 'events.dispatch',
  schema: z.object({}).default({}),
  async handler(_payload, { services, logger, shutdownSignal }) {
    const dispatched = await services.outbox.dispatchPending(shutdownSignal);
    const pruned = await services.outbox.pruneDispatched();
    if (dispatched || pruned) logger.info({ dispatched, pruned }, 'event outbox upkeep');
  },
});
