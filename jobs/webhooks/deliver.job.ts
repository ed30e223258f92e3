import { z } from 'zod';
import { defineJob } from '../types.js';

/**
 * One delivery attempt of a webhook message. Idempotent: the attempt only happens if the message
 * is still pending, due and not held by another run; the retry is scheduled by the attempt itself.
 */
export const deliverWebhookJob = defineJob({
  name: 'webhooks.deliver',
  schema: z.object({ messageId: z.string().min(1), redeliver: z.boolean().optional() }),
  // The message's own lease (timeout + 30 s) guards against a second run; the job lock stays the default.
  options: { concurrency: 16, priority: 'high' },
  async handler({ messageId, redeliver }, { services, logger }) {
    const attempt = await services.webhookDelivery.attemptMessage(messageId, redeliver ? 'redeliver' : 'event');
    if (attempt) logger.debug({ messageId, attempt: attempt.attempt, success: attempt.success, status: attempt.response_status }, 'webhook attempt');
  },
});
