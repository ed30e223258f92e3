import type { Db } from '../lib/db.js';

/** Message and mail statuses that are final: only those are ever deleted (a new status is kept until listed here). */
const FINISHED_MESSAGE = ['delivered', 'failed', 'cancelled'];
const FINISHED_MAIL = ['sent', 'stored', 'failed'];

const rowCount = (result: { rowCount: number | null }) => result.rowCount ?? 0;
const list = (values: string[]) => values.map(() => '?').join(', ');

/**
 * SQL of the retention job: each call deletes at most `batchSize` rows older than `before` in
 * one short statement (its own transaction), so no lock is held for long; callers repeat until
 * a batch comes back short. The outer WHERE repeats the conditions so that a row changed
 * between the subquery and the delete (a redelivered message, say) is re-checked and kept.
 */
export function createRetentionRepo(db: Db) {
  return {
    /** Delivery attempts made before `before`. */
    deleteWebhookDeliveries: async (before: Date, batchSize: number): Promise<number> =>
      rowCount(
        await db.raw(
          `DELETE FROM webhook_deliveries WHERE id IN (
           SELECT id FROM webhook_deliveries WHERE created_at < ? ORDER BY created_at LIMIT ?)`,
          [before, batchSize],
        ),
      ),

    /**
     * Webhook messages finished before `before` that have no delivery attempt made since
     * `keepAttemptsSince` (null: none at all), so that deleting a message (its attempts go with
     * it, ON DELETE CASCADE) never removes an attempt that is still kept.
     */
    deleteWebhookMessages: async (before: Date, keepAttemptsSince: Date | null, batchSize: number): Promise<number> => {
      const kept = keepAttemptsSince ? 'AND d.created_at >= ?' : '';
      const finished = (alias: string) => `${alias}.status IN (${list(FINISHED_MESSAGE)}) AND ${alias}.finished_at < ?`;
      return rowCount(
        await db.raw(
          `DELETE FROM webhook_messages m WHERE m.id IN (
           SELECT c.id FROM webhook_messages c
            WHERE ${finished('c')}
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.message_id = c.id ${kept})
            LIMIT ?)
          AND ${finished('m')}`,
          [...FINISHED_MESSAGE, before, ...(keepAttemptsSince ? [keepAttemptsSince] : []), batchSize, ...FINISHED_MESSAGE, before],
        ),
      );
    },

    /** E-mails queued before `before` that are no longer waiting to be sent. */
    deleteMail: async (before: Date, batchSize: number): Promise<number> => {
      const done = `status IN (${list(FINISHED_MAIL)})`;
      return rowCount(
        await db.raw(
          `DELETE FROM mail_outbox WHERE id IN (
           SELECT id FROM mail_outbox WHERE ${done} AND created_at < ? ORDER BY created_at LIMIT ?)
          AND ${done}`,
          [...FINISHED_MAIL, before, batchSize, ...FINISHED_MAIL],
        ),
      );
    },

    /** Rejected rows of imports that ended (finished_at) before `before`; the imports themselves stay. */
    deleteImportErrors: async (before: Date, batchSize: number): Promise<number> =>
      rowCount(
        await db.raw(
          `DELETE FROM import_errors WHERE (import_id, record_no) IN (
           SELECT e.import_id, e.record_no FROM imports i JOIN import_errors e ON e.import_id = i.id
            WHERE i.finished_at < ? LIMIT ?)`,
          [before, batchSize],
        ),
      ),

    /** Outbox events dispatched before `before`; undispatched ones are never deleted (served by domain_events_dispatched_at). */
    deleteDomainEvents: async (before: Date, batchSize: number): Promise<number> =>
      rowCount(
        await db.raw(
          `DELETE FROM domain_events WHERE id IN (
           SELECT id FROM domain_events WHERE dispatched_at < ? ORDER BY dispatched_at LIMIT ?)`,
          [before, batchSize],
        ),
      ),
  };
}
export type RetentionRepo = ReturnType<typeof createRetentionRepo>;
