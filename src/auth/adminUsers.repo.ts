import type { Db } from '../lib/db.js';

export interface AdminUserRow {
  id: number;
  email: string;
  name: string | null;
  password_hash: string;
  created_at: Date;
  last_login_at: Date | null;
}

/** SQL for the admin_users table. */
export function createAdminUsersRepo(db: Db) {
  return {
    findByEmail: (email: string) => db<AdminUserRow>('admin_users').whereRaw('lower(email) = lower(?)', [email]).first(),
    findById: (id: number) => db<AdminUserRow>('admin_users').where({ id }).first(),
    count: async () => Number((await db('admin_users').count({ n: '*' }).first())?.n ?? 0),
    listEmails: async () => (await db<AdminUserRow>('admin_users').select('email').orderBy('id')).map((r) => r.email),
    insert: async (row: { email: string; name?: string | null; password_hash: string }) =>
      (await db<AdminUserRow>('admin_users').insert(row).returning('*'))[0]!,
    updatePassword: (id: number, password_hash: string) => db('admin_users').where({ id }).update({ password_hash }),
    touchLogin: (id: number) => db('admin_users').where({ id }).update({ last_login_at: db.fn.now() }),
  };
}
export type AdminUsersRepo = ReturnType<typeof createAdminUsersRepo>;
