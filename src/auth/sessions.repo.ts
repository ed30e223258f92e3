import type { Db } from '../lib/db.js';

const SECRET_KEY = 'session_secret';

/** SQL for sessions: the signing secret kept in app_settings, and housekeeping of the sessions table. */
export function createSessionsRepo(db: Db) {
  return {
    /** The stored session secret; the first caller's `candidate` is stored when there is none yet (any process may race). */
    secretOrStore: async (candidate: string): Promise<string> => {
      await db('app_settings')
        .insert({ key: SECRET_KEY, value: JSON.stringify(candidate) })
        .onConflict('key')
        .ignore();
      const row = await db('app_settings').where({ key: SECRET_KEY }).first();
      return row.value as string;
    },
    pruneExpired: async () => Number(await db('sessions').where('expire', '<', db.fn.now()).delete()),
  };
}
export type SessionsRepo = ReturnType<typeof createSessionsRepo>;
