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
 * Decodes an upload to text, counting bytes against `maxBytes`. The first 64 KiB are checked
 * strictly (file-level refusal); later invalid bytes become U+FFFD and reject only their row.
 */
async function* decodeUpload(source: Readable, maxBytes: number, onBytes: (n: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let seen = 0;
  let head: Buffer[] | null = [];
  let headBytes = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    seen += chunk.length;
    onBytes(seen);
    if (seen > maxBytes) throw payloadTooLarge(maxBytes);
    if (head) {
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes < SNIFF_BYTES) continue;
      const buf = Buffer.concat(head);
      checkFirstBytes(buf.subarray(0, SNIFF_BYTES));
      head = null;
      yield decoder.decode(buf, { stream: true });
      continue;
    }
    yield decoder.decode(chunk, { stream: true });
  }
  if (head) {
    const buf = Buffer.concat(head);
    if (!buf.length || !buf.toString('utf8').trim()) throw new FileRejectedError('The file is empty');
    checkFirstBytes(buf);
    yield decoder.decode(buf, { stream: true });
  }
  yield decoder.decode();
}

/**
 * Streams an uploaded CSV as records: delimiter detected from the header line (comma,
 * semicolon or tab), CRLF or LF, quoted fields with delimiters, quotes and newlines. Yields the
 * header first (recordNo 0), then every data record or malformed record in file order.
 */
export async function* readCsv(
  source: Readable,
  opts: { maxBytes: number; onBytes?: (n: number) => void; onDelimiter?: (d: string) => void },
): AsyncGenerator<CsvItem> {
  const text = decodeUpload(source, opts.maxBytes, opts.onBytes ?? (() => {}));
  // Buffer text up to the end of the header line to choose the delimiter.
  let pending = '';
  let next = await text.next();
  while (!next.done && !/\r|\n/.test(pending) && pending.length < 1_000_000) {
    pending += next.value;
    next = await text.next();
  }
  const delimiter = detectDelimiter(pending.split(/\r?\n|\r/, 1)[0] ?? '');
  opts.onDelimiter?.(delimiter);

  // Numbers and lines are assigned while parsing (on_record / on_skip run in file order).
  let recordNo = -1;
  let prevLine = 0;
  let prevEmpty = 0;
  const malformed: CsvItem[] = [];
  const options: CsvOptions = {
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: ((fields: string[], ctx: { empty_lines: number }): CsvItem => {
      recordNo += 1;
      // csv-parse's own line count is off for CRLF inside quotes: count the breaks in the values.
      const lineNo = prevLine + 1 + (ctx.empty_lines - prevEmpty);
      let breaks = 0;
      for (const f of fields) if (f.includes('\n') || f.includes('\r')) breaks += f.match(LINE_BREAK)!.length;
      prevLine = lineNo + breaks;
      prevEmpty = ctx.empty_lines;
      return { kind: 'record', recordNo, lineNo, fields };
    }) as unknown as CsvOptions['on_record'],
    on_skip: (err) => {
      recordNo += 1;
      const empty = parser.info.empty_lines;
      const lineNo = prevLine + 1 + (empty - prevEmpty);
      const message = (err?.message ?? 'unreadable').replace(/ at line \d+/, '');
      malformed.push({ kind: 'malformed', recordNo, lineNo, reason: `malformed row: ${message}` });
      prevLine = lineNo;
      prevEmpty = empty;
      return undefined;
    },
  };
  const parser = parse(options);

  const feed = (async () => {
    const write = async (s: string) => {
      if (s && !parser.write(s)) await once(parser, 'drain');
    };
    await write(pending);
    while (!next.done) {
      await write(next.value);
      next = await text.next();
    }
    parser.end();
  })();
  feed.catch((err) => parser.destroy(err));

  for await (const item of parser as AsyncIterable<CsvItem>) {
    while (malformed.length && malformed[0]!.recordNo < item.recordNo) yield malformed.shift()!;
    yield item;
  }
  await feed;
  yield* malformed;
}
