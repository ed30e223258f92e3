import { z } from 'zod';
import { defineJob } from '../types.js';

/**
 * The abandon rule (IMPORT_UPLOAD_ABANDON_AFTER_MS): imports whose upload received nothing for
 * that long fail, saying where it stopped. Runs every minute; idempotent (finalize ends an import once).
 */
export const abandonUploadsJob = defineJob({
  name: 'imports.abandonUploads',
  schema: z.object({}).default({}),
  async handler(_payload, { services, logger }) {
    const abandoned = await services.imports.abandonStalledUploads();
    if (abandoned) logger.info({ abandoned }, 'stalled uploads abandoned');
  },
});
