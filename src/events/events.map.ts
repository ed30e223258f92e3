import type { Product } from '../products/products.schemas.js';

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

/**
 * Domain events: recorded in the transaction of the change they describe (src/events/events.outbox.ts),
 * then fanned out to webhooks and e-mail. Add an event here and every part of the path is typed by it.
 */
export interface AppEventMap {
  'product.created': ProductEventData;
  'product.updated': ProductEventData;
  'product.deleted': ProductEventData;
  'products.deleted_all': { count: number };
  'import.completed': ImportEventData;
  'import.failed': ImportEventData;
}
export type AppEventName = keyof AppEventMap;

/** An event as a service records it: a name and its data. */
export type NewEvent = { [E in AppEventName]: { name: E; data: AppEventMap[E] } }[AppEventName];

/** An event as recorded: its id, and the time of the transaction that recorded it. */
export type RecordedEvent = NewEvent & { id: number; createdAt: Date };
