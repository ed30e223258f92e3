import type { Knex } from 'knex';

/**
 * The transactional outbox: every domain event is written here in the transaction of the change
 * it describes, and fanned out to webhook messages and e-mails from here after the commit
 * (src/events/). `data` is `json`, not `jsonb`, so the payload keeps the field order it was
 * recorded with (the webhook body is built from it). `webhook_messages.event_id` names the event
 * a message came from; the unique index makes a second fan-out of one event to one webhook fail.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE domain_events (
      id bigserial PRIMARY KEY,
      name varchar(100) NOT NULL,
      data json NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      dispatched_at timestamptz
    )`);
  await knex.raw('CREATE INDEX domain_events_undispatched ON domain_events (id) WHERE dispatched_at IS NULL');
  await knex.raw('CREATE INDEX domain_events_dispatched_at ON domain_events (dispatched_at) WHERE dispatched_at IS NOT NULL');
  await knex.raw('ALTER TABLE webhook_messages ADD COLUMN event_id bigint');
  await knex.raw('CREATE UNIQUE INDEX webhook_messages_event_webhook ON webhook_messages (event_id, webhook_id) WHERE event_id IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX webhook_messages_event_webhook');
  await knex.raw('ALTER TABLE webhook_messages DROP COLUMN event_id');
  await knex.raw('DROP TABLE domain_events');
}
