import { z } from 'zod';
import type { ImportRow } from './imports.repo.js';

export const listImportsQuery = z.object({
  status: z.enum(['queued', 'processing', 'completed', 'failed', 'cancelled']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(20),
});

export const importIdParams = z.object({ id: z.uuid('must be an import id (UUID)') });

export const uploadQuery = z.object({
  filename: z.string().max(500).optional().describe('File name to record for a raw text/csv body'),
});

/** The import as JSON (documentation schema for the OpenAPI document). */
export const importSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['queued', 'processing', 'completed', 'failed', 'cancelled']),
    phase: z.enum(['uploading', 'waiting', 'importing', 'finishing', 'done']),
    filename: z.string(),
    sizeBytes: z.number().int(),
    totalRows: z.number().int().describe('CSV records (not lines) read so far; final once the upload completed'),
    processedRows: z.number().int(),
    percent: z.number(),
    insertedCount: z.number().int(),
    updatedCount: z.number().int(),
    unchangedCount: z.number().int().describe('Valid rows identical to the stored product, which was left untouched (counted in updatedCount too)'),
    rejectedCount: z.number().int(),
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

/** The import as the API, the panel and SSE show it. */
export function toImportJson(row: ImportRow) {
  const total = row.total_rows;
  const finished = row.finished_at ? new Date(row.finished_at) : null;
  const started = row.started_at ? new Date(row.started_at) : null;
  // 100 only once completed: the last step (rebuilding search indexes after a bulk load) takes time too.
  const percent =
    row.status === 'completed' ? 100 : total > 0 && row.upload_complete ? Math.min(99.9, Math.floor((row.processed_rows * 1000) / total) / 10) : 0;
  return {
    id: row.id,
    status: row.status,
    phase: row.phase,
    filename: row.filename,
    sizeBytes: Number(row.size_bytes),
    totalRows: total,
    processedRows: row.processed_rows,
    percent,
    insertedCount: row.inserted_count,
    updatedCount: row.updated_count,
    unchangedCount: row.unchanged_count,
    rejectedCount: row.rejected_count,
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
