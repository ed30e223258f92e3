import type { Agenda } from 'agenda';
import { z } from 'zod';
import { defineJob } from '../types.js';

/** Finished delivery jobs are kept this long (the delivery log keeps every attempt for good). */
const KEEP_FINISHED_JOBS_MS = 60 * 60 * 1000;

/**
 * Removes `webhooks.deliver` jobs that completed more than `olderThanMs` ago, up to 1,000 per call:
 * one job per attempt would otherwise pile up in the queue table.
 */
export async function pruneFinishedDeliveryJobs(agenda: Agenda, olderThanMs = KEEP_FINISHED_JOBS_MS): Promise<number> {
  const { jobs } = await agenda.queryJobs({ name: 'webhooks.deliver', state: 'completed', sort: { lastFinishedAt: 'asc' }, limit: 1000 });
  const cutoff = Date.now() - olderThanMs;
  const ids = jobs.filter((j) => j.lastFinishedAt && new Date(j.lastFinishedAt).getTime() <= cutoff).map((j) => String(j._id));
  return ids.length ? agenda.cancel({ ids }) : 0;
}

/** Every minute: re-enqueues overdue webhook messages (a process died before enqueueing) and prunes finished jobs. */
export const resumeWebhookDeliveriesJob = defineJob({
  name: 'webhooks.resumeDeliveries',
  schema: z.object({}).default({}),
  async handler(_payload, { services, logger }) {
    const resumed = await services.webhookDelivery.resumeOverdue();
    const pruned = await pruneFinishedDeliveryJobs(services.jobs.agenda);
    if (resumed || pruned) logger.info({ resumed, pruned }, 'webhook delivery upkeep');
  },
});
