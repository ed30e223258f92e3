import type { Knex } from 'knex';

/**
 * Webhook subscriptions, their messages (one per event and webhook; `id` is the stable
 * `webhook-id` header) and every delivery attempt. A message records where its retries stand
 * (attempts, next_attempt_at, a short lease while an attempt runs) so any worker can resume it.
 * `events` is a comma-separated list or `*` (all), kept as text so the panel can edit it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE webhooks (
      id bigserial PRIMARY KEY,
      url varchar(2000) NOT NULL CHECK (url ~* '^https{0,1}://'),
      description varchar(500) NOT NULL DEFAULT '',
      events varchar(500) NOT NULL DEFAULT '*',
      enabled boolean NOT NULL DEFAULT true,
      secret varchar(200) NOT NULL,
      previous_secret varchar(200),
      previous_secret_expires_at timestamptz,
      consecutive_failures integer NOT NULL DEFAULT 0,
      failing_since timestamptz,
      disabled_reason text,
      disabled_at timestamptz,
      last_delivery_at timestamptz,
      last_status integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await knex.raw(`
    CREATE TABLE webhook_messages (
      id varchar(64) PRIMARY KEY,
      webhook_id bigint NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
      event_type varchar(100) NOT NULL,
      body text NOT NULL,
      status varchar(20) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      leased_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`);
  await knex.raw('CREATE INDEX webhook_messages_webhook ON webhook_messages (webhook_id, created_at DESC)');
  await knex.raw(`CREATE INDEX webhook_messages_due ON webhook_messages (next_attempt_at) WHERE status = 'pending'`);
  await knex.raw(`
    CREATE TABLE webhook_deliveries (
      id bigserial PRIMARY KEY,
      webhook_id bigint NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
      message_id varchar(64) NOT NULL REFERENCES webhook_messages(id) ON DELETE CASCADE,
      attempt integer NOT NULL,
      trigger varchar(20) NOT NULL DEFAULT 'event' CHECK (trigger IN ('event', 'retry', 'redeliver', 'test')),
      event_type varchar(100) NOT NULL,
      url varchar(2000) NOT NULL,
      request_headers jsonb NOT NULL,
      request_body text NOT NULL,
      success boolean NOT NULL,
      response_status integer,
      response_body text,
      duration_ms integer NOT NULL,
      error text,
      next_attempt_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await knex.raw('CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id DESC)');
  await knex.raw('CREATE INDEX webhook_deliveries_message ON webhook_deliveries (message_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE webhook_deliveries');
  await knex.raw('DROP TABLE webhook_messages');
  await knex.raw('DROP TABLE webhooks');
}
