import type { Knex } from 'knex';
import { createAttemptLease } from '../lib/attemptLease.repo.js';
import type { Db } from '../lib/db.js';

export interface WebhookRow {
  id: number;
  url: string;
  description: string;
  events: string;
  enabled: boolean;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  consecutive_failures: number;
  failing_since: Date | null;
  disabled_reason: string | null;
  disabled_at: Date | null;
  last_delivery_at: Date | null;
  last_status: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface MessageRow {
  id: string;
  webhook_id: number;
  /** The domain event it fans out (null for test messages). */
  event_id: number | null;
  event_type: string;
  body: string;
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  attempts: number;
  next_attempt_at: Date | null;
  leased_until: Date | null;
  created_at: Date;
  finished_at: Date | null;
}

export interface DeliveryRow {
  id: number;
  webhook_id: number;
  message_id: string;
  attempt: number;
  trigger: 'event' | 'retry' | 'redeliver' | 'test';
  event_type: string;
  url: string;
  request_headers: Record<string, string>;
  request_body: string;
  success: boolean;
  response_status: number | null;
  response_body: string | null;
  duration_ms: number;
  error: string | null;
  next_attempt_at: Date | null;
  created_at: Date;
}

export type WebhookWrite = Partial<Omit<WebhookRow, 'id' | 'created_at' | 'updated_at'>>;

/** SQL for webhooks, their messages and delivery attempts. Methods take an optional transaction. */
export function createWebhooksRepo(db: Db) {
  const hooks = (trx?: Knex.Transaction) => (trx ?? db)<WebhookRow>('webhooks');
  const messages = (trx?: Knex.Transaction) => (trx ?? db)<MessageRow>('webhook_messages');
  const deliveries = (trx?: Knex.Transaction) => (trx ?? db)<DeliveryRow>('webhook_deliveries');
  const lease = createAttemptLease<MessageRow, string>(db, { table: 'webhook_messages', waiting: 'pending' satisfies MessageRow['status'] });
  return {
    list: () => hooks().orderBy('id'),
    listEnabled: (trx?: Knex.Transaction) => hooks(trx).where({ enabled: true }).orderBy('id'),
    findById: (id: number, trx?: Knex.Transaction) => hooks(trx).where({ id }).first(),
    lockById: (id: number, trx: Knex.Transaction) => hooks(trx).where({ id }).forUpdate().first(),
    insert: async (row: WebhookWrite) => (await hooks().insert(row).returning('*'))[0]!,
    update: async (id: number, row: WebhookWrite, trx?: Knex.Transaction) =>
      (
        await hooks(trx)
          .where({ id })
          .update({ ...row, updated_at: db.fn.now() } as never)
          .returning('*')
      )[0],
    deleteById: async (id: number) => (await hooks().where({ id }).delete().returning('id')).length > 0,

    /** Inserts messages, 1,000 rows per statement (under the bind-parameter limit). */
    insertMessages: async (rows: Partial<MessageRow>[], trx?: Knex.Transaction) => {
      for (let i = 0; i < rows.length; i += 1000) await messages(trx).insert(rows.slice(i, i + 1000));
    },
    findMessage: (id: string, trx?: Knex.Transaction) => messages(trx).where({ id }).first(),
    /** Takes the right to attempt a message now (see attemptLease.repo.ts); undefined when another run has it. */
    claimMessage: lease.claim,
    updateMessage: (id: string, row: Partial<MessageRow>, trx?: Knex.Transaction) => messages(trx).where({ id }).update(row),
    /** Cancels a webhook's pending messages (it was disabled); returns how many. */
    cancelPending: (webhookId: number, trx?: Knex.Transaction) =>
      messages(trx)
        .where({ webhook_id: webhookId, status: 'pending' })
        .update({ status: 'cancelled', finished_at: db.fn.now() as never, next_attempt_at: null, leased_until: null }),
    /** Pending messages whose attempt is overdue and not running (their job was lost); test messages never. */
    overdueMessageIds: lease.overdueIds,

    insertDelivery: async (row: Omit<DeliveryRow, 'id' | 'created_at'>, trx?: Knex.Transaction) => (await deliveries(trx).insert(row).returning('*'))[0]!,
    findDelivery: (webhookId: number, id: number) => deliveries().where({ webhook_id: webhookId, id }).first(),
    listDeliveries: (webhookId: number, f: { success?: boolean; event?: string; messageId?: string; trigger?: string; before?: number; limit: number }) => {
      const q = deliveries().where({ webhook_id: webhookId });
      if (f.success !== undefined) q.andWhere('success', f.success);
      if (f.event) q.andWhere('event_type', f.event);
      if (f.messageId) q.andWhere('message_id', f.messageId);
      if (f.trigger) q.andWhere('trigger', f.trigger);
      if (f.before) q.andWhere('id', '<', f.before);
      return q.orderBy('id', 'desc').limit(f.limit);
    },
  };
}
export type WebhooksRepo = ReturnType<typeof createWebhooksRepo>;
