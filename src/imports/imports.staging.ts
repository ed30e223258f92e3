import { copyText, FileRejectedError, mapHeader, recordFields, validateRecord, type ColumnMap } from './csvRows.js';
import { readCsv, StoppedBeforeHeadError, type ParserState, type ResumePoint } from './csvStream.js';
import type { ImportRow } from './imports.repo.js';
import { openStagingWriter, type RejectedRow } from './imports.staging.repo.js';

export interface StageOptions {
  /** The upload writes over a connection of its own (see openStagingWriter). */
  databaseUrl: string;
  imp: ImportRow;
  /** The file's bytes, from `imp.staged_bytes` on (0 for a new import). */
  source: AsyncIterable<Buffer>;
  maxBytes: number;
  /**
   * Resumable upload: the file's size. Bytes that stop short of it are an upload cut off for now:
   * what is complete is staged, and staging stops at a record's end, where the next request takes
   * over. Without it the end of the bytes is the end of the file.
   */
  fileSize?: number;
  /** Called after each committed chunk (`appliersIdle`: no applier is waiting for it: queue them). */
  onChunkStaged: (stagedThrough: number, appliersIdle: boolean) => Promise<void>;
  /** Called at most every few seconds while bytes arrive (the abandon rule's clock). */
  onBytesArriving?: () => void;
}

/** Where staging stands after a call: the file offset the next bytes must start at, and whether the file is all staged. */
export interface StageResult {
  offset: number;
  complete: boolean;
  /** False when the import ended meanwhile (a cancel, an abandon, another request that took over). */
  accepted: boolean;
}

const COPY_BATCH_CHARS = 256 * 1024;
const ARRIVING_EVERY_MS = 5_000;

/**
 * Streams an upload into the import's staging table, one transaction per chunk of records
 * (COPY of the valid rows + the rejected rows + the import's counters and resume point), so a
 * worker can start applying chunk N while chunk N+1 is still being uploaded. Memory stays bounded
 * by one chunk of rejected rows and one COPY batch, whatever the file size.
 *
 * Every commit also records where a fresh parser can take over (the offset just past the last
 * staged record, its number, the line count, the delimiters), so a resumable upload continues in
 * any web process from the import row alone, and records already staged are never staged twice.
 */
export async function stageUpload(opts: StageOptions): Promise<StageResult> {
  const { imp } = opts;
  const base = Number(imp.staged_bytes);
  const resuming = base > 0;
  const state: ParserState | undefined = resuming
    ? { recordNo: imp.staged_record, lines: imp.staged_lines, delimiter: imp.delimiter ?? ',', recordDelimiter: imp.record_delimiter }
    : undefined;
  const writer = await openStagingWriter(opts.databaseUrl, imp.id);
  let batch = '';
  let rejected: RejectedRow[] = [];
  let header: string[] = resuming ? imp.header_columns : [];
  let columns: ColumnMap | null = resuming ? mapHeader(header) : null;
  let delimiter = imp.delimiter ?? ',';
  let recordDelimiter = imp.record_delimiter;
  const alreadyStaged = imp.staged_through;
  let chunkEnd = Math.floor(alreadyStaged / imp.chunk_size) * imp.chunk_size + imp.chunk_size;
  let lastRecord = alreadyStaged;
  let committedAt = base;
  let committedThrough = alreadyStaged;
  let resumeAt: ResumePoint | null = null;
  let lastArriving = Date.now();
  let seenBytes = 0;

  const flushBatch = async () => {
    const text = batch;
    batch = '';
    await writer.write(text);
  };
  /** Commits the open transaction; false when the import ended or moved on meanwhile. */
  const commit = async (through: number, final: boolean, size: number | null): Promise<boolean> => {
    await flushBatch();
    const at = final ? (size ?? committedAt) : resumeAt ? base + resumeAt.offset : committedAt;
    const committed = await writer.commit({
      through,
      rejected,
      final,
      delimiter,
      recordDelimiter,
      expectedOffset: committedAt,
      resumeAt: { offset: at, recordNo: resumeAt?.recordNo ?? imp.staged_record, lines: resumeAt?.lines ?? imp.staged_lines },
      unknownColumns: columns?.unknown ?? [],
      hasDescription: (columns?.index.description ?? -1) >= 0,
      hasActive: (columns?.index.active ?? -1) >= 0,
      headerColumns: header.map((h) => h.replace(/^\uFEFF/, '').trim()),
    });
    rejected = [];
    if (!committed) return false;
    committedAt = at;
    committedThrough = through;
    await opts.onChunkStaged(through, committed.appliersIdle);
    return true;
  };
  const result = (accepted: boolean, complete = false): StageResult => ({ offset: committedAt, complete, accepted });

  try {
    await writer.begin();
    const items = readCsv(opts.source, {
      maxBytes: opts.maxBytes - base,
      resume: state,
      expectedBytes: opts.fileSize === undefined ? undefined : opts.fileSize - base,
      onDelimiter: (d) => (delimiter = d),
      onRecordDelimiter: (d) => (recordDelimiter = d),
      onBytes: (n) => {
        seenBytes = n;
        if (!opts.onBytesArriving || Date.now() - lastArriving < ARRIVING_EVERY_MS) return;
        lastArriving = Date.now();
        opts.onBytesArriving();
      },
    });
    for await (const batchOfItems of items) {
      for (const item of batchOfItems) {
        if (item.recordNo === 0) {
          if (item.kind === 'malformed') throw new FileRejectedError(`The header row is malformed: ${item.reason}`);
          header = item.fields;
          columns = mapHeader(header);
          resumeAt = item.end;
          continue;
        }
        if (item.recordNo <= alreadyStaged) {
          // Staged by an earlier request (malformed records after its last full record).
          if (item.kind === 'record') resumeAt = item.end;
          continue;
        }
        if (item.recordNo > chunkEnd) {
          if (!(await commit(chunkEnd, false, null))) return result(false); // ended meanwhile: stop reading
          chunkEnd += imp.chunk_size;
          await writer.begin();
        }
        lastRecord = item.recordNo;
        if (item.kind === 'malformed') {
          rejected.push({ recordNo: item.recordNo, lineNo: item.lineNo, reason: item.reason, fields: {} });
          continue;
        }
        resumeAt = item.end;
        const checked = validateRecord(item.fields, columns!, item.invalidUtf8);
        if (!checked.ok) {
          rejected.push({ recordNo: item.recordNo, lineNo: item.lineNo, reason: checked.reason, fields: recordFields(item.fields, header) });
          continue;
        }
        const { sku, name, description, active } = checked.row;
        batch += `${item.recordNo}\t${copyText(sku)}\t${copyText(name)}\t${copyText(description)}\t${copyText(active)}\n`;
        if (batch.length >= COPY_BATCH_CHARS) await flushBatch();
      }
    }
    const size = base + seenBytes;
    const complete = opts.fileSize === undefined || size >= opts.fileSize;
    if (!columns && complete) throw new FileRejectedError('The file is empty');
    if (complete) {
      return result(await commit(lastRecord, true, size), true);
    }
    // Cut off for now: keep what is complete; the next request starts at the last record's end.
    const moved = lastRecord !== committedThrough || (resumeAt !== null && base + resumeAt.offset !== committedAt);
    if (!moved) {
      await writer.abort();
      return result(true);
    }
    return result(await commit(lastRecord, false, null));
  } catch (err) {
    await writer.abort();
    if (err instanceof StoppedBeforeHeadError) return result(true);
    throw err;
  } finally {
    await writer.close();
  }
}
