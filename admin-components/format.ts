/**
 * How the panel writes numbers, dates and statuses. One module, so every screen agrees: the
 * dashboard, the job monitor, the imports history, webhook deliveries and the mail outbox.
 */

const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
/**
 * The time zone dates are written in: the browser's own; on the server, rendering a page's first
 * paint (src/admin/panelRender.ts), the zone that page's browser reported (TIME_ZONE_COOKIE).
 */
const renderZone = () => (globalThis as { __panelTimeZone?: string }).__panelTimeZone;
/** The cookie in which the panel tells the server the browser's time zone, for the next page's first paint. */
export const TIME_ZONE_COOKIE = 'acme_time_zone';
/** Tells the server the browser's time zone (a year-long cookie under /admin), so a page rendered there writes dates as this browser does. */
export function reportTimeZone(): void {
  if (typeof document === 'undefined') return;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone) document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/admin; max-age=31536000; SameSite=Lax`;
}
const dateTimesIn = new Map<string, Intl.DateTimeFormat>();
/** "30 Nov 2026, 14:05" (with 'en-GB'): the month spelled out, so 03/04 is never a question; 24-hour clock. */
export const DATE_TIME_FORMAT: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};
const dateTimes = () => {
  const zone = renderZone();
  const key = zone ?? '';
  if (!dateTimesIn.has(key)) {
    dateTimesIn.set(key, new Intl.DateTimeFormat('en-GB', { ...DATE_TIME_FORMAT, timeZone: zone }));
  }
  return dateTimesIn.get(key)!;
};

/** What the panel shows where there is no value. */
export const NO_VALUE = '—';

const isEmpty = (value: unknown) => value === null || value === undefined || value === '';

/** 1234567 → "1,234,567" (strings of digits too: bigint columns arrive as strings). */
export function formatNumber(value: number | string | null | undefined): string {
  if (isEmpty(value)) return NO_VALUE;
  const n = Number(value);
  return Number.isFinite(n) ? numbers.format(n) : String(value);
}

/** An ISO timestamp (or Date) → "30 Nov 2026, 14:05" in the browser's time zone (seconds on hover: see formatDateTimeExact). */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (isEmpty(value)) return NO_VALUE;
  const date = value instanceof Date ? value : new Date(value as string | number);
  return Number.isNaN(date.getTime()) ? String(value) : dateTimes().format(date);
}

/** The same instant to the second, for a tooltip: "2026-11-30 14:05:09". */
export function formatDateTimeExact(value: string | number | Date | null | undefined): string {
  if (isEmpty(value)) return '';
  const d = value instanceof Date ? value : new Date(value as string | number);
  if (Number.isNaN(d.getTime())) return String(value);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** Colours of a status badge: background, text and border. */
export interface StatusColours {
  bg: string;
  color: string;
  border: string;
}

/** What a status means to the user; each meaning has one colour. */
export type StatusMeaning = 'done' | 'failed' | 'working' | 'waiting' | 'stopped';

export const MEANING_COLOURS: Record<StatusMeaning, StatusColours> = {
  done: { bg: '#E5F2F2', color: '#005F61', border: '#9CCFCF' },
  failed: { bg: '#F9E5E7', color: '#9D0616', border: '#EBA9B0' },
  working: { bg: '#DDE2F9', color: '#2330A8', border: '#A9B3EE' },
  waiting: { bg: '#F6EDE8', color: '#8A4212', border: '#E2C3AE' },
  stopped: { bg: '#F2F2F2', color: '#454655', border: '#D2D2D8' },
};

/** Every status the panel shows (imports, reverts, changes to products, jobs, mail, webhook messages and deliveries) and its meaning. */
export const STATUS_MEANING: Record<string, StatusMeaning> = {
  completed: 'done',
  created: 'done',
  updated: 'working',
  sent: 'done',
  delivered: 'done',
  success: 'done',
  enabled: 'done',
  failed: 'failed',
  processing: 'working',
  running: 'working',
  queued: 'waiting',
  previewed: 'waiting',
  pending: 'waiting',
  scheduled: 'waiting',
  repeating: 'waiting',
  cancelled: 'stopped',
  paused: 'stopped',
  stored: 'stopped',
  disabled: 'stopped',
};

/** The colours of a status badge; an unknown status is shown as neutral. */
export function statusColours(status: string | null | undefined): StatusColours {
  return MEANING_COLOURS[STATUS_MEANING[String(status ?? '').toLowerCase()] ?? 'stopped'];
}

/** "processing" → "Processing": statuses are stored in lower case, shown capitalised. */
export function statusLabel(status: string | null | undefined): string {
  const s = String(status ?? '');
  return s ? s[0]!.toUpperCase() + s.slice(1) : NO_VALUE;
}

/** Style for a table cell or value that must stay on one line (numbers, dates, e-mails, file names). */
export const ONE_LINE: { whiteSpace: 'nowrap' } = { whiteSpace: 'nowrap' };

/** Style for numbers in columns: one line, digits of equal width so columns line up. */
export const NUMBER_STYLE: { whiteSpace: 'nowrap'; fontVariantNumeric: 'tabular-nums' } = { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' };
