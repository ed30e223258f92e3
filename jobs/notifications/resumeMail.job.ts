import { z } from 'zod';
import { defineJob } from '../types.js';

/** Re-enqueues outbox e-mails whose send is overdue (a process died before enqueueing it). */
export const resumeMailJob = defineJob({
  name: 'notifications.resumeMail',
  schema: z.object({}).default({}),
  async handler(_payload, { services, logger }) {
    const resumed = await services.notifications.resumeOverdueMail();
    if (resumed) logger.info({ resumed }, 'resumed overdue e-mails');
  },
});
