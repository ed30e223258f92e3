import type { Knex } from 'knex';
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
  smtp_message_id: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/** SQL for the mail outbox. */
export function createNotificationsRepo(db: Db) {
  const mails = (trx?: Knex.Transaction) => (trx ?? db)<MailRow>('mail_outbox');
  return {
    insert: async (row: Pick<MailRow, 'kind' | 'to_address' | 'subject' | 'text_body' | 'html_body'>, trx?: Knex.Transaction) =>
      (await mails(trx).insert(row).returning('*'))[0]!,
    findById: (id: number) => mails().where({ id }).first(),
    /** Takes a queued, due message for one send attempt, holding it until `leaseUntil`. */
    claim: async (id: number, dueBy: Date, leaseUntil: Date) =>
      (
        await mails()
          .where({ id, status: 'queued' })
          .andWhere((q) => q.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', dueBy))
          .update({ next_attempt_at: leaseUntil })
          .returning('*')
      )[0],
    update: (id: number, row: Partial<MailRow>) => mails().where({ id }).update(row),
    /** Queued messages whose send is overdue (their job was lost). */
    overdueIds: async (olderThan: Date, limit: number) =>
      (
        await mails()
          .select('id')
          .where('status', 'queued')
          .andWhere((q) => q.whereNull('next_attempt_at').orWhere('next_attempt_at', '<', olderThan))
          .orderBy('id')
          .limit(limit)
      ).map((r) => r.id),
    list: (limit = 100) => mails().orderBy('id', 'desc').limit(limit),
  };
}
export type NotificationsRepo = ReturnType<typeof createNotificationsRepo>;
