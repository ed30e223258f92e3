import type { Knex } from 'knex';
import { createAttemptLease } from '../lib/attemptLease.repo.js';
import type { Db } from '../lib/db.js';

export interface MailRow {
  id: number;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: 'queued' | 'sent' | 'stored' | 'failed';
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  /** Held by a running send attempt until then. */
  leased_until: Date | null;
  smtp_message_id: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/** SQL for the mail outbox. */
export function createNotificationsRepo(db: Db) {
  const mails = (trx?: Knex.Transaction) => (trx ?? db)<MailRow>('mail_outbox');
  const lease = createAttemptLease<MailRow, number>(db, { table: 'mail_outbox', waiting: 'queued' satisfies MailRow['status'] });
  return {
    /** Stores a message, due now. */
    insert: async (row: Pick<MailRow, 'kind' | 'to_address' | 'subject' | 'text_body' | 'html_body'>, trx?: Knex.Transaction) =>
      (
        await mails(trx)
          .insert({ ...row, next_attempt_at: db.fn.now() as never })
          .returning('*')
      )[0]!,
    findById: (id: number) => mails().where({ id }).first(),
    /** Takes a queued, due message for one send attempt, holding it until `leaseUntil`. */
    claim: lease.claim,
    update: (id: number, row: Partial<MailRow>) => mails().where({ id }).update(row),
    /** Queued messages whose send is overdue and not running (their job was lost). */
    overdueIds: lease.overdueIds,
    list: (limit = 100) => mails().orderBy('id', 'desc').limit(limit),
  };
}
export type NotificationsRepo = ReturnType<typeof createNotificationsRepo>;
