import { Router } from 'express';
import { z } from 'zod';
import { documentedRoute } from '../http/openapi.js';
import { createWebhookSchema, deliveryDoc, listDeliveriesQuery, updateWebhookSchema, webhookDoc, webhookWithSecretDoc } from './webhooks.schemas.js';
import type { WebhooksService } from './webhooks.service.js';

const id = z.coerce.number('must be a number').int().positive();
const idParams = z.object({ id });
const deliveryParams = z.object({ id, deliveryId: id });
const tags = ['Webhooks'];
const notFound = 'No such webhook (or delivery)';

/**
 * /webhooks: subscriptions, secret rotation, test event, delivery log and redelivery.
 * `deliveriesRetentionDays` (null: forever) is told with the delivery log (RETENTION_DAYS_WEBHOOK_DELIVERIES).
 */
export function webhooksRoutes(webhooks: WebhooksService, deliveriesRetentionDays: number | null = null): Router {
  const router = Router();

  documentedRoute(
    router,
    {
      method: 'get',
      path: '/webhooks',
      tags,
      summary: 'List webhooks',
      responses: { 200: { description: 'Every webhook', schema: z.object({ data: z.array(webhookDoc) }) } },
    },
    async (_input, _req, res) => {
      res.json({ data: await webhooks.listWebhooks() });
    },
  );

  documentedRoute(
    router,
    {
      method: 'post',
      path: '/webhooks',
      tags,
      summary: 'Create a webhook',
      body: createWebhookSchema,
      description: 'The answer carries the signing secret (`whsec_…`) in full; it is never shown again.',
      responses: { 201: { description: 'Created', schema: webhookWithSecretDoc } },
    },
    async ({ body }, _req, res) => {
      const hook = await webhooks.createWebhook(body);
      res.status(201).location(`/api/v1/webhooks/${hook.id}`).json(hook);
    },
  );

  documentedRoute(
    router,
    {
      method: 'get',
      path: '/webhooks/:id',
      tags,
      summary: 'Get a webhook',
      params: idParams,
      responses: { 200: { description: 'The webhook', schema: webhookDoc } },
      errors: { 404: notFound },
    },
    async ({ params }, _req, res) => {
      res.json(await webhooks.getWebhook(params.id));
    },
  );

  documentedRoute(
    router,
    {
      method: 'patch',
      path: '/webhooks/:id',
      tags,
      summary: 'Change a webhook',
      params: idParams,
      body: updateWebhookSchema,
      description: 'Any of url, description, events, enabled. Enabling again clears the failure streak.',
      responses: { 200: { description: 'The webhook', schema: webhookDoc } },
      errors: { 404: notFound },
    },
    async ({ params, body }, _req, res) => {
      res.json(await webhooks.updateWebhook(params.id, body));
    },
  );

  documentedRoute(
    router,
    {
      method: 'delete',
      path: '/webhooks/:id',
      tags,
      summary: 'Delete a webhook and its delivery log',
      params: idParams,
      responses: { 204: { description: 'Deleted' } },
      errors: { 404: notFound },
    },
    async ({ params }, _req, res) => {
      await webhooks.deleteWebhook(params.id);
      res.status(204).end();
    },
  );

  documentedRoute(
    router,
    {
      method: 'post',
      path: '/webhooks/:id/rotate-secret',
      tags,
      summary: 'Rotate the signing secret',
      params: idParams,
      description: 'Returns the new secret in full, once. For 24 h deliveries carry two signatures (new and old).',
      responses: { 200: { description: 'The webhook with its new secret', schema: webhookWithSecretDoc } },
      errors: { 404: notFound },
    },
    async ({ params }, _req, res) => {
      res.json(await webhooks.rotateSecret(params.id));
    },
  );

  documentedRoute(
    router,
    {
      method: 'post',
      path: '/webhooks/:id/test',
      tags,
      summary: 'Send a signed webhook.test event now',
      params: idParams,
      description: 'Waits for the receiver (up to WEBHOOK_TIMEOUT_MS) and answers the recorded attempt: status, response body, time or error.',
      responses: { 200: { description: 'The attempt (success or not)', schema: deliveryDoc } },
      errors: { 404: notFound },
    },
    async ({ params }, _req, res) => {
      res.json(await webhooks.sendTest(params.id));
    },
  );

  documentedRoute(
    router,
    {
      method: 'get',
      path: '/webhooks/:id/deliveries',
      tags,
      summary: 'Delivery attempts, newest first',
      params: idParams,
      query: listDeliveriesQuery,
      description:
        'Filter by status (success|failed), event, messageId or trigger; page with `before` (the last id seen). Attempts are kept for `retentionDays` days (null: forever).',
      responses: {
        200: {
          description: 'Attempts',
          schema: z.object({ data: z.array(deliveryDoc), nextBefore: z.number().int().nullable(), retentionDays: z.number().int().positive().nullable() }),
        },
      },
      errors: { 404: notFound },
    },
    async ({ params, query }, _req, res) => {
      const data = await webhooks.listDeliveries(params.id, query);
      res.json({ data, nextBefore: data.length === query.limit ? data[data.length - 1]!.id : null, retentionDays: deliveriesRetentionDays });
    },
  );

  documentedRoute(
    router,
    {
      method: 'post',
      path: '/webhooks/:id/deliveries/:deliveryId/redeliver',
      tags,
      summary: 'Redeliver a message',
      params: deliveryParams,
      description: 'Queues one more attempt of the message this attempt belongs to, now, with the same webhook-id.',
      responses: {
        202: { description: 'Queued', schema: z.object({ messageId: z.string(), queued: z.literal(true) }) },
      },
      errors: { 404: notFound, 409: 'The webhook is disabled' },
    },
    async ({ params }, _req, res) => {
      res.status(202).json(await webhooks.redeliver(params.id, params.deliveryId));
    },
  );

  return router;
}
