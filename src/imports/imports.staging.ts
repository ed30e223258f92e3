import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../lib/db.js';
import { copyText, FileRejectedError, mapHeader, recordFields, validateRecord, type ColumnMap } from './csvRows.js';
import { readCsv } from './csvStream.js';
import { stagingTable, type ImportRow, type ImportsRepo } from './imports.repo.js';

interface RejectedRow {
  recordNo: number;
  lineNo: number;
  reason: string;
  fields: Record<string, string>;
}

export interface StageOptions {
  db: Db;
  repo: ImportsRepo;
  imp: ImportRow;
  source: Readable;
  maxBytes: number;
  /** Called after each committed chunk (the first one enqueues the import job). */
  onChunkStaged: (stagedThrough: number) => Promise<void>;
}

const COPY_BATCH_CHARS = 256 * 1024;

/**
 * Streams an upload into the import's staging table, one transaction per chunk of records
 * (COPY of the valid rows + the rejected rows + the import's counters), so a worker can start
 * applying chunk N while chunk N+1 is still being uploaded. Memory stays bounded by one chunk
 * of rejected rows and one COPY batch, whatever the file size.
 */
export async function stageUpload(opts: StageOptions): Promise<void> {
  const { db, repo, imp } = opts;
  const conn = (await db.client.acquireConnection()) as pg.Client;
  let inTransaction = false;
  let copy: Writable | null = null;
  let batch = '';
  let rejected: RejectedRow[] = [];
  let columns: ColumnMap | null = null;
  let header: string[] = [];
  let delimiter = ',';
  let chunkEnd = imp.chunk_size;
  let lastRecord = 0;
  let bytesRead = 0;

  const beginChunk = async () => {
    await conn.query('BEGIN');
    inTransaction = true;
  };
  /** The chunk's COPY starts with its first valid row (a chunk of rejected rows needs none). */
  const openCopy = () => {
    const stream = conn.query(copyFrom(`COPY ${stagingTable(imp.id)} (record_no, sku, name, description, active) FROM STDIN`));
    // Errors surface through the 'finish'/'drain' waits below; a listener keeps them from crashing the process.
    stream.on('error', () => {});
    return stream;
  };
  const flushBatch = async () => {
    if (!batch) return;
    copy ??= openCopy();
    const ok = copy.write(batch);
    batch = '';
    if (!ok) await once(copy, 'drain'); // rejects if the COPY stream errors
  };
  /** Commits the open chunk; returns false when the import was cancelled meanwhile. */
  const commitChunk = async (through: number, final: boolean): Promise<boolean> => {
    await flushBatch();
    if (copy) {
      const finished = once(copy, 'finish');
      copy.end();
      await finished;
    }
    await repo.insertErrors(conn, imp.id, rejected);
    const { rowCount } = await conn.query(
      `UPDATE imports SET staged_through = $2, total_rows = $2, rejected_count = rejected_count + $3, staged_bytes = $10,
         upload_complete = $4, delimiter = $5, unknown_columns = $6, has_description = $7, has_active = $8, header_columns = $9,
         phase = CASE WHEN $4 AND phase = 'uploading' THEN 'waiting' ELSE phase END, updated_at = now()
       WHERE id = $1 AND status NOT IN ('completed', 'failed', 'cancelled')`,
      [imp.id, through, rejected.length, final, delimiter, columns?.unknown ?? [], (columns?.index.description ?? -1) >= 0, (columns?.index.active ?? -1) >= 0, header.map((h) => h.replace(/^\uFEFF/, '').trim()), bytesRead],
    );
    await conn.query(rowCount ? 'COMMIT' : 'ROLLBACK');
    inTransaction = false;
    copy = null;
    rejected = [];
    if (!rowCount) return false;
    await opts.onChunkStaged(through);
    return true;
  };

  try {
    await beginChunk();
    for await (const items of readCsv(opts.source, { maxBytes: opts.maxBytes, onDelimiter: (d) => (delimiter = d), onBytes: (n) => (bytesRead = n) })) {
      for (const item of items) {
        if (item.recordNo === 0) {
          if (item.kind === 'malformed') throw new FileRejectedError(`The header row is malformed: ${item.reason}`);
          header = item.fields;
          columns = mapHeader(header);
          continue;
        }
        if (item.recordNo > chunkEnd) {
          if (!(await commitChunk(chunkEnd, false))) return; // cancelled meanwhile: stop reading
          chunkEnd += imp.chunk_size;
          await beginChunk();
        }
        lastRecord = item.recordNo;
        if (item.kind === 'malformed') {
          rejected.push({ recordNo: item.recordNo, lineNo: item.lineNo, reason: item.reason, fields: {} });
          continue;
        }
        const result = validateRecord(item.fields, columns!, item.invalidUtf8);
        if (!result.ok) {
          rejected.push({ recordNo: item.recordNo, lineNo: item.lineNo, reason: result.reason, fields: recordFields(item.fields, header) });
          continue;
        }
        const { sku, name, description, active } = result.row;
        batch += `${item.recordNo}\t${copyText(sku)}\t${copyText(name)}\t${copyText(description)}\t${copyText(active)}\n`;
        if (batch.length >= COPY_BATCH_CHARS) await flushBatch();
      }
    }
    if (!columns) throw new FileRejectedError('The file is empty');
    await commitChunk(lastRecord, true);
  } catch (err) {
    const open = copy as Writable | null;
    if (open) {
      // A COPY cut off mid-stream leaves the connection unusable: knex discards it on release.
      open.destroy();
      (conn as unknown as { __knex__disposed?: unknown }).__knex__disposed = 'upload aborted during COPY';
    }
    if (inTransaction) await conn.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await db.client.releaseConnection(conn);
  }
}
