import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Config } from '../../config/env.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { RecordedEvent } from '../events/events.map.js';
import type { Db } from '../lib/db.js';
import type { Logger } from '../lib/logger.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { postWebhook, type WebhookHttpResult } from './webhooks.http.js';
import { isSuccessStatus, judgeAttempt } from './webhooks.policy.js';
import type { DeliveryRow, MessageRow, WebhookRow, WebhooksRepo } from './webhooks.repo.js';
import { eventsFromColumn, wantsEvent } from './webhooks.schemas.js';
import { signedHeaders } from './webhooks.signing.js';

export type DeliveryConfig = Pick<
  Config,
  'WEBHOOK_TIMEOUT_MS' | 'WEBHOOK_ALLOW_PRIVATE_NETWORKS' | 'WEBHOOK_RETRY_DELAYS_MS' | 'WEBHOOK_DISABLE_AFTER_FAILURES' | 'WEBHOOK_DISABLE_AFTER_MS'
>;

export interface DeliveryDeps {
  config: DeliveryConfig;
  db: Db;
  repo: WebhooksRepo;
  jobs: JobQueue;
  notifications: Pick<NotificationsService, 'notifyWebhookDisabled'>;
  logger: Logger;
}

/** A message id (the stable `webhook-id` header). */
export const newMessageId = () => `msg_${randomBytes(16).toString('hex')}`;

/** The exact bytes sent (and signed): `{ "type", "timestamp", "data" }`. */
export const messageBody = (type: string, data: unknown, at = new Date()) => JSON.stringify({ type, timestamp: at.toISOString(), data });

/** Secrets that sign an attempt now: the current one, and a rotated-out one for its grace period. */
export function activeSecrets(hook: WebhookRow, now = new Date()): string[] {
  const previousValid = hook.previous_secret && hook.previous_secret_expires_at && hook.previous_secret_expires_at > now;
  return previousValid ? [hook.secret, hook.previous_secret!] : [hook.secret];
}

/**
 * Turns events into messages (one per subscribed webhook) and makes delivery attempts: sign, POST,
 * record the attempt, then schedule the retry or apply the disable rules.
 */
export function createWebhookDelivery({ config, db, repo, jobs, notifications, logger }: DeliveryDeps) {
  /** One signed POST of a message body to a webhook; returns what was sent and what came back. */
  async function send(hook: WebhookRow, messageId: string, body: string) {
    const headers = signedHeaders({ id: messageId, timestamp: Math.floor(Date.now() / 1000), body, secrets: activeSecrets(hook) });
    const result = await postWebhook({
      url: hook.url,
      headers: { ...headers },
      body,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    });
    return { headers: { ...headers } as Record<string, string>, result };
  }

  const attemptRow = (
    hook: WebhookRow,
    msg: MessageRow,
    attempt: number,
    trigger: DeliveryRow['trigger'],
    sent: { headers: Record<string, string>; result: WebhookHttpResult },
    nextAt: Date | null,
  ) => ({
    webhook_id: hook.id,
    message_id: msg.id,
    attempt,
    trigger,
    event_type: msg.event_type,
    url: hook.url,
    request_headers: sent.headers,
    request_body: msg.body,
    success: isSuccessStatus(sent.result.status),
    response_status: sent.result.status,
    response_body: sent.result.responseBody,
    duration_ms: sent.result.durationMs,
    error: sent.result.error ?? (isSuccessStatus(sent.result.status) ? null : `HTTP ${sent.result.status}`),
    next_attempt_at: nextAt,
  });

  /** Records an attempt's outcome and applies the policy; returns the retry time and any disable reason. */
  async function recordOutcome(hook: WebhookRow, msg: MessageRow, trigger: DeliveryRow['trigger'], sent: Awaited<ReturnType<typeof send>>) {
    const now = new Date();
    const attempt = msg.attempts + 1;
    return db.transaction(async (trx) => {
      const current = (await repo.lockById(hook.id, trx)) ?? hook; // serialises streak counting per webhook
      const verdict = judgeAttempt({
        status: sent.result.status,
        retryAfter: sent.result.retryAfter,
        attempt,
        streak: { consecutiveFailures: current.consecutive_failures, failingSince: current.failing_since },
        now,
        schedule: config.WEBHOOK_RETRY_DELAYS_MS,
        disableAfter: { failures: config.WEBHOOK_DISABLE_AFTER_FAILURES, ms: config.WEBHOOK_DISABLE_AFTER_MS },
      });
      const { nextAt, disableReason } = verdict;
      const delivery = await repo.insertDelivery(attemptRow(hook, msg, attempt, trigger, sent, nextAt), trx);
      await repo.updateMessage(
        msg.id,
        {
          status: isSuccessStatus(sent.result.status) ? 'delivered' : nextAt ? 'pending' : 'failed',
          attempts: attempt,
          next_attempt_at: nextAt,
          leased_until: null,
          finished_at: nextAt ? null : now,
        },
        trx,
      );
      const disables = Boolean(disableReason && current.enabled);
      await repo.update(
        hook.id,
        {
          consecutive_failures: verdict.consecutiveFailures,
          failing_since: verdict.failingSince,
          last_delivery_at: now,
          last_status: sent.result.status,
          ...(disables ? { enabled: false, disabled_reason: disableReason, disabled_at: now } : {}),
        },
        trx,
      );
      if (disableReason) await repo.cancelPending(hook.id, trx);
      return { delivery, nextAt, disabled: disables ? disableReason : null };
    });
  }

  /**
   * One attempt of a message, if it is still pending and due and no other run holds it (a job
   * may run twice). Returns the recorded attempt, or null when there was nothing to do.
   */
  async function attemptMessage(messageId: string, trigger: 'event' | 'redeliver' = 'event'): Promise<DeliveryRow | null> {
    const now = Date.now();
    const msg = await repo.claimMessage(messageId, new Date(now + 250), new Date(now + config.WEBHOOK_TIMEOUT_MS + 30_000));
    if (!msg) return null;
    const hook = await repo.findById(msg.webhook_id);
    if (!hook?.enabled) {
      await repo.updateMessage(msg.id, { status: 'cancelled', finished_at: new Date(), next_attempt_at: null, leased_until: null });
      return null;
    }
    const sent = await send(hook, msg.id, msg.body);
    const effectiveTrigger = trigger === 'redeliver' ? 'redeliver' : msg.attempts > 0 ? 'retry' : 'event';
    const outcome = await recordOutcome(hook, msg, effectiveTrigger, sent);
    if (outcome.nextAt) await jobs.enqueue('webhooks.deliver', { messageId: msg.id }, { runAt: outcome.nextAt });
    if (outcome.disabled) {
      logger.warn({ webhookId: hook.id, reason: outcome.disabled }, 'webhook disabled');
      await notifications.notifyWebhookDisabled(hook, outcome.disabled);
    }
    return outcome.delivery;
  }

  /**
   * Inserts, in the dispatching transaction, one message per enabled webhook subscribed to each
   * event; the body's timestamp is the time the event was recorded. Returns the message ids, for
   * `enqueueDeliveries` once that transaction has committed.
   */
  async function queueEvents(events: RecordedEvent[], trx: Knex.Transaction): Promise<string[]> {
    const hooks = await repo.listEnabled(trx);
    const now = new Date();
    const rows = events.flatMap((e) => {
      const subscribed = hooks.filter((h) => wantsEvent(eventsFromColumn(h.events), e.name));
      const body = subscribed.length ? messageBody(e.name, e.data, e.createdAt) : '';
      return subscribed.map((h) => ({ id: newMessageId(), webhook_id: h.id, event_id: e.id, event_type: e.name, body, next_attempt_at: now }));
    });
    await repo.insertMessages(rows, trx);
    return rows.map((r) => r.id);
  }

  /** Queues the deliver job of each message (a lost one is re-queued by `resumeOverdue`). */
  async function enqueueDeliveries(messageIds: string[]): Promise<void> {
    for (const messageId of messageIds) await jobs.enqueue('webhooks.deliver', { messageId });
  }

  /** Re-enqueues pending messages whose attempt is two minutes overdue (their job was lost). */
  async function resumeOverdue(): Promise<number> {
    const ids = await repo.overdueMessageIds(new Date(Date.now() - 120_000), 500);
    for (const messageId of ids) await jobs.enqueue('webhooks.deliver', { messageId });
    return ids.length;
  }

  /** Queues an attempt of a message now, recorded as a redelivery. */
  const queueRedelivery = (messageId: string) => jobs.enqueue('webhooks.deliver', { messageId, redeliver: true });

  return { send, attemptMessage, queueEvents, enqueueDeliveries, queueRedelivery, resumeOverdue };
}
export type WebhookDeliveryEngine = ReturnType<typeof createWebhookDelivery>;
