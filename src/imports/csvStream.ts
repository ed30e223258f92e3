import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { parse, type Options as CsvOptions } from 'csv-parse';
import { AppError } from '../lib/errors.js';
import { detectDelimiter, FileRejectedError } from './csvRows.js';

/** A CSV record as read from the upload: its 1-based number among data records and its first line. */
export type CsvItem =
  | { kind: 'record'; recordNo: number; lineNo: number; fields: string[] }
  | { kind: 'malformed'; recordNo: number; lineNo: number; reason: string };

const SNIFF_BYTES = 64 * 1024;
const LINE_BREAK = /\r\n|\r|\n/g;

export const payloadTooLarge = (max: number) =>
  new AppError(413, 'payload_too_large', `The file is larger than the limit of ${max} bytes`);

/** File-level checks on the first bytes: binary formats and invalid UTF-8 are refused at once. */
function checkFirstBytes(head: Buffer): void {
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    throw new FileRejectedError('This is a ZIP or Excel (.xlsx) file, not CSV: export the sheet as CSV (UTF-8) and upload that');
  }
  if (head[0] === 0x1f && head[1] === 0x8b) throw new FileRejectedError('This is a gzip file, not CSV: decompress it first');
  if (head.includes(0)) throw new FileRejectedError('The file contains binary data (NUL bytes): it is not a CSV text file');
  // Drop a possibly cut multi-byte character at the end before the strict check.
  let end = head.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = head[end - i]!;
    if ((b & 0xc0) === 0xc0) {
      end -= i;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
  } catch {
    throw new FileRejectedError('The file is not valid UTF-8 text (was it saved as Latin-1 or Windows-1252?): save it as CSV UTF-8 and upload again');
  }
}

/**
 * Reads the upload's bytes, counting them against `maxBytes`; the first chunks (at least 64 KiB,
 * and through the end of the header line) come back together so they can be checked first.
 */
async function* countedBytes(source: Readable, maxBytes: number, onBytes?: (total: number) => void): AsyncGenerator<Buffer> {
  let seen = 0;
  let head: Buffer[] | null = [];
  let headBytes = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
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
 * 64 KiB are checked strictly (binary, invalid UTF-8: the file is refused); later invalid UTF-8
 * becomes U+FFFD and rejects only its row.
 */
export async function* readCsv(
  source: Readable,
  opts: { maxBytes: number; onDelimiter?: (d: string) => void; onBytes?: (total: number) => void },
): AsyncGenerator<CsvItem[]> {
  const bytes = countedBytes(source, opts.maxBytes, opts.onBytes);
  const first = await bytes.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  if (!head.length || !head.toString('utf8').trim()) throw new FileRejectedError('The file is empty');
  checkFirstBytes(head.subarray(0, SNIFF_BYTES));
  const delimiter = detectDelimiter(head.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n|\r/, 1)[0] ?? '');
  opts.onDelimiter?.(delimiter);

  // csv-parse reports skipped (malformed) records with how many records it had emitted before them.
  const malformed: { after: number; reason: string }[] = [];
  const options: CsvOptions = {
    delimiter,
    bom: true,
    encoding: 'utf8',
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      malformed.push({ after: parser.info.records, reason: `malformed row: ${(err?.message ?? 'unreadable').replace(/ at line \d+/, '')}` });
      return undefined;
    },
  };
  const parser = parse(options);
  const feed = (async () => {
    const write = async (b: Buffer) => {
      if (!parser.write(b)) await once(parser, 'drain');
    };
    await write(head);
    for await (const chunk of bytes) await write(chunk);
    parser.end();
  })();
  feed.catch((err) => parser.destroy(err));

  // Line numbers: empty lines arrive as [''] (counted, not yielded); a record spans its line
  // breaks inside quoted values (csv-parse's own count is off for CRLF inside quotes).
  let seen = 0;
  let line = 0;
  let recordNo = -1;
  const pushMalformed = (batch: CsvItem[]) => {
    while (malformed.length && malformed[0]!.after <= seen) {
      recordNo += 1;
      batch.push({ kind: 'malformed', recordNo, lineNo: line + 1, reason: malformed.shift()!.reason });
      line += 1;
    }
  };
  for await (const records of readBatches<string[]>(parser)) {
    const batch: CsvItem[] = [];
    for (const fields of records) {
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
      batch.push({ kind: 'record', recordNo, lineNo, fields });
    }
    if (batch.length) yield batch;
  }
  await feed;
  const rest: CsvItem[] = [];
  pushMalformed(rest);
  if (rest.length) yield rest;
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
