import type { Db } from '../lib/db.js';
import { FINAL_STATUSES, type ImportRow, type ImportsRepo } from './imports.repo.js';

export interface ProcessDeps {
  db: Db;
  repo: ImportsRepo;
  /** Ends the import (completed/cancelled/failed): status, staging cleanup, event. */
  finish: (id: string, status: 'completed' | 'cancelled') => Promise<void>;
  /** Refreshes the job lock (and reports progress) while working or waiting. */
  heartbeat: (imp: ImportRow) => Promise<void>;
  shutdownSignal: AbortSignal;
  /** An upload that made no progress for this long is considered abandoned. */
  abandonAfterMs: number;
}

export type ProcessOutcome = 'finished' | 'interrupted';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The import ended (cancelled) while a chunk was being applied: that chunk is rolled back. */
class ChunkSuperseded extends Error {}

/** The record range the next chunk covers, or null while the upload has not staged it yet. */
function nextRange(imp: ImportRow): { from: number; to: number } | 'done' | null {
  const from = imp.next_record;
  if (imp.upload_complete && from > imp.total_rows) return 'done';
  const to = from + imp.chunk_size - 1;
  if (imp.upload_complete) return { from, to: Math.min(to, imp.total_rows) };
  return imp.staged_through >= to ? { from, to } : null;
}

/**
 * Applies an import's staged records chunk by chunk, each chunk in one transaction that also
 * advances `next_record` and the counters, under a per-import advisory lock and only if the
 * import is still where the chunk starts, so a chunk is applied exactly once whatever crashes or
 * runs twice. Follows the upload while it is still arriving. Returns
 * 'interrupted' when the process is shutting down (the caller re-queues it).
 */
export async function applyStagedImport(id: string, deps: ProcessDeps): Promise<ProcessOutcome> {
  const { db, repo } = deps;
  let imp = await repo.findById(id);
  while (imp && !FINAL_STATUSES.includes(imp.status)) {
    if (imp.cancel_requested_at) {
      await deps.finish(id, 'cancelled');
      return 'finished';
    }
    if (deps.shutdownSignal.aborted) return 'interrupted';
    const range = nextRange(imp);
    if (range === 'done') {
      await deps.finish(id, 'completed');
      return 'finished';
    }
    if (range === null) {
      if (Date.now() - new Date(imp.updated_at).getTime() > deps.abandonAfterMs) {
        throw new Error('The upload stopped before the whole file arrived; upload the file again');
      }
      await deps.heartbeat(imp);
      await sleep(150);
      imp = await repo.findById(id);
      continue;
    }
    await db.transaction(async (trx) => {
      const locked = await repo.lockForApply(id, trx);
      // Another run applied this chunk already, or the import ended meanwhile.
      if (!locked || locked.next_record !== range.from || FINAL_STATUSES.includes(locked.status)) return;
      const { valid, inserted } = await repo.applyChunk(trx, locked, range.from, range.to);
      const recorded = await repo.recordChunk(
        id,
        range.from,
        {
          next_record: range.to + 1,
          processed_rows: locked.processed_rows + (range.to - range.from + 1),
          inserted_count: locked.inserted_count + inserted,
          updated_count: locked.updated_count + (valid - inserted),
          phase: 'importing',
        },
        trx,
      );
      if (!recorded) throw new ChunkSuperseded();
    }).catch((err) => {
      if (!(err instanceof ChunkSuperseded)) throw err;
    });
    imp = await repo.findById(id);
    if (imp && !FINAL_STATUSES.includes(imp.status)) await deps.heartbeat(imp);
  }
  return 'finished';
}
