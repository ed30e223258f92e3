import { z } from 'zod';
import { importPercent } from '../../src/imports/imports.schemas.js';
import { AppError } from '../../src/lib/errors.js';
import { chunkRetryDelay } from '../../src/imports/imports.policy.js';
import { defineJob } from '../types.js';

/**
 * The import this job applied has failed (its chunks kept failing, or its upload was abandoned):
 * the job fails too, with the import's reason, so the job monitor says what happened to the work
 * instead of "completed". It is not retried: the import is retried as a whole (Imports → Retry).
 */
export class ImportFailedError extends Error {
  constructor(reason: string | null) {
    super(`The import failed: ${reason ?? 'no reason recorded'}`);
    this.name = 'ImportFailedError';
  }
}

/**
 * One applier of an import's staged rows (an import queues one per partition; each applies any
 * partition it can lock, its own first). Idempotent: progress lives in the import's partition
 * cursors, so a second run (after a crash or a lock expiry) resumes at the next unapplied chunk.
 * The job's state is the work's outcome: completed when the import completed (or was cancelled,
 * as asked), failed when the import failed.
 */
export const processImportJob = defineJob({
  name: 'imports.process',
  schema: z.object({ importId: z.uuid(), applier: z.number().int().min(0).default(0) }),
  options: {
    concurrency: 2,
    priority: 'high',
    retryDelay: (attempt, error) => (error instanceof ImportFailedError ? null : chunkRetryDelay(attempt)),
  },
  async handler({ importId, applier }, { services, job, shutdownSignal }) {
    const outcome = await services.imports.processImport(importId, {
      shutdownSignal,
      applier,
      heartbeat: async (imp) => {
        await job.touch(importPercent(imp));
      },
    });
    // Shutting down mid-import: hand the rest to the next worker run.
    if (outcome === 'interrupted') return void (await services.jobs.enqueue('imports.process', { importId, applier }));
    const imp = await services.imports.getImport(importId).catch((err: unknown) => {
      if (err instanceof AppError && err.status === 404) return null; // deleted meanwhile: nothing left to report
      throw err;
    });
    if (imp?.status === 'failed') throw new ImportFailedError(imp.error);
  },
});
