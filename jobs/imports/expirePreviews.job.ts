import { z } from 'zod';
import { defineJob } from '../types.js';

/** Ends previews not applied within IMPORT_PREVIEW_TTL_MS and drops their staged rows. */
export const expirePreviewsJob = defineJob({
  name: 'imports.expirePreviews',
  schema: z.object({}).default({}),
  async handler(_payload, { services, logger }) {
    const expired = await services.imports.expirePreviews();
    if (expired) logger.info({ expired }, 'previews expired');
  },
});
