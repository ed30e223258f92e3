import type { Knex } from 'knex';
import { migrationSource } from '../migrations/index.js';

/** The knex configuration every process uses (`npm run migrate` included). */
export function knexConfig(url: string, poolMax = 10): Knex.Config {
  return {
    client: 'pg',
    connection: url,
    pool: { min: 0, max: poolMax },
    migrations: { migrationSource, tableName: 'knex_migrations' },
  };
}
