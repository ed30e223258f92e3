import type { Db } from '../lib/db.js';
import { ACCOUNT_RULES, ADDRESS_RULES, afterFailure, retryAfterSeconds, type ThrottleRules } from './loginThrottle.policy.js';
import { createLoginAttemptsRepo } from './loginThrottle.repo.js';

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;

/**
 * Throttles failed panel logins per account (e-mail) and per client address, by the rule in
 * loginThrottle.policy.ts, with its state in PostgreSQL so every web process shares it.
 */
export function createLoginThrottle(deps: { db: Db; now?: () => Date; rules?: { account: ThrottleRules; address: ThrottleRules } }) {
  const repo = createLoginAttemptsRepo(deps.db);
  const now = deps.now ?? (() => new Date());
  const rules = deps.rules ?? { account: ACCOUNT_RULES, address: ADDRESS_RULES };
  return {
    /** Seconds before this e-mail from this address may try again (0: it may try now). */
    async retryAfter(email: string, address: string): Promise<number> {
      const states = await repo.find([accountKey(email), addressKey(address)]);
      const t = now();
      return Math.max(retryAfterSeconds(states.get(accountKey(email)), t), retryAfterSeconds(states.get(addressKey(address)), t));
    },

    /** Counts a wrong password; answers the account's failures in a row. */
    async recordFailure(email: string, address: string): Promise<{ accountFailures: number; addressFailures: number }> {
      const t = now();
      const account = await repo.update(accountKey(email), (s) => afterFailure(s, t, rules.account));
      const addr = await repo.update(addressKey(address), (s) => afterFailure(s, t, rules.address));
      await repo.pruneQuiet(new Date(t.getTime() - Math.max(rules.account.forgetAfterMs, rules.address.forgetAfterMs)));
      return { accountFailures: account.failures, addressFailures: addr.failures };
    },

    /** A successful login clears the account's failures (not the address's: it may be guessing others). */
    async recordSuccess(email: string): Promise<void> {
      await repo.remove(accountKey(email));
    },
  };
}
