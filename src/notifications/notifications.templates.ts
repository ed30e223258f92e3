import type { ImportEventData, ImportRevertedEventData } from '../events/events.map.js';

/** Counts as people read them: 500,000. */
const n = (value: number) => value.toLocaleString('en-US');

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Plain text and HTML from one list of lines; a line may carry a link. */
function render(subject: string, lines: (string | { text: string; href: string })[]): MailContent {
  const text = lines.map((l) => (typeof l === 'string' ? l : `${l.text}: ${l.href}`)).join('\n');
  const body = lines
    .map((l) => (typeof l === 'string' ? (l === '' ? '' : `<p>${escapeHtml(l)}</p>`) : `<p><a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a></p>`))
    .join('\n');
  return {
    subject,
    text: `${text}\n\n-- \nACME Product Importer\n`,
    html: `<!doctype html><html><body style="font-family:sans-serif">\n${body}\n<p style="color:#888">ACME Product Importer</p>\n</body></html>`,
  };
}

/** To the admin who uploaded a file: the import's outcome, its counts and a link to it. */
export function importFinishedMail(data: ImportEventData, publicUrl: string): MailContent {
  const link = { text: 'Open the import', href: `${publicUrl}/admin/resources/imports/records/${encodeURIComponent(data.id)}/show` };
  const counts = [
    `Rows in file: ${n(data.totalRows)}`,
    `Inserted: ${n(data.insertedCount)}`,
    `Updated: ${n(data.updatedCount)} (${n(data.unchangedCount)} of them unchanged)`,
    `Rejected: ${n(data.rejectedCount)}`,
    ...(data.durationMs !== null ? [`Duration: ${(data.durationMs / 1000).toFixed(1)} s`] : []),
  ];
  if (data.status === 'completed') {
    return render(`Import of ${data.filename} completed`, [`The import of ${data.filename} has completed.`, '', ...counts, '', link]);
  }
  return render(`Import of ${data.filename} failed`, [`The import of ${data.filename} failed${data.error ? `: ${data.error}` : '.'}`, '', ...counts, '', link]);
}

/** To the admin who uploaded a file (and whoever asked for the revert): what reverting the import did. */
export function importRevertedMail(data: ImportRevertedEventData, publicUrl: string): MailContent {
  return render(`Import of ${data.filename} reverted`, [
    `The import of ${data.filename} has been reverted${data.revertedBy ? ` (asked by ${data.revertedBy})` : ''}.`,
    '',
    `Products restored to their previous values: ${n(data.restoredCount)}`,
    `Products it had created, deleted: ${n(data.deletedCount)}`,
    `Products left as they are because they changed since the import: ${n(data.conflictCount)}`,
    '',
    { text: 'Open the import', href: `${publicUrl}/admin/resources/imports/records/${encodeURIComponent(data.id)}/show` },
    ...(data.conflictCount ? [{ text: 'Download the products left as they are (CSV)', href: data.conflictsUrl }] : []),
  ]);
}

/** To every admin: a webhook was disabled (410 Gone, or failing for too long). */
export function webhookDisabledMail(hook: { id: number; url: string; description: string }, reason: string, publicUrl: string): MailContent {
  return render(`Webhook disabled: ${hook.url}`, [
    `The webhook ${hook.description ? `"${hook.description}" ` : ''}(${hook.url}) has been disabled.`,
    `Reason: ${reason}`,
    '',
    'Fix the receiver, then enable the webhook again in the panel; pending deliveries were cancelled and can be redelivered.',
    { text: 'Open the webhook', href: `${publicUrl}/admin/resources/webhooks/records/${hook.id}/show` },
  ]);
}
