import { RETAINED_KINDS, retentionCutoff, retentionNotes, retentionWindows, type RetainedKind, type RetentionSettings } from './retention.policy.js';
import type { RetentionRepo } from './retention.repo.js';

export interface RetentionRun {
  /** Rows deleted per kind. */
  deleted: Record<RetainedKind, number>;
  /** False when the run stopped early (shutdown); the next run carries on. */
  complete: boolean;
}

/**
 * Applies the retention windows (retention.policy.ts): deletes what is older than its window,
 * `batchSize` rows per statement, until nothing is left. Idempotent; any worker may run it.
 */
export function createRetention(deps: { repo: RetentionRepo; config: RetentionSettings; batchSize?: number }) {
  const { repo, batchSize = 1_000 } = deps;
  const windows = retentionWindows(deps.config);

  return {
    windows,
    /** The panel's lines ("Delivery attempts are kept for 30 days"), per kind. */
    notes: () => retentionNotes(deps.config),

    /**
     * One pass over every kind. `afterBatch` runs after each statement (the job refreshes its
     * lock there); `signal` stops the pass between statements.
     */
    async apply(opts: { now?: Date; signal?: AbortSignal; afterBatch?: () => Promise<unknown> } = {}): Promise<RetentionRun> {
      const now = opts.now ?? new Date();
      const cutoff = (kind: RetainedKind) => retentionCutoff(now, windows[kind]);
      const attemptsCutoff = cutoff('webhookDeliveries');
      const deleteBatch: Record<RetainedKind, (before: Date) => Promise<number>> = {
        webhookDeliveries: (before) => repo.deleteWebhookDeliveries(before, batchSize),
        webhookMessages: (before) => repo.deleteWebhookMessages(before, attemptsCutoff, batchSize),
        mailOutbox: (before) => repo.deleteMail(before, batchSize),
        importErrors: (before) => repo.deleteImportErrors(before, batchSize),
        domainEvents: (before) => repo.deleteDomainEvents(before, batchSize),
      };
      const deleted = Object.fromEntries(RETAINED_KINDS.map((k) => [k, 0])) as Record<RetainedKind, number>;
      for (const kind of RETAINED_KINDS) {
        const before = cutoff(kind);
        if (!before) continue;
        for (let n = batchSize; n === batchSize;) {
          if (opts.signal?.aborted) return { deleted, complete: false };
          n = await deleteBatch[kind](before);
          deleted[kind] += n;
          await opts.afterBatch?.();
        }
      }
      return { deleted, complete: true };
    },
  };
}
export type Retention = ReturnType<typeof createRetention>;
