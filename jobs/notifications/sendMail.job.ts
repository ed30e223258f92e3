import { z } from 'zod';
import { defineJob } from '../types.js';

/** Sends one outbox e-mail (or keeps it in the outbox without SMTP); retries are scheduled by the send. */
export const sendMailJob = defineJob({
  name: 'notifications.sendMail',
  schema: z.object({ mailId: z.number().int().positive() }),
  options: { concurrency: 2 },
  async handler({ mailId }, { services }) {
    await services.notifications.sendQueuedMail(mailId);
  },
});
