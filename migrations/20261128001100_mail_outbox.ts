import type { Knex } from 'knex';

/**
 * Every e-mail the app sends, queued here first and sent by a job. Without SMTP_URL a message
 * stays here as `stored` (the local outbox, listed in the panel) so nothing is lost.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE mail_outbox (
      id bigserial PRIMARY KEY,
      kind varchar(50) NOT NULL,
      to_address text NOT NULL,
      subject varchar(500) NOT NULL,
      text_body text NOT NULL,
      html_body text NOT NULL,
      status varchar(20) NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'stored', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      next_attempt_at timestamptz,
      smtp_message_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    )`);
  await knex.raw('CREATE INDEX mail_outbox_created ON mail_outbox (created_at DESC)');
  await knex.raw(`CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'queued'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE mail_outbox');
}
