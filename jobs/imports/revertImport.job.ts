import { z } from 'zod';
import { chunkRetryDelay } from '../../src/imports/imports.policy.js';
import { defineJob } from '../types.js';

/**
 * Reverts an import's recorded changes. Idempotent: progress lives in the import's revert cursor,
 * so a second run (after a crash or a lock expiry) resumes at the next change not yet reverted.
 */
export const revertImportJob = defineJob({
  name: 'imports.revert',
  schema: z.object({ importId: z.uuid() }),
  options: {
    concurrency: 1,
    priority: 'high',
    retryDelay: chunkRetryDelay,
  },
  async handler({ importId }, { services, job, shutdownSignal }) {
    const outcome = await services.imports.processRevert(importId, {
      shutdownSignal,
      heartbeat: async (imp) => {
        await job.touch(imp.revert_total ? Math.floor((imp.revert_processed * 100) / imp.revert_total) : 0);
      },
    });
    // Shutting down mid-revert: hand the rest to the next worker run.
    if (outcome === 'interrupted') await services.jobs.enqueue('imports.revert', { importId });
  },
});
