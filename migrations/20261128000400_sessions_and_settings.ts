import type { Knex } from 'knex';

/** Panel sessions (connect-pg-simple's layout) and small app-wide settings such as the session secret. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE sessions (
      sid varchar NOT NULL PRIMARY KEY,
      sess json NOT NULL,
      expire timestamptz NOT NULL
    )`);
  await knex.raw('CREATE INDEX sessions_expire ON sessions (expire)');
  await knex.raw(`
    CREATE TABLE app_settings (
      key varchar(100) PRIMARY KEY,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE sessions');
  await knex.raw('DROP TABLE app_settings');
}
