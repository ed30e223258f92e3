/**
 * What is kept, and for how long: one window per kind of record that would otherwise grow
 * forever, in days from the settings (RETENTION_DAYS_*; 0 keeps that kind forever). Pure, so
 * the job, the panel and the API all say the same thing.
 */

export const RETAINED_KINDS = ['webhookDeliveries', 'webhookMessages', 'mailOutbox', 'importErrors', 'domainEvents'] as const;
export type RetainedKind = (typeof RETAINED_KINDS)[number];

/** Days each kind is kept; null: forever. */
export type RetentionWindows = Record<RetainedKind, number | null>;

export interface RetentionSettings {
  RETENTION_DAYS_WEBHOOK_DELIVERIES: number;
  RETENTION_DAYS_WEBHOOK_MESSAGES: number;
  RETENTION_DAYS_MAIL_OUTBOX: number;
  RETENTION_DAYS_IMPORT_ERRORS: number;
  RETENTION_DAYS_DOMAIN_EVENTS: number;
}

/** A RETENTION_DAYS_* setting as a window: days, or null for forever (0). */
export const keptDays = (n: number): number | null => (n > 0 ? n : null);
const days = keptDays;

/** The windows from the settings. */
export function retentionWindows(s: RetentionSettings): RetentionWindows {
  return {
    webhookDeliveries: days(s.RETENTION_DAYS_WEBHOOK_DELIVERIES),
    webhookMessages: days(s.RETENTION_DAYS_WEBHOOK_MESSAGES),
    mailOutbox: days(s.RETENTION_DAYS_MAIL_OUTBOX),
    importErrors: days(s.RETENTION_DAYS_IMPORT_ERRORS),
    domainEvents: days(s.RETENTION_DAYS_DOMAIN_EVENTS),
  };
}

/** Until when a record whose clock started at `since` is kept; null while its clock has not started, or when kept forever. */
export function keptUntil(since: Date | string | null, keptDays: number | null): Date | null {
  return since && keptDays !== null ? new Date(new Date(since).getTime() + keptDays * 86_400_000) : null;
}

/** The record is past its window (deleted, or about to be by the next retention run). */
export function pastRetention(since: Date | string | null, keptDays: number | null, now = new Date()): boolean {
  const until = keptUntil(since, keptDays);
  return until !== null && until < now;
}

/** Records older than this (by each kind's own clock, see retention.repo.ts) are deleted; null: none. */
export function retentionCutoff(now: Date, keptDays: number | null): Date | null {
  return keptDays === null ? null : new Date(now.getTime() - keptDays * 86_400_000);
}

const WHAT: Record<RetainedKind, [subject: string, after: string]> = {
  webhookDeliveries: ['Delivery attempts are', ''],
  webhookMessages: ['Webhook messages are', ' after they finish, and while any of their delivery attempts is kept'],
  mailOutbox: ['Sent, stored and failed e-mails are', ''],
  importErrors: ['Rejected rows are', ' after the import ends'],
  domainEvents: ['Domain events are', ' after they are dispatched to webhooks and mail'],
};

/** The line the panel shows where the records are listed: "Delivery attempts are kept for 30 days". */
export function retentionNote(kind: RetainedKind, keptDays: number | null): string {
  const [subject, after] = WHAT[kind];
  if (keptDays === null) return `${subject} kept forever`;
  return `${subject} kept for ${keptDays} day${keptDays === 1 ? '' : 's'}${after}`;
}

/** Every kind's note, from the settings. */
export function retentionNotes(s: RetentionSettings): Record<RetainedKind, string> {
  const w = retentionWindows(s);
  return Object.fromEntries(RETAINED_KINDS.map((k) => [k, retentionNote(k, w[k])])) as Record<RetainedKind, string>;
}
