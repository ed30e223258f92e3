import type { Outbox } from '../events/events.outbox.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { WebhookDeliveryEngine } from './webhooks.delivery.js';
import { WEBHOOK_EVENTS } from './webhooks.schemas.js';

const isWebhookEvent = (name: string) => (WEBHOOK_EVENTS as readonly string[]).includes(name);

/**
 * Subscribes webhooks and e-mail to the domain events, in every process (web and worker): the
 * dispatch of an event writes its webhook messages and mail in the transaction that marks it
 * dispatched, and queues their jobs once that has committed.
 */
export function subscribeWebhooksAndMail(
  outbox: Pick<Outbox, 'subscribe'>,
  { delivery, notifications }: { delivery: WebhookDeliveryEngine; notifications: NotificationsService },
): void {
  outbox.subscribe(async (events, trx) => {
    const messageIds = await delivery.queueEvents(
      events.filter((e) => isWebhookEvent(e.name)),
      trx,
    );
    const mailIds: number[] = [];
    for (const event of events) {
      const mailId =
        event.name === 'import.completed' || event.name === 'import.failed'
          ? await notifications.notifyImportFinished(event.data, trx)
          : event.name === 'import.reverted'
            ? await notifications.notifyImportReverted(event.data, trx)
            : null;
      if (mailId !== null) mailIds.push(mailId);
    }
    return async () => {
      await delivery.enqueueDeliveries(messageIds);
      await notifications.enqueueSends(mailIds);
    };
  });
}
