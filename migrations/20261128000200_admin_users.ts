import type { Knex } from 'knex';

/** Panel users. Passwords are scrypt hashes; e-mail is unique case-insensitively. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE admin_users (
      id bigserial PRIMARY KEY,
      email varchar(320) NOT NULL,
      name varchar(200),
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_login_at timestamptz
    )`);
  await knex.raw('CREATE UNIQUE INDEX admin_users_email_lower_key ON admin_users (lower(email))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE admin_users');
}
