import type { Knex } from 'knex';

/** API tokens: only a SHA-256 of the token is stored; the prefix helps people recognise one. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE api_tokens (
      id bigserial PRIMARY KEY,
      name varchar(200) NOT NULL CHECK (btrim(name) <> ''),
      token_prefix varchar(20) NOT NULL,
      token_hash char(64) NOT NULL UNIQUE,
      created_by bigint REFERENCES admin_users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE api_tokens');
}
