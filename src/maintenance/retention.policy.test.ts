import { retentionCutoff, retentionNote, retentionNotes, retentionWindows } from './retention.policy.js';

const settings = {
  RETENTION_DAYS_WEBHOOK_DELIVERIES: 30,
  RETENTION_DAYS_WEBHOOK_MESSAGES: 45,
  RETENTION_DAYS_MAIL_OUTBOX: 1,
  RETENTION_DAYS_IMPORT_ERRORS: 0,
  RETENTION_DAYS_DOMAIN_EVENTS: 7,
};

describe('retention policy', () => {
  it('reads one window per kind from the settings, 0 meaning forever', () => {
    expect(retentionWindows(settings)).toEqual({ webhookDeliveries: 30, webhookMessages: 45, mailOutbox: 1, importErrors: null, domainEvents: 7 });
  });

  it('deletes what is older than the window, nothing for a kind kept forever', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    expect(retentionCutoff(now, 30)).toEqual(new Date('2026-10-31T12:00:00Z'));
    expect(retentionCutoff(now, null)).toBeNull();
  });

  it('says in one line how long each kind is kept', () => {
    expect(retentionNote('webhookDeliveries', 30)).toBe('Delivery attempts are kept for 30 days');
    expect(retentionNotes(settings)).toEqual({
      webhookDeliveries: 'Delivery attempts are kept for 30 days',
      webhookMessages: 'Webhook messages are kept for 45 days after they finish, and while any of their delivery attempts is kept',
      mailOutbox: 'Sent, stored and failed e-mails are kept for 1 day',
      importErrors: 'Rejected rows are kept forever',
      domainEvents: 'Domain events are kept for 7 days after they are dispatched to webhooks and mail',
    });
    expect(retentionNote('importErrors', 7)).toBe('Rejected rows are kept for 7 days after the import ends');
  });
});
