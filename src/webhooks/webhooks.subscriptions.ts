import type { AppEvents } from '../lib/events.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { WebhookDeliveryEngine } from './webhooks.delivery.js';
import { WEBHOOK_EVENTS } from './webhooks.schemas.js';

/**
 * Subscribes webhooks and e-mail to the domain events, in every process (web and worker), so
 * a change committed anywhere queues its deliveries before the emitting call returns.
 */
export function subscribeWebhooksAndMail(
  events: AppEvents,
  { delivery, notifications }: { delivery: WebhookDeliveryEngine; notifications: NotificationsService },
): void {
  for (const name of WEBHOOK_EVENTS) events.on(name, async (data) => void (await delivery.queueEvent(name, data)));
  events.on('import.completed', (data) => notifications.notifyImportFinished(data));
  events.on('import.failed', (data) => notifications.notifyImportFinished(data));
}
