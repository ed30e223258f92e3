import { conflict, notFound } from '../lib/errors.js';
import { validate } from '../lib/validate.js';
import { activeSecrets, messageBody, newMessageId, type WebhookDeliveryEngine } from './webhooks.delivery.js';
import { isSuccessStatus } from './webhooks.policy.js';
import type { DeliveryRow, WebhookRow, WebhooksRepo } from './webhooks.repo.js';
import {
  createWebhookSchema,
  eventsFromColumn,
  eventsToColumn,
  listDeliveriesQuery,
  updateWebhookSchema,
  type Webhook,
  type WebhookDelivery,
} from './webhooks.schemas.js';
import { generateSigningSecret, secretHint } from './webhooks.signing.js';

/** How long a rotated-out secret still signs deliveries. */
export const SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** Row → API shape; the secret itself is never included (only its first characters). */
export function toWebhook(row: WebhookRow): Webhook {
  return {
    id: Number(row.id),
    url: row.url,
    description: row.description,
    events: eventsFromColumn(row.events),
    enabled: row.enabled,
    secretHint: secretHint(row.secret),
    previousSecretExpiresAt:
      row.previous_secret && row.previous_secret_expires_at && row.previous_secret_expires_at > new Date() ? iso(row.previous_secret_expires_at) : null,
    consecutiveFailures: row.consecutive_failures,
    disabledReason: row.disabled_reason,
    disabledAt: iso(row.disabled_at),
    lastDeliveryAt: iso(row.last_delivery_at),
    lastStatus: row.last_status,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

/** Attempt row → API shape. */
export function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: Number(row.id),
    webhookId: Number(row.webhook_id),
    messageId: row.message_id,
    attempt: row.attempt,
    trigger: row.trigger,
    event: row.event_type,
    url: row.url,
    requestHeaders: row.request_headers,
    requestBody: row.request_body,
    success: row.success,
    responseStatus: row.response_status,
    responseBody: row.response_body,
    durationMs: row.duration_ms,
    error: row.error,
    nextAttemptAt: iso(row.next_attempt_at),
    createdAt: iso(row.created_at)!,
  };
}

/**
 * Webhook subscriptions for the API and the panel: CRUD, secret rotation, the test button,
 * the delivery log and redelivery. Deliveries themselves run in jobs (webhooks.delivery.ts).
 */
export function createWebhooksService({ repo, delivery }: { repo: WebhooksRepo; delivery: WebhookDeliveryEngine }) {
  async function getRow(id: number): Promise<WebhookRow> {
    const row = Number.isSafeInteger(id) ? await repo.findById(id) : undefined;
    if (!row) throw notFound(`Webhook ${id}`);
    return row;
  }

  return {
    listWebhooks: async () => (await repo.list()).map(toWebhook),
    getWebhook: async (id: number) => toWebhook(await getRow(id)),

    /** Creates a webhook with a new signing secret, returned in full this once. */
    async createWebhook(input: unknown): Promise<Webhook & { secret: string }> {
      const data = validate(createWebhookSchema, input);
      const secret = generateSigningSecret();
      const row = await repo.insert({ url: data.url, description: data.description, events: eventsToColumn(data.events), enabled: data.enabled, secret });
      return { ...toWebhook(row), secret };
    },

    /** Changes URL, description, events or enabled; enabling again clears the failure streak. */
    async updateWebhook(id: number, input: unknown): Promise<Webhook> {
      const data = validate(updateWebhookSchema, input);
      const current = await getRow(id);
      const reEnabled = data.enabled === true && !current.enabled;
      const disabled = data.enabled === false && current.enabled;
      const row = await repo.update(id, {
        ...(data.url !== undefined ? { url: data.url } : {}),
        ...(data.description !== undefined ? { description: data.description } : {}),
        ...(data.events !== undefined ? { events: eventsToColumn(data.events) } : {}),
        ...(data.enabled !== undefined ? { enabled: data.enabled } : {}),
        ...(reEnabled ? { consecutive_failures: 0, failing_since: null, disabled_reason: null, disabled_at: null } : {}),
        ...(disabled ? { disabled_reason: 'Disabled by an admin', disabled_at: new Date() } : {}),
      });
      if (!row) throw notFound(`Webhook ${id}`);
      return toWebhook(row);
    },

    async deleteWebhook(id: number): Promise<void> {
      if (!(await repo.deleteById(id))) throw notFound(`Webhook ${id}`);
    },

    /** New signing secret, returned in full this once; the old one keeps signing for 24 h. */
    async rotateSecret(id: number): Promise<Webhook & { secret: string }> {
      const current = await getRow(id);
      const secret = generateSigningSecret();
      const row = await repo.update(id, { secret, previous_secret: current.secret, previous_secret_expires_at: new Date(Date.now() + SECRET_GRACE_MS) });
      return { ...toWebhook(row!), secret };
    },

    /** Sends a signed `webhook.test` event now (even when disabled) and returns the recorded attempt. */
    async sendTest(id: number): Promise<WebhookDelivery> {
      const hook = await getRow(id);
      const msg = {
        id: newMessageId(),
        webhook_id: hook.id,
        event_type: 'webhook.test',
        body: messageBody('webhook.test', { webhookId: hook.id, message: 'Test event from ACME Product Importer' }),
      };
      await repo.insertMessages([{ ...msg, status: 'pending', next_attempt_at: null }]);
      const sent = await delivery.send(hook, msg.id, msg.body);
      const success = isSuccessStatus(sent.result.status);
      await repo.updateMessage(msg.id, { status: success ? 'delivered' : 'failed', attempts: 1, finished_at: new Date() });
      const row = await repo.insertDelivery({
        webhook_id: hook.id,
        message_id: msg.id,
        attempt: 1,
        trigger: 'test',
        event_type: msg.event_type,
        url: hook.url,
        request_headers: sent.headers,
        request_body: msg.body,
        success,
        response_status: sent.result.status,
        response_body: sent.result.responseBody,
        duration_ms: sent.result.durationMs,
        error: sent.result.error ?? (success ? null : `HTTP ${sent.result.status}`),
        next_attempt_at: null,
      });
      return toDelivery(row);
    },

    /** The attempts of one webhook, newest first, filtered. */
    async listDeliveries(id: number, query: unknown): Promise<WebhookDelivery[]> {
      await getRow(id);
      const q = validate(listDeliveriesQuery, query);
      const success = q.status === undefined ? undefined : q.status === 'success';
      return (await repo.listDeliveries(id, { ...q, success })).map(toDelivery);
    },

    /** Queues one more attempt of the message an attempt belongs to (same webhook-id), now. */
    async redeliver(id: number, deliveryId: number): Promise<{ messageId: string; queued: true }> {
      const hook = await getRow(id);
      const attempt = Number.isSafeInteger(deliveryId) ? await repo.findDelivery(hook.id, deliveryId) : undefined;
      if (!attempt) throw notFound(`Delivery ${deliveryId}`);
      if (!hook.enabled) throw conflict('The webhook is disabled: enable it before redelivering');
      await repo.updateMessage(attempt.message_id, { status: 'pending', next_attempt_at: new Date(), finished_at: null });
      await delivery.queueRedelivery(attempt.message_id);
      return { messageId: attempt.message_id, queued: true };
    },

    activeSecrets,
  };
}
export type WebhooksService = ReturnType<typeof createWebhooksService>;
