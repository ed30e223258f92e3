import type { Knex } from 'knex';

/**
 * The mail outbox leases a message while a send attempt runs (`leased_until`), as webhook messages
 * do (one lease rule: src/lib/attemptLease.repo.ts), instead of moving `next_attempt_at` forward; a
 * queued message is due at `next_attempt_at`, set when it is stored.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE mail_outbox ADD COLUMN leased_until timestamptz');
  await knex.raw(`UPDATE mail_outbox SET next_attempt_at = created_at WHERE status = 'queued' AND next_attempt_at IS NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE mail_outbox DROP COLUMN leased_until');
}
