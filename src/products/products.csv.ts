/** One CSV line (RFC 4180): fields with a comma, quote or line break are quoted; null is empty. */
export function toCsvLine(fields: (string | null)[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}

function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
