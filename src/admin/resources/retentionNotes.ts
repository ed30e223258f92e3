import type { ActionContext, ResourceWithOptions } from 'adminjs';
import { pastRetention, type RetainedKind, type RetentionWindows } from '../../maintenance/retention.policy.js';

/** Where each retained kind is listed in the panel, and the property whose help text tells how long it is kept. */
const LISTED_AT: Record<string, { kind: RetainedKind; property: string }> = {
  webhook_deliveries: { kind: 'webhookDeliveries', property: 'created_at' },
  webhook_messages: { kind: 'webhookMessages', property: 'created_at' },
  mail_outbox: { kind: 'mailOutbox', property: 'created_at' },
  imports: { kind: 'importErrors', property: 'rejected_count' },
};

/** Whether an import's rejected rows are already past their window (deleted, or about to be). */
export function rejectedRowsExpired(params: Record<string, unknown>, keptDays: number | null, now = new Date()): boolean {
  return pastRetention((params.finished_at as string | null | undefined) ?? null, keptDays, now);
}

/**
 * Adds the retention line ("Delivery attempts are kept for 30 days") to the panel resource that
 * lists that kind: as `custom.retentionNote` of its list action, which admin-components/RetentionNote.tsx
 * shows as a visible line under the list's heading (ActionHeader), in the delivery log and on the
 * import cards; and as the help text of one property (AdminJS shows it by the property's label in
 * filters and forms). On imports it also hides "Download rejected rows" once they are past their window.
 */
export const withRetentionNote =
  (notes: Record<RetainedKind, string>, windows: RetentionWindows) =>
  (resource: ResourceWithOptions): ResourceWithOptions => {
    const at = LISTED_AT[resource.options.id ?? ''];
    if (!at) return resource;
    const properties = { ...resource.options.properties };
    const existing = properties[at.property]?.description;
    properties[at.property] = { ...properties[at.property], description: existing ? `${existing}. ${notes[at.kind]}` : notes[at.kind] };
    const actions: Record<string, { isVisible?: boolean | ((context: ActionContext) => boolean); custom?: Record<string, unknown> }> = {
      ...resource.options.actions,
    };
    actions.list = { ...actions.list, custom: { ...actions.list?.custom, retentionNote: notes[at.kind] } };
    const download = actions.downloadRejected;
    if (at.kind === 'importErrors' && download) {
      const shown = download.isVisible ?? true;
      actions.downloadRejected = {
        ...download,
        isVisible: (context: ActionContext) =>
          (typeof shown === 'function' ? Boolean(shown(context)) : shown) && !rejectedRowsExpired(context.record?.params ?? {}, windows.importErrors),
      };
    }
    return { ...resource, options: { ...resource.options, properties, actions: actions as ResourceWithOptions['options']['actions'] } };
  };
