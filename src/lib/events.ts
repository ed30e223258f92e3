import type { Product } from '../products/products.schemas.js';
import type { Logger } from './logger.js';

/** Product events carry the product as the API shows it. */
export type ProductEventData = Product;

export interface ImportEventData {
  id: string;
  filename: string;
  status: 'completed' | 'failed' | 'cancelled';
  totalRows: number;
  insertedCount: number;
  updatedCount: number;
  rejectedCount: number;
  durationMs: number | null;
  error: string | null;
  /** E-mail of the admin who uploaded it (null when uploaded with an API token). */
  uploadedBy: string | null;
}

/** Domain events, emitted after the change is committed. Webhooks and e-mail subscribe to them. */
export interface AppEventMap {
  'product.created': ProductEventData;
  'product.updated': ProductEventData;
  'product.deleted': ProductEventData;
  'products.deleted_all': { count: number };
  'import.completed': ImportEventData;
  'import.failed': ImportEventData;
}
export type AppEventName = keyof AppEventMap;

export type AppEventListener<E extends AppEventName> = (data: AppEventMap[E]) => Promise<void> | void;

/**
 * In-process event bus. emit() awaits every listener, so when it resolves subscribers have
 * queued their work (webhook deliveries, e-mails) in the database.
 */
export function createEvents(logger: Logger) {
  const listeners = new Map<AppEventName, AppEventListener<AppEventName>[]>();
  return {
    on<E extends AppEventName>(event: E, listener: AppEventListener<E>): void {
      const list = listeners.get(event) ?? [];
      list.push(listener as AppEventListener<AppEventName>);
      listeners.set(event, list);
    },
    /** Runs every listener; a failing listener is logged and does not stop the others. */
    async emit<E extends AppEventName>(event: E, data: AppEventMap[E]): Promise<void> {
      for (const listener of listeners.get(event) ?? []) {
        try {
          await listener(data);
        } catch (err) {
          logger.error({ err, event }, 'event listener failed');
        }
      }
    },
  };
}
export type AppEvents = ReturnType<typeof createEvents>;
