import { PRODUCT_LIMITS } from '../products/products.schemas.js';
import { AppError } from '../lib/errors.js';

/** A file-level problem: the whole import fails with this message. */
export class FileRejectedError extends AppError {
  constructor(message: string) {
    super(422, 'file_rejected', message);
  }
}

const KNOWN_COLUMNS = ['sku', 'name', 'description', 'active'] as const;
type KnownColumn = (typeof KNOWN_COLUMNS)[number];
const DELIMITERS = [',', ';', '\t'] as const;

/**
 * Picks the delimiter from the header line: the candidate (comma, semicolon, tab) that occurs
 * most often outside quotes. Comma when none occurs (a one-column file).
 */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: string = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

export interface ColumnMap {
  /** Index of each recognised column in a record (-1 when absent). */
  index: Record<KnownColumn, number>;
  width: number;
  unknown: string[];
}

/** Maps a header record to our columns: case-insensitive, trimmed; requires `sku`. */
export function mapHeader(header: string[]): ColumnMap {
  const names = header.map((h) =>
    h
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase(),
  );
  if (names.every((n) => n === ''))
    throw new FileRejectedError('The header row is empty: the first line must name the columns (sku, name, description, active)');
  const index = Object.fromEntries(KNOWN_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<KnownColumn, number>;
  if (index.sku < 0) {
    throw new FileRejectedError(
      `No "sku" column in the header row. Found: ${names.map((n) => `"${n}"`).join(', ')}. Expected columns: sku, name, description, active`,
    );
  }
  if (index.name < 0) {
    throw new FileRejectedError(`No "name" column in the header row. Found: ${names.map((n) => `"${n}"`).join(', ')}`);
  }
  const unknown = names.filter((n, i) => n !== '' && !KNOWN_COLUMNS.includes(n as KnownColumn) && names.indexOf(n) === i);
  return { index, width: header.length, unknown };
}

export interface ValidRow {
  sku: string;
  name: string;
  description: string | null;
  active: boolean | null;
}

export type RowResult = { ok: true; row: ValidRow } | { ok: false; reason: string };

const ACTIVE_VALUES: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false };

/**
 * Validates one CSV record against the product rules; a rejection names the reason. `invalidUtf8`:
 * the record's bytes were not valid UTF-8 (readCsv judges that on the bytes; a U+FFFD is data).
 */
export function validateRecord(record: string[], columns: ColumnMap, invalidUtf8 = false): RowResult {
  if (record.length !== columns.width) {
    return { ok: false, reason: `malformed row: expected ${columns.width} fields, found ${record.length}` };
  }
  const field = (c: KnownColumn) => (columns.index[c] >= 0 ? record[columns.index[c]]! : undefined);
  if (invalidUtf8) return { ok: false, reason: 'invalid UTF-8 byte sequence in this row' };
  if (record.some((f) => f.includes('\u0000'))) return { ok: false, reason: 'NUL character in this row' };
  const sku = field('sku')!.trim();
  const name = (field('name') ?? '').trim();
  const description = field('description');
  const activeRaw = field('active')?.trim().toLowerCase();
  const problems: string[] = [];
  if (!sku) problems.push('missing sku');
  else if (sku.length > PRODUCT_LIMITS.sku) problems.push(`sku longer than ${PRODUCT_LIMITS.sku} characters`);
  if (!name) problems.push('missing name');
  else if (name.length > PRODUCT_LIMITS.name) problems.push(`name longer than ${PRODUCT_LIMITS.name} characters`);
  if (description && description.length > PRODUCT_LIMITS.description) {
    problems.push(`description longer than ${PRODUCT_LIMITS.description} characters`);
  }
  let active: boolean | null = null;
  if (activeRaw) {
    if (!(activeRaw in ACTIVE_VALUES)) problems.push(`active must be true/false/1/0/yes/no, got "${field('active')}"`);
    else active = ACTIVE_VALUES[activeRaw]!;
  }
  if (problems.length) return { ok: false, reason: problems.join('; ') };
  return { ok: true, row: { sku, name, description: description ? description : null, active } };
}

/** The fields of a rejected record by header name, kept so rejected rows can be downloaded and fixed. */
export function recordFields(record: string[], header: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  header.forEach((h, i) => {
    if (record[i] !== undefined) out[h.trim()] = record[i]!;
  });
  record.slice(header.length).forEach((v, i) => {
    out[`extra_${i + 1}`] = v;
  });
  return out;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A value in PostgreSQL COPY text format. */
export function copyText(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  return value.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]!);
}
