import type { ActionContext, ResourceWithOptions } from 'adminjs';
import { retentionNotes, retentionWindows } from '../../maintenance/retention.policy.js';
import { rejectedRowsExpired, withRetentionNote } from './retentionNotes.js';

const settings = {
  RETENTION_DAYS_WEBHOOK_DELIVERIES: 30,
  RETENTION_DAYS_WEBHOOK_MESSAGES: 30,
  RETENTION_DAYS_MAIL_OUTBOX: 14,
  RETENTION_DAYS_IMPORT_ERRORS: 7,
  RETENTION_DAYS_DOMAIN_EVENTS: 7,
};
const note = withRetentionNote(retentionNotes(settings), retentionWindows(settings));
const resource = (id: string, options: Partial<ResourceWithOptions['options']> = {}) => ({ resource: {}, options: { id, ...options } }) as ResourceWithOptions;
const now = new Date('2026-11-30T12:00:00Z');

describe('retention notes in the panel', () => {
  it('tells how long records are kept where they are listed', () => {
    expect(note(resource('webhook_deliveries')).options.properties!.created_at!.description).toBe('Delivery attempts are kept for 30 days');
    expect(
      note(resource('mail_outbox', { properties: { created_at: { type: 'datetime', description: 'When it was queued' } } })).options.properties!.created_at,
    ).toEqual({ type: 'datetime', description: 'When it was queued. Sent, stored and failed e-mails are kept for 14 days' });
    expect(note(resource('imports')).options.properties!.rejected_count!.description).toBe('Rejected rows are kept for 7 days after the import ends');
    const products = resource('products');
    expect(note(products)).toBe(products);
  });

  it("carries the line on the list action, for the panel's visible line (RetentionNote), keeping what the action had", () => {
    const listOf = (r: ResourceWithOptions) => (r.options.actions as Record<string, { custom?: unknown; after?: unknown }>).list;
    expect(listOf(note(resource('webhook_messages')))).toEqual({
      custom: { retentionNote: 'Webhook messages are kept for 30 days after they finish, and while any of their delivery attempts is kept' },
    });
    const after = () => ({});
    expect(listOf(note(resource('imports', { actions: { list: { after } } })))).toEqual({
      after,
      custom: { retentionNote: 'Rejected rows are kept for 7 days after the import ends' },
    });
  });

  it('hides "Download rejected rows" once they are past their window', () => {
    const actions = note(
      resource('imports', { actions: { downloadRejected: { isVisible: ({ record }: ActionContext) => Number(record?.params.rejected_count) > 0 } } }),
    ).options.actions as Record<string, { isVisible: (c: ActionContext) => boolean }>;
    const visible = (c: ActionContext) => actions.downloadRejected!.isVisible(c);
    const recent = { rejected_count: 3, finished_at: new Date(Date.now() - 6 * 86_400_000).toISOString() };
    const old = { rejected_count: 3, finished_at: new Date(Date.now() - 8 * 86_400_000).toISOString() };
    expect(visible({ record: { params: recent } } as unknown as ActionContext)).toBe(true);
    expect(visible({ record: { params: old } } as unknown as ActionContext)).toBe(false);
    expect(visible({ record: { params: { ...recent, rejected_count: 0 } } } as unknown as ActionContext)).toBe(false);
    expect(rejectedRowsExpired({ finished_at: null }, 7, now)).toBe(false);
    expect(rejectedRowsExpired({ finished_at: '2026-01-01T00:00:00Z' }, null, now)).toBe(false);
  });
});
