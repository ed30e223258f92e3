import { z } from 'zod';
import { toImportJson } from '../../src/imports/imports.schemas.js';
import { defineJob } from '../types.js';

/**
 * One applier of an import's staged rows (an import queues one per partition; each applies any
 * partition it can lock, its own first). Idempotent: progress lives in the import's partition
 * cursors, so a second run (after a crash or a lock expiry) resumes at the next unapplied chunk.
 */
export const processImportJob = defineJob({
  name: 'imports.process',
  schema: z.object({ importId: z.uuid(), applier: z.number().int().min(0).default(0) }),
  options: {
    concurrency: 2,
    priority: 'high',
    retryDelay: (attempt) => (attempt <= 2 ? attempt * 5_000 : null),
  },
  async handler({ importId, applier }, { services, job, shutdownSignal }) {
    const outcome = await services.imports.processImport(importId, {
      shutdownSignal,
      applier,
      heartbeat: async (imp) => {
        await job.touch(toImportJson(imp).percent);
      },
    });
    // Shutting down mid-import: hand the rest to the next worker run.
    if (outcome === 'interrupted') await services.jobs.enqueue('imports.process', { importId, applier });
  },
});
