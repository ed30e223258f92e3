import type { Db } from '../lib/db.js';
import type { AttemptState } from './loginThrottle.policy.js';

interface Row {
  key: string;
  failures: number;
  last_failure_at: Date;
  locked_until: Date | null;
}

const toState = (row: Row): AttemptState => ({ failures: row.failures, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until });

/** SQL for the login_attempts table: failed panel logins per key, shared by every web process. */
export function createLoginAttemptsRepo(db: Db) {
  return {
    async find(keys: string[]): Promise<Map<string, AttemptState>> {
      const rows: Row[] = await db('login_attempts').whereIn('key', keys);
      return new Map(rows.map((r) => [r.key, toState(r)]));
    },

    /** Applies `next` to a key's state under a row lock, so concurrent failures all count. */
    async update(key: string, next: (state: AttemptState | undefined) => AttemptState): Promise<AttemptState> {
      return db.transaction(async (trx) => {
        const row: Row | undefined = await trx('login_attempts').where({ key }).forUpdate().first();
        const state = next(row ? toState(row) : undefined);
        const values = { failures: state.failures, last_failure_at: state.lastFailureAt, locked_until: state.lockedUntil };
        await trx('login_attempts')
          .insert({ key, ...values })
          .onConflict('key')
          .merge(values);
        return state;
      });
    },

    remove: (key: string) => db('login_attempts').where({ key }).delete(),

    /** Drops keys with no failure since `before` (their count would start from zero anyway). */
    pruneQuiet: (before: Date) => db('login_attempts').where('last_failure_at', '<', before).delete(),
  };
}
