import type { Config } from '../../config/env.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { Knex } from 'knex';
import type { ImportEventData, ImportRevertedEventData } from '../events/events.map.js';
import type { Logger } from '../lib/logger.js';
import { nextRetryDelay } from '../lib/retrySchedule.js';
import type { SmtpMailer } from './notifications.mailer.js';
import type { NotificationsRepo } from './notifications.repo.js';
import { importFinishedMail, importRevertedMail, webhookDisabledMail, type MailContent } from './notifications.templates.js';

/** A send attempt holds its message this long; a crashed attempt is retried after it. */
const SEND_LEASE_MS = 5 * 60 * 1000;

export interface NotificationsDeps {
  config: Pick<Config, 'publicUrl' | 'MAIL_RETRY_DELAYS_MS'>;
  repo: NotificationsRepo;
  jobs: JobQueue;
  mailer: SmtpMailer | null;
  adminEmails: () => Promise<string[]>;
  logger: Logger;
}

/**
 * E-mail: messages are stored in the outbox and sent by the `notifications.sendMail` job, retried
 * on SMTP failure. Without SMTP_URL they stay in the outbox as `stored`, listed in the panel.
 */
export function createNotificationsService({ config, repo, jobs, mailer, adminEmails, logger }: NotificationsDeps) {
  /** Stores a message in the outbox (in `trx` when given) without queueing its send; null when there is no one to send to. */
  async function storeMail(kind: string, to: string[], content: MailContent, trx?: Knex.Transaction): Promise<number | null> {
    if (!to.length) return null;
    const row = await repo.insert({ kind, to_address: to.join(', '), subject: content.subject, text_body: content.text, html_body: content.html }, trx);
    return row.id;
  }

  /** Queues the send job of stored messages (a lost one is re-queued by `resumeOverdueMail`). */
  async function enqueueSends(mailIds: number[]): Promise<void> {
    for (const mailId of mailIds) await jobs.enqueue('notifications.sendMail', { mailId });
  }

  /** Stores a message and queues its send. */
  async function queueMail(kind: string, to: string[], content: MailContent): Promise<number | null> {
    const id = await storeMail(kind, to, content);
    if (id !== null) await enqueueSends([id]);
    return id;
  }

  /** One send attempt of an outbox message (the job's work); safe to run twice. */
  async function sendQueuedMail(mailId: number): Promise<void> {
    const now = Date.now();
    const mail = await repo.claim(mailId, new Date(now + 250), new Date(now + SEND_LEASE_MS));
    if (!mail) return; // sent, failed for good, not due yet, or another run has it
    if (!mailer) {
      await repo.update(mail.id, { status: 'stored', next_attempt_at: null, leased_until: null });
      return;
    }
    try {
      const messageId = await mailer.send({ to: mail.to_address, subject: mail.subject, text: mail.text_body, html: mail.html_body });
      await repo.update(mail.id, {
        status: 'sent',
        attempts: mail.attempts + 1,
        sent_at: new Date(),
        next_attempt_at: null,
        leased_until: null,
        smtp_message_id: messageId,
        last_error: null,
      });
    } catch (err) {
      const attempts = mail.attempts + 1;
      const delay = nextRetryDelay(attempts, config.MAIL_RETRY_DELAYS_MS);
      const next = delay === null ? null : new Date(Date.now() + delay);
      const error = (err as Error).message;
      logger.warn({ mailId, attempts, err: error, retryAt: next }, 'e-mail not sent');
      await repo.update(mail.id, { status: next ? 'queued' : 'failed', attempts, last_error: error, next_attempt_at: next, leased_until: null });
      if (next) await jobs.enqueue('notifications.sendMail', { mailId: mail.id }, { runAt: next });
    }
  }

  /** Re-enqueues queued messages whose job was lost (a crash between insert and enqueue). */
  async function resumeOverdueMail(): Promise<number> {
    const ids = await repo.overdueIds(new Date(Date.now() - 60_000), 500);
    for (const mailId of ids) await jobs.enqueue('notifications.sendMail', { mailId });
    return ids.length;
  }

  return {
    queueMail,
    enqueueSends,
    sendQueuedMail,
    resumeOverdueMail,
    listOutbox: repo.list,
    findMail: repo.findById,

    /**
     * Import completed or failed: stores the mail to the admin who uploaded it (API-token uploads
     * have no one to tell) in the event dispatch's transaction; returns its id for `enqueueSends`.
     */
    async notifyImportFinished(data: ImportEventData, trx: Knex.Transaction): Promise<number | null> {
      if (!data.uploadedBy) return null;
      return storeMail(`import.${data.status}`, [data.uploadedBy], importFinishedMail(data, config.publicUrl), trx);
    },

    /** An import was reverted: to the admin who uploaded it and the one who asked for the revert. */
    async notifyImportReverted(data: ImportRevertedEventData, trx: Knex.Transaction): Promise<number | null> {
      const to = [...new Set([data.uploadedBy, data.revertedBy].filter((e): e is string => Boolean(e)))];
      if (!to.length) return null;
      return storeMail('import.reverted', to, importRevertedMail(data, config.publicUrl), trx);
    },

    /** A webhook was disabled: to every admin. */
    async notifyWebhookDisabled(hook: { id: number; url: string; description: string }, reason: string): Promise<void> {
      await queueMail('webhook.disabled', await adminEmails(), webhookDisabledMail(hook, reason, config.publicUrl));
    },
  };
}
export type NotificationsService = ReturnType<typeof createNotificationsService>;
