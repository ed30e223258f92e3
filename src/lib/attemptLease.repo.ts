import type { Db } from './db.js';

/**
 * The one lease rule of our outboxes (webhook messages, the mail outbox): a row waiting for an
 * attempt has its waiting `status`, is due at `next_attempt_at`, and is held by `leased_until`
 * while an attempt runs, so a job that runs twice, or two workers, never attempt it at once, and
 * an attempt whose worker died is taken again once its lease has passed.
 */
export function createAttemptLease<Row, Id extends string | number>(db: Db, opts: { table: string; waiting: string }) {
  const rows = () => db(opts.table);
  return {
    /**
     * Takes the right to attempt a row now: waiting, due (by `dueBy`) and not leased by a running
     * attempt. Returns the row, or undefined when it is done, not due, or another run has it.
     */
    claim: async (id: Id, dueBy: Date, leaseUntil: Date): Promise<Row | undefined> =>
      (
        await rows()
          .where({ id, status: opts.waiting })
          .andWhere((q) => q.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', dueBy))
          .andWhere((q) => q.whereNull('leased_until').orWhere('leased_until', '<', db.fn.now()))
          .update({ leased_until: leaseUntil })
          .returning('*')
      )[0],
    /**
     * Waiting rows whose attempt is overdue by `olderThan` and not running (their job was lost, or
     * never queued). Rows without a next attempt (a webhook's test message) are never resumed.
     */
    overdueIds: async (olderThan: Date, limit: number): Promise<Id[]> =>
      (
        await rows()
          .select('id')
          .where('status', opts.waiting)
          .andWhere('next_attempt_at', '<', olderThan)
          .andWhere((q) => q.whereNull('leased_until').orWhere('leased_until', '<', db.fn.now()))
          .orderBy('next_attempt_at')
          .limit(limit)
      ).map((r: { id: Id }) => r.id),
  };
}
