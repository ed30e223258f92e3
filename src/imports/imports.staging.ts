import type { Readable } from 'node:stream';
import { copyText, FileRejectedError, mapHeader, recordFields, validateRecord, type ColumnMap } from './csvRows.js';
import { readCsv } from './csvStream.js';
import type { ImportRow } from './imports.repo.js';
import { openStagingWriter, type RejectedRow } from './imports.staging.repo.js';

export interface StageOptions {
  /** The upload writes over a connection of its own (see openStagingWriter). */
  databaseUrl: string;
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
  const { imp } = opts;
  const writer = await openStagingWriter(opts.databaseUrl, imp.id);
  let batch = '';
  let rejected: RejectedRow[] = [];
  let columns: ColumnMap | null = null;
  let header: string[] = [];
  let delimiter = ',';
  let chunkEnd = imp.chunk_size;
  let lastRecord = 0;
  let bytesRead = 0;

  const flushBatch = async () => {
    const text = batch;
    batch = '';
    await writer.write(text);
  };
  /** Commits the open chunk; returns false when the import was cancelled meanwhile. */
  const commitChunk = async (through: number, final: boolean): Promise<boolean> => {
    await flushBatch();
    const committed = await writer.commit({
      through, rejected, final, bytesRead, delimiter,
      unknownColumns: columns?.unknown ?? [],
      hasDescription: (columns?.index.description ?? -1) >= 0,
      hasActive: (columns?.index.active ?? -1) >= 0,
      headerColumns: header.map((h) => h.replace(/^\uFEFF/, '').trim()),
    });
    rejected = [];
    if (!committed) return false;
    await opts.onChunkStaged(through);
    return true;
  };

  try {
    await writer.begin();
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
          await writer.begin();
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
    await writer.abort();
    throw err;
  } finally {
    await writer.close();
  }
}
