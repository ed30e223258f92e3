import type { Config } from '../../config/env.js';
import type { JobQueue } from '../../jobs/queue.js';
import { conflict, gone, notFound } from '../lib/errors.js';
import { keptDays, keptUntil } from '../maintenance/retention.policy.js';
import type { Db } from '../lib/db.js';
import type { ImportEventData, ImportRevertedEventData } from '../events/events.map.js';
import type { Outbox } from '../events/events.outbox.js';
import type { Logger } from '../lib/logger.js';
import type { ProductsRepo } from '../products/products.repo.js';
import type { BulkIndexes } from './imports.bulkIndexes.js';
import { fieldChangesOf, type ImportChangesRepo, type ProductChange } from './imports.changes.repo.js';
import { applyStagedImport, type ProcessOutcome } from './imports.processor.js';
import type { ImportRow, ImportsRepo } from './imports.repo.js';
import { IMPORT_MAX_CHUNK_FAILURES } from './imports.policy.js';
import { revertRecordedChanges } from './imports.revert.js';
import { isFinal, type ChangeAction, type ImportStatus } from './imports.states.js';
import { rejectedRowsDeleted, toImportJson } from './imports.schemas.js';
import { createUploadsService } from './imports.uploads.service.js';

export type { Uploader } from './imports.uploads.service.js';

/** An applier waiting this long for the next chunk of a paused upload ends (the next chunk queues it again). */
const APPLIER_IDLE_MS = 20_000;

/**
 * CSV imports: upload (streamed into staging), the chunked apply run by the `imports.process`
 * job, progress, cancel and retry, and the rejected rows.
 */
export function createImportsService(deps: {
  db: Db;
  /** The upload writes staging over a connection of its own. */
  databaseUrl: string;
  repo: ImportsRepo;
  products: Pick<ProductsRepo, 'productCounts'>;
  bulk: BulkIndexes;
  changes: ImportChangesRepo;
  jobs: JobQueue;
  outbox: Pick<Outbox, 'transaction'>;
  logger: Logger;
  config: Pick<
    Config,
    | 'IMPORT_CHUNK_SIZE'
    | 'IMPORT_MAX_BYTES'
    | 'IMPORT_PARTITIONS'
    | 'IMPORT_BULK_MIN_ROWS'
    | 'IMPORT_RECORD_CHANGES'
    | 'IMPORT_PREVIEW_TTL_MS'
    | 'IMPORT_UPLOAD_ABANDON_AFTER_MS'
    | 'RETENTION_DAYS_IMPORT_ERRORS'
    | 'publicUrl'
  >;
}) {
  const { db, repo, jobs, outbox, logger, config } = deps;
  const rejectedKeptDays = keptDays(config.RETENTION_DAYS_IMPORT_ERRORS);
  const toJson = (row: ImportRow) => toImportJson(row, rejectedKeptDays);

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
    const json = toJson(row);
    return {
      id: json.id,
      filename: json.filename,
      status: row.status as ImportEventData['status'],
      totalRows: json.totalRows,
      insertedCount: json.insertedCount,
      updatedCount: json.updatedCount,
      rejectedCount: json.rejectedCount,
      unchangedCount: json.unchangedCount,
      durationMs: json.durationMs,
      error: json.error,
      uploadedBy: row.uploaded_by,
      changesUrl: row.records_changes ? `${config.publicUrl}/api/v1/imports/${row.id}/changes` : null,
    };
  };

  const revertEventData = (row: ImportRow): ImportRevertedEventData => ({
    id: row.id,
    filename: row.filename,
    revertStatus: 'completed',
    restoredCount: row.revert_restored_count,
    deletedCount: row.revert_deleted_count,
    conflictCount: row.revert_conflict_count,
    conflictsUrl: `${config.publicUrl}/api/v1/imports/${row.id}/revert/conflicts.csv`,
    uploadedBy: row.uploaded_by,
    revertedBy: row.revert_requested_by,
  });

  /**
   * Moves an import to a final status once (whoever gets there first) and records its event in
   * that same transaction, then cleans staging.
   */
  async function finalize(id: string, status: 'completed' | 'cancelled' | 'failed', error: string | null = null) {
    const row = await outbox.transaction(async (trx, emit) => {
      const ended = await repo.updateIfActive(
        id,
        {
          status,
          phase: 'done',
          error,
          finished_at: new Date(),
          ...(status === 'cancelled' ? { cancel_requested_at: new Date() } : {}),
          // Every partition passed the last record (two last chunks committing at once may each miss the other's cursor).
          ...(status === 'completed' ? { processed_rows: db.ref('total_rows') as never } : {}),
        },
        trx,
      );
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

  /**
   * The preview's work: one read-only comparison of the staged file with the catalogue; the import
   * then waits as `previewed` (until applied, cancelled or expired). Read-only, so safe to run twice.
   */
  async function comparePreview(row: ImportRow): Promise<ProcessOutcome> {
    if (!row.upload_complete) return 'finished'; // the upload enqueues the comparison once it is complete
    await repo.updateIfActive(row.id, { status: 'processing', phase: 'comparing', started_at: row.started_at ?? new Date() });
    const counts = await deps.changes.comparePreview(row);
    await repo.updateIfActive(row.id, {
      status: 'previewed',
      phase: 'done',
      processed_rows: row.total_rows,
      inserted_count: counts.inserted,
      updated_count: counts.valid - counts.inserted,
      unchanged_count: counts.versions - counts.written,
      field_changes: counts.fieldChanges,
      preview_examples: JSON.stringify(counts.examples) as never,
      previewed_at: new Date(),
      preview_expires_at: new Date(Date.now() + config.IMPORT_PREVIEW_TTL_MS),
    });
    logger.info({ importId: row.id, ...counts, examples: undefined }, 'import previewed');
    return 'finished';
  }

  const uploads = createUploadsService({ ...deps, toJson, enqueueAppliers, finalize: (id, status, error) => finalize(id, status, error) });

  return {
    ...uploads,

    getImport: async (id: string) => toJson(await getImportRow(id)),

    async listImports(opts: { status?: ImportStatus; page: number; perPage: number }) {
      const { rows, total } = await repo.list({ status: opts.status, limit: opts.perPage, offset: (opts.page - 1) * opts.perPage });
      return { data: rows.map(toJson), page: opts.page, perPage: opts.perPage, total };
    },

    /**
     * Applies a previewed import's staged rows, against the catalogue as it is now: the result is
     * the result of importing the same file at this moment.
     */
    async applyPreview(id: string) {
      const row = await getImportRow(id);
      if (row.status !== 'previewed') {
        throw conflict(
          row.mode === 'preview' && row.status === 'cancelled'
            ? `Import ${id} was a preview that has been cancelled or has expired: upload the file again`
            : `Only a previewed import can be applied; import ${id} is ${row.status}`,
        );
      }
      if (!(await repo.stagingExists(id))) throw conflict('The staged rows of this preview are no longer available: upload the file again');
      const started = await repo.startApplyingPreview(id);
      if (!started) throw conflict(`Import ${id} is no longer previewed (it was applied, cancelled or expired meanwhile)`);
      await enqueueAppliers(started);
      return toJson(started);
    },

    /** Ends previews that were not applied in time (the recurring job); returns how many. */
    async expirePreviews(): Promise<number> {
      const hours = Math.round(config.IMPORT_PREVIEW_TTL_MS / 3_600_000);
      const ids = await repo.expirePreviews(`The preview expired: it was not applied within ${hours} h. Upload the file again to import it.`);
      for (const id of ids) await repo.dropStaging(id);
      return ids.length;
    },

    /**
     * Starts the revert of an ended import (background job `imports.revert`): products it updated
     * get their previous values back, products it created are deleted, except those changed since.
     */
    async revertImport(id: string, requestedBy: string | null) {
      const row = await getImportRow(id);
      if (row.mode === 'preview' || row.status === 'previewed')
        throw conflict(`Import ${id} was only previewed: it changed nothing, so there is nothing to revert`);
      if (!isFinal(row.status)) throw conflict(`Import ${id} is still running (${row.status}): cancel it or wait until it ends before reverting it`);
      if (!row.records_changes) throw conflict(`Import ${id} did not record its changes (IMPORT_RECORD_CHANGES was off), so it cannot be reverted`);
      if (row.revert_status === 'running') throw conflict(`Import ${id} is already being reverted`);
      if (row.revert_status === 'completed') throw conflict(`Import ${id} has already been reverted`);
      const started = await deps.changes.startRevert(id, requestedBy);
      if (!started) throw conflict(`Import ${id} cannot be reverted now (another request started or ended its revert)`);
      await jobs.enqueue('imports.revert', { importId: id });
      return toJson(started);
    },

    /** Stops a running revert between chunks; what was reverted stays reverted. */
    async cancelRevert(id: string) {
      await getImportRow(id);
      const ended = await deps.changes.endRevert(id, 'cancelled', null);
      if (!ended) throw conflict(`Import ${id} has no revert running`);
      return toJson(ended);
    },

    /** The job's work: revert the recorded changes chunk by chunk; after IMPORT_MAX_CHUNK_FAILURES failures the revert fails. */
    async processRevert(id: string, ctx: { heartbeat: (imp: ImportRow) => Promise<void>; shutdownSignal: AbortSignal }): Promise<ProcessOutcome> {
      try {
        return await revertRecordedChanges(id, {
          db,
          repo,
          changes: deps.changes,
          heartbeat: ctx.heartbeat,
          shutdownSignal: ctx.shutdownSignal,
          complete: async (importId) => {
            await outbox.transaction(async (trx, emit) => {
              const ended = await deps.changes.endRevert(importId, 'completed', null, trx);
              if (ended) emit('import.reverted', revertEventData(ended));
            });
            logger.info({ importId }, 'import reverted');
          },
        });
      } catch (err) {
        const failures = await deps.changes.countRevertFailure(id);
        logger.error({ err, importId: id, failures }, 'revert chunk failed');
        if (failures < IMPORT_MAX_CHUNK_FAILURES) throw err;
        await deps.changes.endRevert(id, 'failed', `The revert stopped: ${(err as Error).message}. Revert again to continue where it stopped.`);
        return 'finished';
      }
    },

    /** A page of what an import changed (recorded), or for a preview the examples of what it would change. */
    async listChanges(id: string, query: { action?: ChangeAction; after?: number; limit: number }) {
      const row = await getImportRow(id);
      if (row.mode === 'preview') {
        const examples = ((row.preview_examples ?? []) as ProductChange[]).filter((e) => !query.action || e.action === query.action);
        return { preview: true, counts: { created: row.inserted_count, updated: row.updated_count - row.unchanged_count }, data: examples, nextAfter: null };
      }
      const [rows, counts] = await Promise.all([
        deps.changes.listChanges(id, { action: query.action, afterPos: query.after, limit: query.limit + 1 }),
        deps.changes.countChanges(id),
      ]);
      const page = rows.slice(0, query.limit);
      return {
        preview: false,
        counts,
        data: page.map((r): ProductChange => ({ productId: Number(r.product_id), sku: r.sku, action: r.action, changes: fieldChangesOf(r), state: r.state })),
        nextAfter: rows.length > query.limit ? Number(page.at(-1)!.pos) : null,
      };
    },

    /** Every recorded change of an import, one line per changed field, read in pages (memory stays flat). */
    async changesCsv(id: string): Promise<{ row: ImportRow; lines: AsyncGenerator<(string | boolean | null)[]> }> {
      const row = await getImportRow(id);
      if (row.mode === 'preview') throw conflict(`Import ${id} is a preview: it changed nothing yet (its examples are at /changes)`);
      const { changes } = deps;
      async function* lines() {
        let after = 0;
        for (;;) {
          const page = await changes.listChanges(id, { afterPos: after, limit: 5000 });
          for (const r of page) for (const c of fieldChangesOf(r)) yield [r.sku, r.action, c.field, c.before, c.after, r.state];
          if (page.length < 5000) return;
          after = Number(page.at(-1)!.pos);
        }
      }
      return { row, lines: lines() };
    },

    /** The products a revert left alone, with the reason. */
    async revertConflicts(id: string) {
      const row = await getImportRow(id);
      return { row, stream: deps.changes.streamConflicts(id) };
    },

    /** Stops an import between chunks; what was committed stays, and the summary says so. */
    async cancelImport(id: string) {
      const row = await getImportRow(id);
      if (isFinal(row.status)) throw conflict(`Import ${id} has already ended (${row.status})`);
      const ended = await finalize(id, 'cancelled');
      // No chunk can be recorded once cancelled, so these numbers are final.
      const summary =
        row.mode === 'preview'
          ? 'Preview discarded: nothing was changed'
          : `Cancelled after ${ended?.processed_rows} of ${ended?.total_rows} rows; rows already imported stay`;
      if (ended) await repo.update(id, { error: summary });
      return toJson(await getImportRow(id));
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
      return toJson(await getImportRow(id));
    },

    /** Rejected rows in file order (line, reason, original fields). */
    async rejectedRows(id: string) {
      const row = await getImportRow(id);
      if (rejectedRowsDeleted(row, rejectedKeptDays))
        throw gone(
          `The rejected rows of import ${id} were deleted on ${keptUntil(row.finished_at, rejectedKeptDays)!.toISOString().slice(0, 10)}: they are kept for ${rejectedKeptDays} days after the import ends (RETENTION_DAYS_IMPORT_ERRORS)`,
        );
      return { row, stream: repo.streamErrors(id) };
    },

    /**
     * The job's work: apply the staged chunks, alongside any other applier of the same import.
     * A failing chunk is retried by the job; after IMPORT_MAX_CHUNK_FAILURES failures the import fails with the
     * last message (its staged rows are kept for `retry`).
     */
    async processImport(
      id: string,
      ctx: { heartbeat: (imp: ImportRow) => Promise<void>; shutdownSignal: AbortSignal; applier?: number },
    ): Promise<ProcessOutcome> {
      const row = await repo.findById(id);
      if (!row || isFinal(row.status) || row.status === 'previewed') return 'finished';
      if (row.mode === 'preview') return comparePreview(row);
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
          idleAfterMs: APPLIER_IDLE_MS,
          applier: ctx.applier ?? 0,
          catalogueSize: async () => (await deps.products.productCounts()).total,
          bulkMinRows: config.IMPORT_BULK_MIN_ROWS,
          finish: async (importId, status) => void (await finalize(importId, status)),
        });
      } catch (err) {
        const failures = await repo.countFailure(id);
        logger.error({ err, importId: id, failures }, 'import chunk failed');
        if (failures < IMPORT_MAX_CHUNK_FAILURES) throw err;
        await finalize(id, 'failed', (err as Error).message);
        return 'finished';
      }
    },
  };
}
export type ImportsService = ReturnType<typeof createImportsService>;
