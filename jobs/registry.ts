import { dispatchEventsJob } from './events/dispatchEvents.job.js';
import { abandonUploadsJob } from './imports/abandonUploads.job.js';
import { expirePreviewsJob } from './imports/expirePreviews.job.js';
import { processImportJob } from './imports/processImport.job.js';
import { revertImportJob } from './imports/revertImport.job.js';
import { applyRetentionJob } from './maintenance/applyRetention.job.js';
import { pruneRateLimitsJob } from './maintenance/pruneRateLimits.job.js';
import { pruneSessionsJob } from './maintenance/pruneSessions.job.js';
import { ensureProductIndexesJob } from './products/ensureIndexes.job.js';
import { resumeMailJob } from './notifications/resumeMail.job.js';
import { sendMailJob } from './notifications/sendMail.job.js';
import { deliverWebhookJob } from './webhooks/deliver.job.js';
import { resumeWebhookDeliveriesJob } from './webhooks/resumeDeliveries.job.js';
import type { JobDefinition } from './types.js';

/** Every background job the worker runs. Add new ones here. */
export const jobDefinitions = [
  dispatchEventsJob,
  pruneSessionsJob,
  processImportJob,
  revertImportJob,
  expirePreviewsJob,
  ensureProductIndexesJob,
  deliverWebhookJob,
  resumeWebhookDeliveriesJob,
  sendMailJob,
  resumeMailJob,
  pruneRateLimitsJob,
  applyRetentionJob,
  abandonUploadsJob,
] as const;

/** Jobs the worker schedules on a fixed interval. */
export const recurringJobs: { name: JobName; every: string }[] = [
  { name: 'maintenance.pruneSessions', every: '1 hour' },
  { name: 'products.ensureIndexes', every: '5 minutes' },
  { name: 'imports.expirePreviews', every: '5 minutes' },
  { name: 'imports.abandonUploads', every: '1 minute' },
  { name: 'webhooks.resumeDeliveries', every: '1 minute' },
  { name: 'notifications.resumeMail', every: '1 minute' },
  { name: 'events.dispatch', every: '1 minute' },
  { name: 'maintenance.pruneRateLimits', every: '5 minutes' },
  { name: 'maintenance.applyRetention', every: '1 hour' },
];

type Definitions = (typeof jobDefinitions)[number];
export type JobName = Definitions['name'];
export type JobPayload<N extends JobName> = Extract<Definitions, { name: N }> extends JobDefinition<infer P, N> ? P : never;
