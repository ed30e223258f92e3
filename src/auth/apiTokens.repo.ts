import type { Db } from '../lib/db.js';

export interface ApiTokenRow {
  id: number;
  name: string;
  token_prefix: string;
  token_hash: string;
  created_by: number | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** SQL for the api_tokens table. */
export function createApiTokensRepo(db: Db) {
  return {
    insert: async (row: Pick<ApiTokenRow, 'name' | 'token_prefix' | 'token_hash' | 'created_by'>) =>
      (await db<ApiTokenRow>('api_tokens').insert(row).returning('*'))[0]!,
    findActiveByHash: (hash: string) => db<ApiTokenRow>('api_tokens').where({ token_hash: hash }).whereNull('revoked_at').first(),
    /** Records use at most once a minute per token to keep the hot path write-free. */
    touch: (id: number) =>
      db('api_tokens')
        .where({ id })
        .andWhere((q) => q.whereNull('last_used_at').orWhere('last_used_at', '<', db.raw("now() - interval '1 minute'")))
        .update({ last_used_at: db.fn.now() }),
    revoke: (id: number) => db('api_tokens').where({ id }).whereNull('revoked_at').update({ revoked_at: db.fn.now() }),
    findById: (id: number) => db<ApiTokenRow>('api_tokens').where({ id }).first(),
  };
}
export type ApiTokensRepo = ReturnType<typeof createApiTokensRepo>;
