import type { Knex } from 'knex';

/**
 * API requests counted per caller and fixed window (src/http/rateLimit.*), in the database so
 * that the limit holds across every web process. UNLOGGED: counters need no WAL (a crash of
 * PostgreSQL empties the table, which at worst forgives one window). Windows that ended are
 * deleted by the `maintenance.pruneRateLimits` job.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE UNLOGGED TABLE api_rate_limits (
      key text NOT NULL,
      window_start timestamptz NOT NULL,
      hits integer NOT NULL,
      PRIMARY KEY (key, window_start)
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE api_rate_limits');
}
