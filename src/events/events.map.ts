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
  /** Valid rows identical to the stored product (left untouched; counted in updatedCount too). */
  unchangedCount: number;
  rejectedCount: number;
  durationMs: number | null;
  error: string | null;
  /** E-mail of the admin who uploaded it (null when uploaded with an API token). */
  uploadedBy: string | null;
  /** Where the products it created and updated are listed (null when it did not record them). */
  changesUrl: string | null;
}

/** A revert ended: what it restored, deleted and left alone (conflicts, listed at `conflictsUrl`). */
export interface ImportRevertedEventData {
  id: string;
  filename: string;
  revertStatus: 'completed';
  restoredCount: number;
  deletedCount: number;
  conflictCount: number;
  conflictsUrl: string;
  /** E-mail of the admin who uploaded the import. */
  uploadedBy: string | null;
  /** E-mail of the admin who asked for the revert (null when asked with an API token). */
  revertedBy: string | null;
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
  'import.reverted': ImportRevertedEventData;
}
export type AppEventName = keyof AppEventMap;

/** Every event name, in the order lists show them (checked against AppEventMap: none missing, none extra). */
export const APP_EVENT_NAMES = [
  'product.created',
  'product.updated',
  'product.deleted',
  'products.deleted_all',
  'import.completed',
  'import.failed',
  'import.reverted',
] as const satisfies readonly AppEventName[];
type Missing = Exclude<AppEventName, (typeof APP_EVENT_NAMES)[number]>;
const exhaustive: Missing extends never ? true : Missing = true;
void exhaustive;

/** An event as a service records it: a name and its data. */
export type NewEvent = { [E in AppEventName]: { name: E; data: AppEventMap[E] } }[AppEventName];

/** An event as recorded: its id, and the time of the transaction that recorded it. */
export type RecordedEvent = NewEvent & { id: number; createdAt: Date };
