import { z } from 'zod';
import { defineJob } from '../types.js';

/**
 * Applies an import's staged rows chunk by chunk. Idempotent: progress lives in the imports
 * row, so a second run (after a crash or a lock expiry) resumes at the next unapplied chunk.
 */
export const processImportJob = defineJob({
  name: 'imports.process',
  schema: z.object({ importId: z.uuid() }),
  options: {
    concurrency: 2,
    priority: 'high',
    retryDelay: (attempt) => (attempt <= 2 ? attempt * 5_000 : null),
  },
  async handler({ importId }, { services, job, shutdownSignal }) {
    const outcome = await services.imports.processImport(importId, {
      shutdownSignal,
      heartbeat: async (imp) => {
        const percent = imp.total_rows ? Math.floor((imp.processed_rows * 100) / imp.total_rows) : 0;
        await job.touch(percent);
      },
    });
    // Shutting down mid-import: hand the rest to the next worker run.
    if (outcome === 'interrupted') await services.jobs.enqueue('imports.process', { importId });
  },
});
