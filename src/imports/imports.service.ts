import type { Readable } from 'node:stream';
import type { Config } from '../../config/env.js';
import type { JobQueue } from '../../jobs/queue.js';
import { AppError, conflict, notFound } from '../lib/errors.js';
import type { Db } from '../lib/db.js';
import type { ImportEventData } from '../events/events.map.js';
import type { Outbox } from '../events/events.outbox.js';
import type { Logger } from '../lib/logger.js';
import type { ProductsRepo } from '../products/products.repo.js';
import type { BulkIndexes } from './imports.bulkIndexes.js';
import { applyStagedImport, UploadAbandonedError, type ProcessOutcome } from './imports.processor.js';
import { FINAL_STATUSES, type ImportRow, type ImportStatus, type ImportsRepo } from './imports.repo.js';
import { toImportJson } from './imports.schemas.js';
import { stageUpload } from './imports.staging.js';

export interface Uploader {
  email: string | null;
  adminUserId: number | null;
  apiTokenId: number | null;
}

/** Chunk failures (over all appliers) after which the import fails; `retry` starts the count again. */
const MAX_ATTEMPTS = 3;

/**
 * CSV imports: upload (streamed into staging), the chunked apply run by the `imports.process`
 * job, progress, cancel and retry, and the rejected rows.
 */
export function createImportsService(deps: {
  db: Db;
  repo: ImportsRepo;
  products: Pick<ProductsRepo, 'productCounts'>;
  bulk: BulkIndexes;
  jobs: JobQueue;
  outbox: Pick<Outbox, 'transaction'>;
  logger: Logger;
  config: Pick<Config, 'IMPORT_CHUNK_SIZE' | 'IMPORT_MAX_BYTES' | 'IMPORT_PARTITIONS' | 'IMPORT_BULK_MIN_ROWS'>;
}) {
  const { db, repo, jobs, outbox, logger, config } = deps;

  /** One applier job per partition: any worker with a free slot helps (see imports.processor.ts). */
  const enqueueAppliers = async (imp: Pick<ImportRow, 'id' | 'partitions'>) => {
    for (let applier = 0; applier < imp.partitions; applier++) await jobs.enqueue('imports.process', { importId: imp.id, applier });
  };

  async function getImportRow(id: string): Promise<ImportRow> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findById(id) : undefined;
    if (!row) throw notFound(`Import ${id}`);
    return row;
  }

  const eventData = (row: ImportRow): ImportEventData => {
    const json = toImportJson(row);
    return {
      id: json.id,
      filename: json.filename,
      status: row.status as ImportEventData['status'],
      totalRows: json.totalRows,
      insertedCount: json.insertedCount,
      updatedCount: json.updatedCount,
      rejectedCount: json.rejectedCount,
      durationMs: json.durationMs,
      error: json.error,
      uploadedBy: row.uploaded_by,
    };
  };

  /**
   * Moves an import to a final status once (whoever gets there first) and records its event in
   * that same transaction, then cleans staging.
   */
  async function finalize(id: string, status: 'completed' | 'cancelled' | 'failed', error: string | null = null) {
    const row = await outbox.transaction(async (trx, emit) => {
      const ended = await repo.updateIfActive(id, {
        status,
        phase: 'done',
        error,
        finished_at: new Date(),
        ...(status === 'cancelled' ? { cancel_requested_at: new Date() } : {}),
        // Every partition passed the last record (two last chunks committing at once may each miss the other's cursor).
        ...(status === 'completed' ? { processed_rows: db.ref('total_rows') as never } : {}),
      }, trx);
      if (ended && status === 'completed') emit('import.completed', eventData(ended));
      if (ended && status === 'failed') emit('import.failed', eventData(ended));
      return ended;
    });
    if (!row) return undefined;
    // A bulk load that ends without completing leaves the indexes to rebuild: a worker does it.
    if (row.rebuilds_indexes && status !== 'completed') await jobs.enqueue('products.ensureIndexes', {});
    // A failed import keeps its staged rows so it can be retried from where it stopped.
    if (status !== 'failed' || !row.upload_complete) await repo.dropStaging(id);
    logger.info({ importId: id, status }, 'import finished');
    return row;
  }

  return {
    /**
     * Creates an import and streams the upload into staging; the `imports.process` job starts
     * applying chunks as soon as the first one is staged. Resolves when the whole body is read.
     */
    async uploadImport(input: { filename: string; sizeBytes: number; source: Readable; uploader: Uploader }) {
      const imp = await repo.insert({
        filename: input.filename.slice(0, 500) || 'upload.csv',
        size_bytes: input.sizeBytes,
        chunk_size: config.IMPORT_CHUNK_SIZE,
        partitions: config.IMPORT_PARTITIONS,
        uploaded_by: input.uploader.email,
        admin_user_id: input.uploader.adminUserId,
        api_token_id: input.uploader.apiTokenId,
      });
      await repo.createStaging(imp);
      let enqueued = false;
      try {
        await stageUpload({
          db,
          repo,
          imp,
          source: input.source,
          maxBytes: config.IMPORT_MAX_BYTES,
          onChunkStaged: async () => {
            if (enqueued) return;
            enqueued = true;
            await enqueueAppliers(imp);
          },
        });
      } catch (err) {
        const message = err instanceof AppError ? err.message : `The upload failed: ${(err as Error).message}`;
        await finalize(imp.id, 'failed', message);
        if (err instanceof AppError) throw new AppError(err.status, err.code, err.message, { importId: imp.id });
        throw err;
      }
      return toImportJson(await getImportRow(imp.id));
    },

    getImport: async (id: string) => toImportJson(await getImportRow(id)),

    async listImports(opts: { status?: ImportStatus; page: number; perPage: number }) {
      const { rows, total } = await repo.list({ status: opts.status, limit: opts.perPage, offset: (opts.page - 1) * opts.perPage });
      return { data: rows.map(toImportJson), page: opts.page, perPage: opts.perPage, total };
    },

    /** Stops an import between chunks; what was committed stays, and the summary says so. */
    async cancelImport(id: string) {
      const row = await getImportRow(id);
      if (FINAL_STATUSES.includes(row.status)) throw conflict(`Import ${id} has already ended (${row.status})`);
      const ended = await finalize(id, 'cancelled');
      // No chunk can be recorded once cancelled, so these numbers are final.
      if (ended) await repo.update(id, { error: `Cancelled after ${ended.processed_rows} of ${ended.total_rows} rows; rows already imported stay` });
      return toImportJson(await getImportRow(id));
    },

    /** Resumes a failed import from its last committed chunk. */
    async retryImport(id: string) {
      const row = await getImportRow(id);
      if (row.status !== 'failed') throw conflict(`Only failed imports can be retried; import ${id} is ${row.status}`);
      if (!row.upload_complete || !(await repo.stagingExists(id))) {
        throw conflict('The uploaded data of this import is no longer available (the upload did not complete, or it expired): upload the file again');
      }
      await repo.update(id, { status: 'queued', phase: 'waiting', error: null, attempts: 0, finished_at: null });
      await enqueueAppliers(row);
      return toImportJson(await getImportRow(id));
    },

    /** Rejected rows in file order (line, reason, original fields). */
    async rejectedRows(id: string) {
      const row = await getImportRow(id);
      return { row, stream: repo.streamErrors(id) };
    },

    /**
     * The job's work: apply the staged chunks, alongside any other applier of the same import.
     * A failing chunk is retried by the job; after MAX_ATTEMPTS failures the import fails with the
     * last message (its staged rows are kept for `retry`).
     */
    async processImport(
      id: string,
      ctx: { heartbeat: (imp: ImportRow) => Promise<void>; shutdownSignal: AbortSignal; applier?: number },
    ): Promise<ProcessOutcome> {
      const row = await repo.findById(id);
      if (!row || FINAL_STATUSES.includes(row.status)) return 'finished';
      const started = await repo.updateIfActive(id, {
        status: 'processing',
        started_at: row.started_at ?? new Date(),
        phase: row.upload_complete ? 'importing' : row.phase,
      });
      if (!started) return 'finished';
      try {
        return await applyStagedImport(id, {
          db,
          repo,
          bulk: deps.bulk,
          heartbeat: ctx.heartbeat,
          shutdownSignal: ctx.shutdownSignal,
          abandonAfterMs: 5 * 60_000,
          applier: ctx.applier ?? 0,
          catalogueSize: async () => (await deps.products.productCounts()).total,
          bulkMinRows: config.IMPORT_BULK_MIN_ROWS,
          finish: async (importId, status) => void (await finalize(importId, status)),
        });
      } catch (err) {
        if (err instanceof UploadAbandonedError) {
          await finalize(id, 'failed', err.message);
          return 'finished';
        }
        const failures = await repo.countFailure(id);
        logger.error({ err, importId: id, failures }, 'import chunk failed');
        if (failures < MAX_ATTEMPTS) throw err;
        await finalize(id, 'failed', (err as Error).message);
        return 'finished';
      }
    },
  };
}
export type ImportsService = ReturnType<typeof createImportsService>;
