import { z } from 'zod';
import { APP_EVENT_NAMES } from '../events/events.map.js';

/** Events a webhook can subscribe to (every domain event); `*` means all of them. */
export const WEBHOOK_EVENTS = APP_EVENT_NAMES;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const eventsSchema = z
  .array(z.enum([...WEBHOOK_EVENTS, '*']))
  .min(1, 'must name at least one event, or "*" for all')
  .transform((list): (WebhookEvent | '*')[] => (list.includes('*') ? ['*'] : [...new Set(list)].sort()));

const urlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'must be an http or https URL without credentials');

export const createWebhookSchema = z.object({
  url: urlSchema,
  description: z.string().trim().max(500).default(''),
  events: eventsSchema.default(['*']),
  enabled: z.boolean().default(true),
});
export type CreateWebhookInput = z.input<typeof createWebhookSchema>;

export const updateWebhookSchema = z
  .object({
    url: urlSchema,
    description: z.string().trim().max(500),
    events: eventsSchema,
    enabled: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateWebhookInput = z.input<typeof updateWebhookSchema>;

export const listDeliveriesQuery = z.object({
  status: z.enum(['success', 'failed']).optional(),
  event: z.string().max(100).optional(),
  messageId: z.string().max(64).optional(),
  trigger: z.enum(['event', 'retry', 'redeliver', 'test']).optional(),
  /** Only attempts with an id below this one (the next page). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListDeliveriesQuery = z.output<typeof listDeliveriesQuery>;

/** `events` column (comma-separated or `*`) ⇄ list. */
export const eventsToColumn = (events: string[]) => events.join(',');
export const eventsFromColumn = (column: string) =>
  column
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);

/** Whether a webhook subscribed to `subscribed` wants `event`; `products.deleted_all` goes to `product.deleted` subscribers too. */
export function wantsEvent(subscribed: string[], event: string): boolean {
  if (subscribed.includes('*') || subscribed.includes(event)) return true;
  return event === 'products.deleted_all' && subscribed.includes('product.deleted');
}

export interface Webhook {
  id: number;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  secretHint: string;
  previousSecretExpiresAt: string | null;
  consecutiveFailures: number;
  disabledReason: string | null;
  disabledAt: string | null;
  lastDeliveryAt: string | null;
  lastStatus: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDelivery {
  id: number;
  webhookId: number;
  messageId: string;
  attempt: number;
  trigger: string;
  event: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  success: boolean;
  responseStatus: number | null;
  responseBody: string | null;
  durationMs: number;
  error: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}

/** Documentation schemas (OpenAPI) of the answers. */
export const webhookDoc = z
  .object({
    id: z.number().int(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    secretHint: z.string().describe('First characters of the signing secret'),
    previousSecretExpiresAt: z.string().nullable().describe('Until when the rotated-out secret still signs'),
    consecutiveFailures: z.number().int(),
    disabledReason: z.string().nullable(),
    disabledAt: z.string().nullable(),
    lastDeliveryAt: z.string().nullable(),
    lastStatus: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Webhook' });
export const webhookWithSecretDoc = webhookDoc.extend({ secret: z.string().describe('`whsec_…`: shown only now') }).meta({ id: 'WebhookWithSecret' });
export const deliveryDoc = z
  .object({
    id: z.number().int(),
    webhookId: z.number().int(),
    messageId: z.string().describe('The webhook-id header, stable across retries'),
    attempt: z.number().int(),
    trigger: z.enum(['event', 'retry', 'redeliver', 'test']),
    event: z.string(),
    url: z.string(),
    requestHeaders: z.record(z.string(), z.string()),
    requestBody: z.string(),
    success: z.boolean(),
    responseStatus: z.number().int().nullable(),
    responseBody: z.string().nullable().describe('First 4 KB'),
    durationMs: z.number().int(),
    error: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });
