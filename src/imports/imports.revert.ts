import type { Db } from '../lib/db.js';
import type { ImportChangesRepo } from './imports.changes.repo.js';
import type { ProcessOutcome } from './imports.processor.js';
import type { ImportRow, ImportsRepo } from './imports.repo.js';

export interface RevertDeps {
  db: Db;
  repo: Pick<ImportsRepo, 'findById'>;
  changes: ImportChangesRepo;
  /** Ends the revert as completed (status and event in one transaction). */
  complete: (id: string) => Promise<void>;
  /** Refreshes the job lock (and reports progress) between chunks. */
  heartbeat: (imp: ImportRow) => Promise<void>;
  shutdownSignal: AbortSignal;
}

/** A cancel (or another run) committed first: this chunk rolls back. */
class RevertChunkSuperseded extends Error {}

/**
 * Reverts an import's recorded changes one set (an applied chunk's changes) per transaction: the chunk
 * (restore, delete, or record a conflict), the cursor and the counters commit together, under the
 * revert's advisory lock and only if the cursor is still where the chunk starts, so each change is
 * reverted exactly once whatever crashes or runs twice. Returns 'interrupted' when the process is
 * shutting down (the caller re-queues it).
 */
export async function revertRecordedChanges(id: string, deps: RevertDeps): Promise<ProcessOutcome> {
  const { changes } = deps;
  for (;;) {
    const imp = await deps.repo.findById(id);
    if (!imp || imp.revert_status !== 'running') return 'finished';
    if (deps.shutdownSignal.aborted) return 'interrupted';
    const step = await deps.db
      .transaction(async (trx) => {
        if (!(await changes.tryLockRevert(trx, id))) return 'busy' as const;
        const counts = await changes.revertChunk(trx, id, Number(imp.revert_cursor));
        if (counts.lastSeq === null) return 'done' as const;
        if (!(await changes.recordRevertChunk(trx, id, Number(imp.revert_cursor), counts))) throw new RevertChunkSuperseded();
        return 'chunk' as const;
      })
      .catch((err) => {
        if (err instanceof RevertChunkSuperseded) return 'chunk' as const;
        throw err;
      });
    if (step === 'busy') return 'finished'; // another run holds the revert and finishes it
    if (step === 'done') {
      await deps.complete(id);
      return 'finished';
    }
    await deps.heartbeat(imp);
  }
}
