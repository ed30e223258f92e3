import { Resource as SqlResource, type ResourceMetadata } from '@adminjs/sql';
import type { ActionContext, ActionRequest, ResourceWithOptions } from 'adminjs';
import { AppError } from '../../lib/errors.js';
import { WEBHOOK_EVENTS } from '../../webhooks/webhooks.schemas.js';
import type { WebhooksService } from '../../webhooks/webhooks.service.js';
import { refusedWebhookUrlWarning } from '../../webhooks/webhooks.ssrf.js';
import { Components } from '../componentLoader.js';
import { asPanelResult } from './appErrorToValidation.js';
import { columns, numberColumn, oneLineColumn, statusFilterColumn } from './columns.js';
import { postOnlyAction } from './postOnlyAction.js';

const INTEGRATIONS = { name: 'Integrations', icon: 'Share2' };

/** The setting the webhook forms warn about (WEBHOOK_ALLOW_PRIVATE_NETWORKS). */
export interface WebhookPanelOptions {
  allowPrivateNetworks: boolean;
}
type Params = Record<string, unknown>;

/** Panel form params → service input (events arrive as a comma-separated string or flattened array). */
export function toWebhookInput(params: Params): Params {
  const input: Params = {};
  if ('url' in params) input.url = String(params.url ?? '');
  if ('description' in params) input.description = String(params.description ?? '');
  const flatEvents = Object.keys(params)
    .filter((k) => /^events\.\d+$/.test(k))
    .map((k) => String(params[k]));
  if ('events' in params || flatEvents.length) {
    const raw = flatEvents.length ? flatEvents : String(params.events ?? '').split(',');
    input.events = raw.map((e) => e.trim()).filter(Boolean);
  }
  if ('enabled' in params) input.enabled = params.enabled === true || params.enabled === 'true';
  return input;
}

const SECRET_COLUMNS = ['secret', 'previous_secret'];
function stripSecrets<R extends { params: Params }>(records: R[]): R[] {
  for (const r of records) for (const c of SECRET_COLUMNS) delete r.params[c];
  return records;
}

/** @adminjs/sql reads webhooks; every write goes through the webhooks service (validation, secrets). */
class WebhooksSqlResource extends SqlResource {
  constructor(
    metadata: ResourceMetadata,
    private readonly webhooks: WebhooksService,
  ) {
    super(metadata);
  }

  // Hidden properties still travel in the panel's JSON: strip the secrets from every record read.
  override async find(...args: Parameters<SqlResource['find']>) {
    return stripSecrets(await super.find(...args));
  }

  override async findMany(...args: Parameters<SqlResource['findMany']>) {
    return stripSecrets(await super.findMany(...args));
  }

  override async findOne(...args: Parameters<SqlResource['findOne']>) {
    const record = await super.findOne(...args);
    return record ? stripSecrets([record])[0]! : record;
  }

  override async update(id: string, params: Params): Promise<Params> {
    await asPanelResult(() => this.webhooks.updateWebhook(Number(id), toWebhookInput(params)));
    return (await this.findOne(id))?.params ?? params;
  }

  override async delete(id: string): Promise<void> {
    await asPanelResult(() => this.webhooks.deleteWebhook(Number(id)));
  }
}

/** A webhook record action (on POST only): `run` gets the webhook's id as a number. */
const postOnly = (run: (id: number, context: ActionContext) => Promise<Params>) => postOnlyAction((id, context) => run(Number(id), context));

const enabledToggle = (webhooks: WebhooksService, enabled: boolean) => ({
  actionType: 'record' as const,
  icon: enabled ? 'Play' : 'Pause',
  guard: enabled ? 'Deliveries start again for new events. Enable' : 'No deliveries while disabled; pending ones are not sent. Disable',
  component: Components.ConfirmRecordAction,
  isVisible: ({ record }: ActionContext) => (record?.params.enabled === true || record?.params.enabled === 'true') !== enabled,
  handler: postOnly(async (id, context) => {
    await webhooks.updateWebhook(id, { enabled });
    return {
      redirectUrl: context.h.recordActionUrl({ resourceId: 'webhooks', recordId: String(id), actionName: 'show' }),
      notice: { message: enabled ? 'Webhook enabled' : 'Webhook disabled', type: 'success' },
    };
  }),
});

/** Webhooks: list, create (secret shown once), edit, delete, enable/disable, test, rotate secret, deliveries. */
export function webhooksResource(metadata: ResourceMetadata, webhooks: WebhooksService, opts: WebhookPanelOptions): ResourceWithOptions {
  return {
    resource: new WebhooksSqlResource(metadata, webhooks),
    options: {
      id: 'webhooks',
      navigation: INTEGRATIONS,
      titleProperty: 'url',
      sort: { sortBy: 'id', direction: 'asc' },
      listProperties: ['id', 'url', 'description', 'events', 'enabled', 'last_status', 'last_delivery_at', 'consecutive_failures'],
      filterProperties: ['url', 'description', 'enabled'],
      showProperties: [
        'id',
        'url',
        'description',
        'events',
        'enabled',
        'disabled_reason',
        'disabled_at',
        'consecutive_failures',
        'failing_since',
        'last_status',
        'last_delivery_at',
        'previous_secret_expires_at',
        'created_at',
        'updated_at',
      ],
      editProperties: ['url', 'description', 'events', 'enabled'],
      properties: {
        secret: { isVisible: false },
        previous_secret: { isVisible: false },
        url: { isRequired: true, components: { ...oneLineColumn.components, edit: Components.WebhookUrlInput } },
        description: { isRequired: false },
        ...columns(['consecutive_failures', 'last_status'], numberColumn),
        events: {
          description: `"*" for every event, or any of: ${WEBHOOK_EVENTS.join(', ')}`,
          components: { edit: Components.WebhookEventsInput },
        },
        previous_secret_expires_at: { description: 'Until then deliveries are signed with the previous secret too' },
      },
      actions: {
        new: { isAccessible: false },
        bulkDelete: { isAccessible: false },
        createWebhook: {
          actionType: 'resource',
          icon: 'Plus',
          component: Components.WebhookCreate,
          handler: async (request: ActionRequest) => {
            if (request.method !== 'post') return {};
            try {
              const created = await webhooks.createWebhook(toWebhookInput(request.payload ?? {}) as never);
              return { id: created.id, secret: created.secret };
            } catch (err) {
              if (!(err instanceof AppError)) throw err;
              return { error: err.message };
            }
          },
        },
        // The form's warning for a URL whose deliveries would be refused (no button: the forms call it).
        checkUrl: {
          actionType: 'resource',
          isVisible: false,
          component: false,
          handler: async (request: ActionRequest) => ({
            warning: await refusedWebhookUrlWarning(String(request.payload?.url ?? ''), opts.allowPrivateNetworks),
          }),
        },
        sendTest: {
          actionType: 'record',
          icon: 'Send',
          component: Components.WebhookTest,
          handler: postOnly(async (id) => ({ delivery: await webhooks.sendTest(id) })),
        },
        rotateSecret: {
          actionType: 'record',
          icon: 'Key',
          component: Components.WebhookRotateSecret,
          handler: postOnly(async (id) => {
            const rotated = await webhooks.rotateSecret(id);
            return { secret: rotated.secret, previousSecretExpiresAt: rotated.previousSecretExpiresAt };
          }),
        },
        enable: enabledToggle(webhooks, true),
        disable: enabledToggle(webhooks, false),
        deliveries: {
          actionType: 'record',
          icon: 'List',
          component: Components.WebhookDeliveries,
          handler: async (_request, _res, context) => ({ record: context.record!.toJSON(context.currentAdmin) }),
        },
      },
    },
  };
}

/** The delivery log: every attempt, filterable; one click redelivers the message of an attempt. */
export function webhookDeliveriesResource(metadata: ResourceMetadata, webhooks: WebhooksService): ResourceWithOptions {
  return {
    resource: new SqlResource(metadata),
    options: {
      id: 'webhook_deliveries',
      navigation: INTEGRATIONS,
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['id', 'created_at', 'webhook_id', 'event_type', 'trigger', 'attempt', 'success', 'response_status', 'duration_ms', 'error'],
      filterProperties: ['webhook_id', 'event_type', 'success', 'trigger', 'response_status', 'message_id', 'created_at'],
      showProperties: [
        'id',
        'created_at',
        'webhook_id',
        'message_id',
        'event_type',
        'trigger',
        'attempt',
        'url',
        'success',
        'response_status',
        'duration_ms',
        'error',
        'next_attempt_at',
        'request_headers',
        'request_body',
        'response_body',
      ],
      properties: {
        event_type: { availableValues: [...WEBHOOK_EVENTS, 'webhook.test'].map((e) => ({ value: e, label: e })) },
        trigger: { availableValues: ['event', 'retry', 'redeliver', 'test'].map((e) => ({ value: e, label: e })) },
        request_body: { type: 'textarea' },
        response_body: { type: 'textarea' },
        request_headers: { type: 'key-value' },
        ...columns(['attempt', 'response_status', 'duration_ms'], numberColumn),
        error: oneLineColumn,
      },
      actions: {
        new: { isAccessible: false },
        edit: { isAccessible: false },
        delete: { isAccessible: false },
        bulkDelete: { isAccessible: false },
        redeliver: {
          actionType: 'record',
          icon: 'RotateCw',
          guard: 'Send this message again now, with the same webhook-id:',
          component: Components.ConfirmRecordAction,
          handler: postOnly(async (id, context) => {
            const webhookId = Number(context.record!.params.webhook_id);
            const { messageId } = await webhooks.redeliver(webhookId, id);
            return {
              redirectUrl: `${context.h.resourceUrl({ resourceId: 'webhook_deliveries' })}?filters.message_id=${messageId}`,
              notice: { message: 'Redelivery queued', type: 'success' },
            };
          }),
        },
      },
    },
  };
}

/** Webhook messages (one per event and webhook): reachable from deliveries, not in the sidebar. */
export function webhookMessagesResource(metadata: ResourceMetadata): ResourceWithOptions {
  return {
    resource: new SqlResource(metadata),
    options: {
      id: 'webhook_messages',
      navigation: false,
      sort: { sortBy: 'created_at', direction: 'desc' },
      listProperties: ['id', 'created_at', 'webhook_id', 'event_type', 'status', 'attempts', 'next_attempt_at'],
      filterProperties: ['webhook_id', 'event_type', 'status', 'created_at'],
      properties: {
        body: { type: 'textarea' },
        status: statusFilterColumn(['pending', 'delivered', 'failed', 'cancelled']),
        attempts: numberColumn,
      },
      actions: { new: { isAccessible: false }, edit: { isAccessible: false }, delete: { isAccessible: false }, bulkDelete: { isAccessible: false } },
    },
  };
}

/** Every panel resource of the webhooks domain, in sidebar order. */
export function webhookResources(table: (name: string) => ResourceMetadata, webhooks: WebhooksService, opts: WebhookPanelOptions): ResourceWithOptions[] {
  return [
    webhooksResource(table('webhooks'), webhooks, opts),
    webhookDeliveriesResource(table('webhook_deliveries'), webhooks),
    webhookMessagesResource(table('webhook_messages')),
  ];
}
