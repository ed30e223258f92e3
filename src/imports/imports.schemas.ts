import { z } from 'zod';
import { keptUntil, pastRetention } from '../maintenance/retention.policy.js';
import type { ImportRow } from './imports.repo.js';
import { CHANGE_ACTIONS, CHANGE_STATES, IMPORT_MODES, IMPORT_PHASES, IMPORT_STATUSES, isFinal, PRODUCT_FIELDS, REVERT_STATUSES } from './imports.states.js';

const booleanParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const listImportsQuery = z.object({
  status: z.enum(IMPORT_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(20),
});

export const importIdParams = z.object({ id: z.uuid('must be an import id (UUID)') });

export const uploadQuery = z.object({
  filename: z.string().max(500).optional().describe('File name to record for a raw text/csv body'),
  preview: booleanParam
    .optional()
    .describe(
      '`true`: stage and compare the file with the catalogue without changing a product; the import then waits as `previewed` for `POST /imports/{id}/apply`',
    ),
  recordChanges: booleanParam.optional().describe('Record what the import creates and changes (needed to revert it); default IMPORT_RECORD_CHANGES (true)'),
});

export const listChangesQuery = z.object({
  action: z.enum(CHANGE_ACTIONS).optional(),
  after: z.coerce.number().int().min(0).optional().describe('The `nextAfter` of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const fieldValue = z.union([z.string(), z.boolean(), z.null()]);

/** What an import did, or a preview would do, to one product. */
export const productChangeSchema = z
  .object({
    productId: z.number().int().nullable().describe('null for a product a preview would create'),
    sku: z.string(),
    action: z.enum(CHANGE_ACTIONS),
    changes: z
      .array(z.object({ field: z.enum(PRODUCT_FIELDS), before: fieldValue, after: fieldValue }))
      .describe(
        'Every field of a created product; the changed fields of an updated one. For a recorded change, `after` is null once the product changed or was deleted since (`state`)',
      ),
    state: z
      .enum(CHANGE_STATES)
      .optional()
      .describe('Recorded changes only: what the product holds now — as the import left it, changed since (by anyone), or deleted since'),
  })
  .meta({ id: 'ProductChange' });

export const changesPageSchema = z.object({
  preview: z.boolean().describe('true: the import is a preview and `data` holds examples of what applying it would change'),
  counts: z.object({ created: z.number().int(), updated: z.number().int() }).describe('Products created and updated (changed) in all'),
  data: z.array(productChangeSchema),
  nextAfter: z.number().int().nullable().describe('Pass as `after` for the next page; null on the last'),
});

/** The import as JSON (documentation schema for the OpenAPI document). */
export const importSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(IMPORT_STATUSES),
    phase: z.enum(IMPORT_PHASES),
    mode: z.enum(IMPORT_MODES).describe('`preview` until a previewed import is applied'),
    filename: z.string(),
    sizeBytes: z.number().int(),
    totalRows: z.number().int().describe('CSV records (not lines) read so far; final once the upload completed (`uploadComplete`)'),
    processedRows: z.number().int(),
    percent: z
      .number()
      .describe(
        "Of the file's records applied; 0 until the upload is complete, when the total is not known yet (`uploadComplete` false: show the upload's progress instead)",
      ),
    uploadComplete: z.boolean().describe('The whole file has arrived and is staged: `totalRows` is final'),
    uploadedBytes: z.number().int().describe('Bytes of the file (decompressed) staged so far: for a resumable upload, where it continues'),
    resumable: z
      .boolean()
      .describe('The upload stopped before the end and can be continued now (a tus upload at `uploadUrl`, until IMPORT_UPLOAD_ABANDON_AFTER_MS without bytes)'),
    uploadUrl: z.string().nullable().describe('The tus upload of this import (`/api/v1/uploads/{id}`), for an import uploaded that way'),
    canRetry: z.boolean().describe('POST /imports/{id}/retry can work: it failed after its whole file was staged (otherwise: upload the file again)'),
    insertedCount: z.number().int(),
    updatedCount: z.number().int(),
    unchangedCount: z.number().int().describe('Valid rows identical to the stored product, which was left untouched (counted in updatedCount too)'),
    rejectedCount: z.number().int(),
    rejectedRowsKeptUntil: z
      .string()
      .nullable()
      .describe(
        'When the rejected rows (GET /imports/{id}/errors) are deleted (RETENTION_DAYS_IMPORT_ERRORS after the import ends); null while it runs, when none were rejected, or when they are kept for good',
      ),
    rejectedRowsDeleted: z
      .boolean()
      .describe("The rejected rows are past their retention window (by the server's clock): GET /imports/{id}/errors answers 410"),
    fieldChanges: z
      .record(z.enum(PRODUCT_FIELDS), z.number().int())
      .nullable()
      .describe('Preview: per field, how many products applying the file would change'),
    previewExpiresAt: z.string().nullable().describe('A previewed import not applied by then expires'),
    recordsChanges: z.boolean().describe('It records what it created and changed, so it can be listed at /changes and reverted'),
    revertStatus: z.enum(REVERT_STATUSES).nullable(),
    revertTotal: z.number().int().describe('Products the revert goes through (those the import created or changed)'),
    revertProcessed: z.number().int(),
    revertPercent: z.number(),
    revertRestoredCount: z.number().int(),
    revertDeletedCount: z.number().int(),
    revertConflictCount: z.number().int().describe('Products left as they are because they changed since the import (see /revert/conflicts.csv)'),
    revertError: z.string().nullable(),
    revertStartedAt: z.string().nullable(),
    revertFinishedAt: z.string().nullable(),
    unknownColumns: z.array(z.string()),
    error: z.string().nullable(),
    uploadedBy: z.string().nullable(),
    cancelRequested: z.boolean(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    durationMs: z.number().int().nullable(),
  })
  .meta({ id: 'Import' });

export const importPageSchema = z.object({
  data: z.array(importSchema),
  page: z.number().int(),
  perPage: z.number().int(),
  total: z.number().int(),
});

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** How far an import is, in percent: 100 only once completed (rebuilding search indexes after a bulk load takes time too). */
export function importPercent(row: Pick<ImportRow, 'status' | 'total_rows' | 'processed_rows' | 'upload_complete'>): number {
  if (row.status === 'completed' || row.status === 'previewed') return 100;
  return row.total_rows > 0 && row.upload_complete ? Math.min(99.9, Math.floor((row.processed_rows * 1000) / row.total_rows) / 10) : 0;
}

/** Its rejected rows are past their retention window (RETENTION_DAYS_IMPORT_ERRORS as `keptDays`): deleted, and GET …/errors answers 410. */
export const rejectedRowsDeleted = (row: Pick<ImportRow, 'rejected_count' | 'finished_at'>, keptDays: number | null): boolean =>
  row.rejected_count > 0 && pastRetention(row.finished_at, keptDays);

/**
 * The import as the API, the panel and SSE show it. `rejectedKeptDays`: how long rejected rows are
 * kept after the import ends (RETENTION_DAYS_IMPORT_ERRORS as a window; null: forever).
 */
export function toImportJson(row: ImportRow, rejectedKeptDays: number | null) {
  const total = row.total_rows;
  const finished = row.finished_at ? new Date(row.finished_at) : null;
  const started = row.started_at ? new Date(row.started_at) : null;
  const percent = importPercent(row);
  return {
    id: row.id,
    status: row.status,
    phase: row.phase,
    filename: row.filename,
    sizeBytes: Number(row.size_bytes),
    totalRows: total,
    processedRows: row.processed_rows,
    percent,
    uploadComplete: row.upload_complete,
    uploadedBytes: row.upload_complete ? Number(row.size_bytes) : Number(row.staged_bytes),
    resumable: row.resumable && !row.upload_complete && !isFinal(row.status),
    uploadUrl: row.resumable ? `/api/v1/uploads/${row.id}` : null,
    canRetry: row.status === 'failed' && row.upload_complete,
    insertedCount: row.inserted_count,
    updatedCount: row.updated_count,
    unchangedCount: row.unchanged_count,
    rejectedCount: row.rejected_count,
    rejectedRowsKeptUntil: row.rejected_count > 0 ? iso(keptUntil(row.finished_at, rejectedKeptDays)) : null,
    rejectedRowsDeleted: rejectedRowsDeleted(row, rejectedKeptDays),
    mode: row.mode,
    fieldChanges: row.field_changes,
    previewExpiresAt: iso(row.preview_expires_at),
    recordsChanges: row.records_changes,
    revertStatus: row.revert_status,
    revertTotal: row.revert_total,
    revertProcessed: row.revert_processed,
    revertPercent:
      row.revert_status === 'completed' ? 100 : row.revert_total ? Math.min(99.9, Math.floor((row.revert_processed * 1000) / row.revert_total) / 10) : 0,
    revertRestoredCount: row.revert_restored_count,
    revertDeletedCount: row.revert_deleted_count,
    revertConflictCount: row.revert_conflict_count,
    revertError: row.revert_error,
    revertStartedAt: iso(row.revert_started_at),
    revertFinishedAt: iso(row.revert_finished_at),
    unknownColumns: row.unknown_columns,
    error: row.error,
    uploadedBy: row.uploaded_by,
    cancelRequested: Boolean(row.cancel_requested_at),
    createdAt: new Date(row.created_at).toISOString(),
    startedAt: started?.toISOString() ?? null,
    finishedAt: finished?.toISOString() ?? null,
    durationMs: finished ? finished.getTime() - new Date(row.created_at).getTime() : null,
  };
}
export type ImportJson = ReturnType<typeof toImportJson>;
