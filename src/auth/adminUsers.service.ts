import { z } from 'zod';
import { validate } from '../lib/validate.js';
import { conflict } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { AdminUsersRepo } from './adminUsers.repo.js';
import { generatePassword, hashPassword, verifyPassword } from './password.js';

export interface CurrentAdmin {
  id: number;
  email: string;
  title?: string;
}

const newAdminSchema = z.object({
  email: z.email(),
  password: z.string().min(8, 'must be at least 8 characters'),
  name: z.string().max(200).optional(),
});

/** Admin accounts: login check, creation, and the first admin at first start. */
export function createAdminUsersService({ repo, logger }: { repo: AdminUsersRepo; logger: Logger }) {
  async function createAdmin(input: { email: string; password: string; name?: string }) {
    const data = validate(newAdminSchema, input);
    if (await repo.findByEmail(data.email)) throw conflict(`An admin with e-mail ${data.email} already exists`);
    const row = await repo.insert({ email: data.email, name: data.name ?? null, password_hash: await hashPassword(data.password) });
    return { id: row.id, email: row.email };
  }

  return {
    createAdmin,

    /** Returns the admin when e-mail and password match, else null (same time either way). */
    async authenticate(email: string, password: string): Promise<CurrentAdmin | null> {
      const user = await repo.findByEmail(email ?? '');
      // Hash even when the user is unknown so timing does not reveal which e-mails exist.
      const ok = await verifyPassword(password ?? '', user?.password_hash ?? 'scrypt$32768$8$1$AAAA$AAAA');
      if (!user || !ok) return null;
      await repo.touchLogin(user.id);
      return { id: user.id, email: user.email, title: user.name ?? undefined };
    },

    /**
     * On a database without admins, creates one from ADMIN_EMAIL/ADMIN_PASSWORD, or with a
     * generated password that is returned so the caller can print it once.
     */
    async ensureFirstAdmin(email: string | undefined, password: string | undefined) {
      if ((await repo.count()) > 0) return null;
      const finalEmail = email ?? 'admin@example.com';
      const finalPassword = password ?? generatePassword();
      try {
        await createAdmin({ email: finalEmail, password: finalPassword, name: 'Administrator' });
      } catch (err) {
        // Another process created it first (several web processes starting together).
        if ((await repo.count()) > 0) return null;
        throw err;
      }
      logger.info({ email: finalEmail }, 'created the first admin');
      return { email: finalEmail, password: finalPassword, generated: password === undefined };
    },

    adminEmails: () => repo.listEmails(),
  };
}
export type AdminUsersService = ReturnType<typeof createAdminUsersService>;
