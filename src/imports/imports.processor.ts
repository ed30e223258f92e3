import type { Db } from '../lib/db.js';
import type { BulkIndexes } from './imports.bulkIndexes.js';
import { estimateRows, shouldLoadInBulk } from './imports.indexPolicy.js';
import type { ImportRow, ImportsRepo, PartitionCursor } from './imports.repo.js';
import { isFinal } from './imports.states.js';

export interface ProcessDeps {
  db: Db;
  repo: ImportsRepo;
  bulk: BulkIndexes;
  /** Ends the import (completed/cancelled): status, staging cleanup, event. */
  finish: (id: string, status: 'completed' | 'cancelled') => Promise<void>;
  /** Refreshes the job lock (and reports progress) while working or waiting. */
  heartbeat: (imp: ImportRow) => Promise<void>;
  shutdownSignal: AbortSignal;
  /**
   * How long an applier waits for the next chunk of an upload that pauses before it ends (the
   * next staged chunk queues the appliers again), so a stalled upload holds no worker slot.
   */
  idleAfterMs: number;
  /** Spreads several appliers of one import over its partitions: the one this applier prefers. */
  applier: number;
  /** Products in the table now (for the bulk-load decision). */
  catalogueSize: () => Promise<number>;
  /** Below this many expected writes the indexes are always maintained. */
  bulkMinRows: number;
}

export type ProcessOutcome = 'finished' | 'interrupted';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The import ended (cancelled) while a chunk was being applied: that chunk is rolled back. */
class ChunkSuperseded extends Error {}

interface Chunk {
  partition: number;
  from: number;
  to: number;
}

/** The record range a partition's next chunk covers, 'done', or null while not staged yet. */
function nextRange(imp: ImportRow, from: number): { from: number; to: number } | 'done' | null {
  if (imp.upload_complete && from > imp.total_rows) return 'done';
  const to = from + imp.chunk_size - 1;
  if (imp.upload_complete) return { from, to: Math.min(to, imp.total_rows) };
  return imp.staged_through >= to ? { from, to } : null;
}

/**
 * The chunks that can be applied now, furthest-behind partition first (so `processed_rows`,
 * the record every partition has passed, moves steadily), ties broken from this applier's own
 * partition on. Empty and `done` when every partition has passed the last record.
 */
function readyChunks(imp: ImportRow, cursors: PartitionCursor[], applier: number): { chunks: Chunk[]; done: boolean } {
  const chunks: Chunk[] = [];
  let done = true;
  for (const c of cursors) {
    const range = nextRange(imp, c.next_record);
    if (range === 'done') continue;
    done = false;
    if (range) chunks.push({ partition: c.partition, ...range });
  }
  const turn = (p: number) => (p - applier + imp.partitions) % imp.partitions;
  chunks.sort((a, b) => a.from - b.from || turn(a.partition) - turn(b.partition));
  return { chunks, done };
}

/**
 * Applies an import's staged records, partition by partition and chunk by chunk. Each chunk is
 * one transaction that also moves its partition's cursor and the counters, under the partition's
 * advisory lock and only if the cursor is still where the chunk starts, so a chunk is applied
 * exactly once whatever crashes or runs twice, and any number of appliers (in any number of
 * workers) share one import. Follows the upload while it is still arriving. Returns
 * 'interrupted' when the process is shutting down (the caller re-queues it).
 */
export async function applyStagedImport(id: string, deps: ProcessDeps): Promise<ProcessOutcome> {
  const { repo } = deps;
  let bulkRefused = false;
  let imp = await repo.findById(id);
  let waitingSince: number | null = null;
  while (imp && !isFinal(imp.status)) {
    if (imp.cancel_requested_at) {
      await deps.finish(id, 'cancelled');
      return 'finished';
    }
    if (deps.shutdownSignal.aborted) return 'interrupted';
    const { chunks, done } = readyChunks(imp, await repo.partitions(id), deps.applier);
    if (done) {
      await repo.updateIfActive(id, { phase: 'finishing' });
      await deps.bulk.leave(id); // searchable before it reads `completed`
      await deps.finish(id, 'completed');
      return 'finished';
    }
    if (!chunks.length) {
      // Waiting for the upload. Whether it was abandoned is the sweep's call (abandonStalledUploads), not this job's.
      waitingSince ??= Date.now();
      if (!imp.upload_complete && Date.now() - waitingSince > deps.idleAfterMs && (await repo.markAppliersIdle(id, imp.staged_through))) return 'finished';
      await deps.heartbeat(imp);
      await sleep(150);
      imp = await repo.findById(id);
      continue;
    }
    waitingSince = null;
    if (!imp.rebuilds_indexes && !bulkRefused && (await wantsBulkLoad(imp, deps))) bulkRefused = !(await deps.bulk.enter(id));
    let applied = false;
    for (const chunk of chunks) if ((applied = await applyChunk(imp, chunk, deps))) break;
    if (!applied) await sleep(50); // every ready partition is being applied by another applier
    imp = await repo.findById(id);
    if (imp && !isFinal(imp.status)) await deps.heartbeat(imp);
  }
  return 'finished';
}

async function wantsBulkLoad(imp: ImportRow, deps: ProcessDeps): Promise<boolean> {
  const applied = imp.inserted_count + imp.updated_count;
  return shouldLoadInBulk({
    estimatedRows: estimateRows(imp),
    processedRows: imp.processed_rows,
    appliedRows: applied,
    writtenRows: applied - imp.unchanged_count,
    catalogueSize: await deps.catalogueSize(),
    minRows: deps.bulkMinRows,
  });
}

/**
 * A chunk that PostgreSQL refused, told in our words: which records, and PostgreSQL's reason without
 * the SQL statement knex puts in front of it (the job monitor and the import show this message).
 */
export class ChunkFailedError extends Error {
  constructor(chunk: Chunk, cause: unknown) {
    const message = (cause as Error)?.message ?? String(cause);
    const reason = (cause as { code?: string }).code && message.includes(' - ') ? message.slice(message.lastIndexOf(' - ') + 3) : message;
    super(`Records ${chunk.from}–${chunk.to} (partition ${chunk.partition}) could not be applied: ${reason}`, { cause });
  }
}

/** PostgreSQL's undefined_table: the staging table was dropped by a cancel that just committed. */
const UNDEFINED_TABLE = '42P01';

/**
 * One chunk of one partition in one transaction; false when another applier has it. An import
 * that ended meanwhile is left alone: recordChunk refuses it (the chunk rolls back), or its staging
 * table is already gone; either way the caller then sees it ended.
 */
async function applyChunk(imp: ImportRow, chunk: Chunk, deps: ProcessDeps): Promise<boolean> {
  const ended = async () => isFinal((await deps.repo.findById(imp.id))?.status ?? 'cancelled');
  return deps.db
    .transaction(async (trx) => {
      if ((await deps.repo.tryLockPartition(trx, imp.id, chunk.partition)) !== chunk.from) return false;
      const counts = await deps.repo.applyChunk(trx, imp, chunk);
      if (!(await deps.repo.recordChunk(trx, imp.id, chunk, counts))) throw new ChunkSuperseded();
      return true;
    })
    .catch(async (err) => {
      if (err instanceof ChunkSuperseded) return true;
      if ((err as { code?: string }).code === UNDEFINED_TABLE && (await ended())) return true;
      throw new ChunkFailedError(chunk, err);
    });
}
