import { z } from 'zod';
import { defineJob } from '../types.js';

/** Re-enqueues webhook messages whose attempt is overdue (a process died before enqueueing it). */
export const resumeWebhookDeliveriesJob = defineJob({
  name: 'webhooks.resumeDeliveries',
  schema: z.object({}).default({}),
  async handler(_payload, { services, logger }) {
    const resumed = await services.webhookDelivery.resumeOverdue();
    if (resumed) logger.info({ resumed }, 'resumed overdue webhook deliveries');
  },
});
