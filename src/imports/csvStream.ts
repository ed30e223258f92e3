import type { Readable } from 'node:stream';
import { parse, type Options as CsvOptions } from 'csv-parse';
import { AppError } from '../lib/errors.js';
import { detectDelimiter, FileRejectedError } from './csvRows.js';
import { Utf8Scanner } from './utf8Check.js';

/**
 * A CSV record as read from the upload: its 1-based number among data records and its first line;
 * `invalidUtf8` when its bytes were not valid UTF-8 (such bytes read as U+FFFD in `fields`).
 */
export type CsvItem =
  | { kind: 'record'; recordNo: number; lineNo: number; fields: string[]; invalidUtf8: boolean; end: ResumePoint }
  | { kind: 'malformed'; recordNo: number; lineNo: number; reason: string };

/**
 * A place in the file where a fresh parser can take over: just past a record (its line break
 * included). `offset` counts the bytes this parse read (add where it started for the file's offset).
 */
export interface ResumePoint {
  offset: number;
  recordNo: number;
  /** Lines of the file up to and including this record. */
  lines: number;
}

/** What a parser taking over in the middle of a file needs to read it as the first one would. */
export interface ParserState {
  recordNo: number;
  lines: number;
  delimiter: string;
  /** The line break the first parser detected (`\n`, `\r\n` or `\r`); null if it saw none yet. */
  recordDelimiter: string | null;
}

/**
 * The bytes stopped before the file's end (a resumable upload that broke off) before the first
 * 64 KiB could be checked: nothing is staged, the upload resumes at its start.
 */
export class StoppedBeforeHeadError extends Error {
  constructor() {
    super('The upload stopped before its first 64 KiB arrived');
  }
}

const SNIFF_BYTES = 64 * 1024;
const LINE_BREAK = /\r\n|\r|\n/g;

export const payloadTooLarge = (max: number) => new AppError(413, 'payload_too_large', `The file is larger than the limit of ${max} bytes`);

/**
 * File-level checks on the first bytes: binary formats, and invalid UTF-8 within the first
 * 64 KiB (`firstInvalid`: the offset of the first invalid byte sequence, if any), refuse the file.
 */
function checkFirstBytes(head: Buffer, firstInvalid: number | undefined): void {
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    throw new FileRejectedError('This is a ZIP or Excel (.xlsx) file, not CSV: export the sheet as CSV (UTF-8) and upload that');
  }
  if (head[0] === 0x1f && head[1] === 0x8b)
    throw new FileRejectedError('This is a gzip file inside a gzip file: decompress it once, then upload the CSV or its .csv.gz');
  if (head.includes(0)) throw new FileRejectedError('The file contains binary data (NUL bytes): it is not a CSV text file');
  if (firstInvalid !== undefined && firstInvalid < SNIFF_BYTES) {
    throw new FileRejectedError('The file is not valid UTF-8 text (was it saved as Latin-1 or Windows-1252?): save it as CSV UTF-8 and upload again');
  }
}

/**
 * Reads the upload's bytes, counting them against `maxBytes`; the first chunks (at least 64 KiB,
 * and through the end of the header line) come back together so they can be checked first.
 */
async function* countedBytes(source: AsyncIterable<Buffer>, maxBytes: number, onBytes?: (total: number) => void): AsyncGenerator<Buffer> {
  let seen = 0;
  let head: Buffer[] | null = [];
  let headBytes = 0;
  for await (const chunk of source) {
    seen += chunk.length;
    if (seen > maxBytes) throw payloadTooLarge(maxBytes);
    onBytes?.(seen);
    if (!head) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    headBytes += chunk.length;
    if (headBytes >= SNIFF_BYTES && (chunk.includes(0x0a) || chunk.includes(0x0d) || headBytes > 1 << 20)) {
      yield Buffer.concat(head);
      head = null;
    }
  }
  if (head) yield Buffer.concat(head);
}

/**
 * Streams an uploaded CSV as batches of records: delimiter detected from the header line (comma,
 * semicolon or tab), CRLF or LF, quoted fields with delimiters, quotes and newlines. The header
 * comes first (recordNo 0), then every data record or malformed record in file order. The first
 * 64 KiB are checked strictly (binary, invalid UTF-8: the file is refused); later invalid bytes
 * mark only their record (`invalidUtf8`). Validity is judged on the bytes, so a U+FFFD character
 * really in the file is data like any other.
 *
 * Resumable uploads: with `resume`, the bytes start just past a record of a file read before (no
 * header, no file checks, the same delimiters); with `expectedBytes`, bytes that stop short of it
 * are a file cut off for now: the records complete so far come out, the partial one does not
 * (a parser taking over at the last record's `end` reads the rest exactly as this one would have).
 */
export async function* readCsv(
  source: AsyncIterable<Buffer>,
  opts: {
    maxBytes: number;
    onDelimiter?: (d: string) => void;
    onRecordDelimiter?: (d: string) => void;
    onBytes?: (total: number) => void;
    resume?: ParserState;
    expectedBytes?: number;
  },
): AsyncGenerator<CsvItem[]> {
  const { resume } = opts;
  let seenBytes = 0;
  const bytes = countedBytes(source, opts.maxBytes, (n) => {
    seenBytes = n;
    opts.onBytes?.(n);
  });
  const cutShort = () => opts.expectedBytes !== undefined && seenBytes < opts.expectedBytes;
  const first = await bytes.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  const scanner = new Utf8Scanner();
  const invalid = invalidRecords();
  const headInvalid = scanner.scan(head);
  let delimiter = resume?.delimiter ?? ',';
  if (!resume) {
    if (head.length < SNIFF_BYTES && cutShort()) throw new StoppedBeforeHeadError();
    if (!head.length || !head.toString('utf8').trim()) throw new FileRejectedError('The file is empty');
    checkFirstBytes(head.subarray(0, SNIFF_BYTES), headInvalid[0]);
    delimiter = detectDelimiter(
      head
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r?\n|\r/, 1)[0] ?? '',
    );
  }
  invalid.add(headInvalid);
  opts.onDelimiter?.(delimiter);

  // csv-parse reports skipped (malformed) records with how many records it had emitted before them.
  const malformed: { after: number; reason: string }[] = [];
  const options: CsvOptions = {
    delimiter,
    bom: !resume,
    encoding: 'utf8',
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    ...(resume?.recordDelimiter ? { record_delimiter: resume.recordDelimiter } : {}),
    on_skip: (err) => {
      malformed.push({ after: parser.info.records, reason: `malformed row: ${(err?.message ?? 'unreadable').replace(/ at line \d+/, '')}` });
      return undefined;
    },
  };
  const parser = parse(options);
  // Each record with the offset just past it: csv-parse pushes a record as soon as it has read
  // it (line break included), with `info.bytes` there. (Its on_record option builds an info
  // object per record: ~1.7 s more CPU at 500k rows, where this costs nothing measurable.)
  const emit = parser.push.bind(parser);
  let recordDelimiterSeen = Boolean(resume?.recordDelimiter);
  parser.push = (record: string[] | null, encoding?: BufferEncoding) => {
    if (!record) return emit(record, encoding);
    invalid.onRecord(record, parser.info.bytes);
    if (!recordDelimiterSeen && parser.options.record_delimiter?.length) {
      recordDelimiterSeen = true;
      opts.onRecordDelimiter?.(parser.options.record_delimiter[0]!.toString());
    }
    return emit({ fields: record, end: parser.info.bytes }, encoding);
  };
  let stoppedShort = false;
  const feed = (async () => {
    const write = (b: Buffer) =>
      new Promise<void>((resolve, reject) => {
        // Resolves once csv-parse has taken the bytes in: every record they complete is pushed.
        parser.write(b, (err) => (err ? reject(err) : resolve()));
      });
    await write(head);
    for await (const chunk of bytes) {
      invalid.add(scanner.scan(chunk)); // before the parser can emit the chunk's records
      await write(chunk);
    }
    if (cutShort()) {
      // Cut off mid-file: end the records here, without the partial one csv-parse holds.
      stoppedShort = true;
      emit(null);
      return;
    }
    if (opts.expectedBytes !== undefined && seenBytes > opts.expectedBytes) throw payloadTooLarge(opts.expectedBytes);
    invalid.add(scanner.end());
    parser.end();
  })();
  // A failed feed (too large, a broken source) ends the parser with its error: readBatches
  // rethrows it (`errored`), whether or not it was waiting when it came.
  parser.on('error', () => {});
  feed.catch((err) => parser.destroy(err));

  // Line numbers: empty lines arrive as [''] (counted, not yielded); a record spans its line
  // breaks inside quoted values (csv-parse's own count is off for CRLF inside quotes).
  let seen = 0;
  let line = resume?.lines ?? 0;
  let recordNo = resume ? resume.recordNo : -1;
  const pushMalformed = (batch: CsvItem[]) => {
    while (malformed.length && malformed[0]!.after <= seen) {
      recordNo += 1;
      batch.push({ kind: 'malformed', recordNo, lineNo: line + 1, reason: malformed.shift()!.reason });
      line += 1;
    }
  };
  for await (const records of readBatches<{ fields: string[]; end: number }>(parser)) {
    const batch: CsvItem[] = [];
    for (const { fields, end } of records) {
      pushMalformed(batch);
      seen += 1;
      if (fields.length === 1 && fields[0] === '') {
        line += 1;
        continue;
      }
      recordNo += 1;
      const lineNo = line + 1;
      let breaks = 0;
      for (const f of fields) if (f.includes('\n') || f.includes('\r')) breaks += f.match(LINE_BREAK)!.length;
      line = lineNo + breaks;
      batch.push({ kind: 'record', recordNo, lineNo, fields, invalidUtf8: invalid.take(fields), end: { offset: end, recordNo, lines: line } });
    }
    if (batch.length) yield batch;
  }
  await feed;
  parser.destroy();
  if (stoppedShort) return; // malformed records after the last record are read again on resume
  const rest: CsvItem[] = [];
  pushMalformed(rest);
  if (rest.length) yield rest;
}

/**
 * The records that hold invalid bytes: the scanner's offsets, matched with the offset just past
 * each record as csv-parse emits it (both in file order, so one pass).
 */
function invalidRecords() {
  let offsets: number[] = [];
  let next = 0;
  const records = new Set<string[]>();
  return {
    add(found: number[]): void {
      for (const offset of found) offsets.push(offset);
    },
    onRecord(record: string[], end: number): void {
      if (next === offsets.length || offsets[next]! >= end) return;
      while (next < offsets.length && offsets[next]! < end) next += 1;
      // Invalid bytes always read as U+FFFD: a record without one did not hold them, a skipped
      // malformed record before it did. (Only an unclosed quote or text after a closing quote
      // makes csv-parse skip a record here; one followed by a real U+FFFD is the rare miss.)
      if (record.some((f) => f.includes('\uFFFD'))) records.add(record);
      if (next === offsets.length) {
        offsets = [];
        next = 0;
      }
    },
    /** Whether `record` holds invalid bytes (asked once per record). */
    take: (record: string[]): boolean => records.size > 0 && records.delete(record),
  };
}

/**
 * Everything an object stream has buffered, as one array per wake-up: one promise per batch
 * instead of one per record, which matters at millions of records.
 */
async function* readBatches<T>(stream: Readable): AsyncGenerator<T[]> {
  for (;;) {
    const batch: T[] = [];
    let item: T | null;
    while ((item = stream.read() as T | null) !== null) batch.push(item);
    if (batch.length) {
      yield batch;
      continue;
    }
    if (stream.readableEnded) return;
    if (stream.errored) throw stream.errored;
    await new Promise<void>((resolve, reject) => {
      const settle = (err?: Error) => {
        stream.off('readable', onReady).off('end', onReady).off('error', settle);
        if (err) reject(err);
        else resolve();
      };
      const onReady = () => settle();
      stream.once('readable', onReady).once('end', onReady).once('error', settle);
    });
  }
}
