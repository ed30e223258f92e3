import type { Knex } from 'knex';

/**
 * Failed panel logins per account and per client address (src/auth/loginThrottle.*), in the
 * database so that every web process applies the same throttle.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE login_attempts (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      last_failure_at timestamptz NOT NULL,
      locked_until timestamptz
    )`);
  await knex.raw('CREATE INDEX login_attempts_last_failure_at ON login_attempts (last_failure_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE login_attempts');
}
