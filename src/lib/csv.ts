/** A CSV cell's value: text as it is, numbers and booleans as written, null as an empty cell. */
export type CsvValue = string | number | boolean | null;

/** One CSV line (RFC 4180): fields with a comma, quote or line break are quoted; null is empty. */
export function toCsvLine(fields: readonly CsvValue[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}

function csvField(value: CsvValue): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A header line, then one line per row, as text to stream. */
export async function* csvText(header: readonly string[], rows: AsyncIterable<readonly CsvValue[]>): AsyncGenerator<string> {
  yield toCsvLine(header);
  for await (const row of rows) yield toCsvLine(row);
}
