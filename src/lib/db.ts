import knex, { type Knex } from 'knex';
import pg from 'pg';
import { knexConfig } from '../../config/knexfile.js';

export type Db = Knex;

// int8 (count(*), bigint ids) as JS numbers: our counts and ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

/** A knex instance on PostgreSQL; one per process. */
export function createDb(url: string, poolMax = 10): Db {
  return knex(knexConfig(url, poolMax));
}

/** Brings the schema up to date; safe from several processes at once (knex takes a lock). */
export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest()) as [number, string[]];
  return applied;
}
