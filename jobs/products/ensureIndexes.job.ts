import { z } from 'zod';
import { defineJob } from '../types.js';

/**
 * Rebuilds any missing secondary index of the products table unless a bulk-loading import is
 * running (it rebuilds them itself before it completes). Queued when a bulk load is cancelled or
 * fails, and run every few minutes so a bulk load whose worker died never leaves searches slow.
 */
export const ensureProductIndexesJob = defineJob({
  name: 'products.ensureIndexes',
  schema: z.object({}).default({}),
  options: { concurrency: 1 },
  async handler(_payload, { services, logger }) {
    const built = await services.bulkIndexes.ensure();
    if (built.length) logger.info({ indexes: built }, 'rebuilt missing product indexes');
  },
});
