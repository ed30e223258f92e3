import { once } from 'node:events';
import type { Writable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { FINAL_STATUSES } from './imports.states.js';
import { stagingTable } from './imports.repo.js';

/** A rejected row as stored in import_errors (line and reason, with the record's original fields). */
export interface RejectedRow {
  recordNo: number;
  lineNo: number;
  reason: string;
  fields: Record<string, string>;
}

/** What the import row learns when a staged chunk commits. */
export interface StagedChunk {
  /** Last record of the chunk (the import's `staged_through` and `total_rows`). */
  through: number;
  rejected: RejectedRow[];
  /** The whole file has been read. */
  final: boolean;
  /** The file offset `staged_bytes` had when this writer last committed (another writer moved it: refused). */
  expectedOffset: number;
  /** Where a fresh parser takes over: the file offset just past the last staged record, its number, the line count. */
  resumeAt: { offset: number; recordNo: number; lines: number };
  delimiter: string;
  recordDelimiter: string | null;
  unknownColumns: string[];
  hasDescription: boolean;
  hasActive: boolean;
  headerColumns: string[];
}

/**
 * Writes an upload into its import's staging table over a connection of its own, one transaction per
 * chunk: `begin`, `write` COPY text (with back-pressure), then `commit` the chunk with its rejected
 * rows and the import's counters, or `abort`. The connection is the upload's alone, so a COPY cut off
 * mid-stream (which leaves a connection unusable) is discarded with it at `close`, never returned to a pool.
 */
export async function openStagingWriter(databaseUrl: string, importId: string) {
  const conn = new pg.Client({ connectionString: databaseUrl, application_name: 'acme-upload' });
  conn.on('error', () => {}); // a connection lost mid-upload surfaces through the pending query instead
  await conn.connect();
  let copy: Writable | null = null;
  let inTransaction = false;

  const openCopy = () => {
    const stream = conn.query(copyFrom(`COPY ${stagingTable(importId)} (record_no, sku, name, description, active) FROM STDIN`));
    // Errors surface through the 'finish'/'drain' waits below; a listener keeps them from crashing the process.
    stream.on('error', () => {});
    return stream;
  };

  return {
    async begin(): Promise<void> {
      await conn.query('BEGIN');
      inTransaction = true;
    },

    /** COPY text rows (`record_no\tsku\tname\tdescription\tactive\n`); resolves when the stream takes more. */
    async write(text: string): Promise<void> {
      if (!text) return;
      copy ??= openCopy(); // a chunk of rejected rows only needs no COPY
      if (!copy.write(text)) await once(copy, 'drain'); // rejects if the COPY stream errors
    },

    /**
     * Ends the chunk's COPY, stores its rejected rows and the import's counters and resume point,
     * and commits; rolls back and answers null when the import ended meanwhile (a cancel, an
     * abandon) or another request staged past this writer. `appliersIdle`: no applier was waiting.
     */
    async commit(chunk: StagedChunk): Promise<{ appliersIdle: boolean } | null> {
      if (copy) {
        const finished = once(copy, 'finish');
        copy.end();
        await finished;
        copy = null;
      }
      const { rejected } = chunk;
      if (rejected.length) {
        await conn.query(
          `INSERT INTO import_errors (import_id, record_no, line_no, reason, fields)
           SELECT $1, * FROM unnest($2::int[], $3::int[], $4::text[], $5::jsonb[])
           ON CONFLICT DO NOTHING`,
          [
            importId,
            rejected.map((e) => e.recordNo),
            rejected.map((e) => e.lineNo),
            rejected.map((e) => e.reason),
            rejected.map((e) => JSON.stringify(e.fields)),
          ],
        );
      }
      const { rows } = await conn.query(
        `UPDATE imports i SET staged_through = $2, total_rows = $2, rejected_count = i.rejected_count + $3,
           upload_complete = $4, delimiter = $5, unknown_columns = $6, has_description = $7, has_active = $8, header_columns = $9,
           staged_bytes = $10, staged_record = $11, staged_lines = $12, record_delimiter = $13,
           size_bytes = CASE WHEN $4 AND i.size_bytes = 0 THEN $10 ELSE i.size_bytes END,
           phase = CASE WHEN $4 AND i.phase = 'uploading' THEN 'waiting' ELSE i.phase END,
           appliers_idle = false, upload_active_at = now(), updated_at = now()
         FROM (SELECT id, appliers_idle FROM imports WHERE id = $1 FOR UPDATE) old
         WHERE i.id = old.id AND NOT (i.status = ANY($14)) AND i.staged_bytes = $15
         RETURNING old.appliers_idle`,
        [
          importId,
          chunk.through,
          rejected.length,
          chunk.final,
          chunk.delimiter,
          chunk.unknownColumns,
          chunk.hasDescription,
          chunk.hasActive,
          chunk.headerColumns,
          chunk.resumeAt.offset,
          chunk.resumeAt.recordNo,
          chunk.resumeAt.lines,
          chunk.recordDelimiter,
          FINAL_STATUSES,
          chunk.expectedOffset,
        ],
      );
      await conn.query(rows.length ? 'COMMIT' : 'ROLLBACK');
      inTransaction = false;
      return rows.length ? { appliersIdle: Boolean(rows[0].appliers_idle) } : null;
    },

    /** Abandons the open chunk: its COPY is cut off and its transaction rolled back. */
    async abort(): Promise<void> {
      if (copy) {
        // A COPY cut off mid-stream leaves the connection unusable: closing it rolls the chunk back.
        copy.destroy();
        copy = null;
      } else if (inTransaction) {
        await conn.query('ROLLBACK').catch(() => {});
      }
      inTransaction = false;
    },

    /** Closes the upload's connection (whatever state a cut-off COPY left it in). */
    close: () => conn.end().catch(() => {}),
  };
}
export type StagingWriter = Awaited<ReturnType<typeof openStagingWriter>>;
