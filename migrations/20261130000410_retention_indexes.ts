import type { Knex } from 'knex';

/**
 * Indexes the retention job (src/maintenance/retention.*) deletes by, so each of its batches
 * finds its oldest rows without scanning the table: delivery attempts by time, finished webhook
 * messages by when they finished. (mail_outbox already has one on created_at; import_errors is
 * reached through its primary key from the few imports that ended.)
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX webhook_deliveries_created_at ON webhook_deliveries (created_at)');
  await knex.raw('CREATE INDEX webhook_messages_finished_at ON webhook_messages (finished_at) WHERE finished_at IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX webhook_messages_finished_at');
  await knex.raw('DROP INDEX webhook_deliveries_created_at');
}
