import type { Db } from '../lib/db.js';

export interface RecentImportRow {
  id: string;
  filename: string;
  status: string;
  total_rows: number;
  inserted_count: number;
  updated_count: number;
  rejected_count: number;
  uploaded_by: string | null;
  created_at: Date;
  finished_at: Date | null;
}

/** The few read-only queries behind the panel's dashboard. */
export function createDashboardRepo(db: Db) {
  return {
    /** Imports created since `since`, counted by status. */
    importCountsSince: async (since: Date) =>
      (await db('imports').where('created_at', '>=', since).select('status').count({ n: '*' }).groupBy('status')) as {
        status: string;
        n: number;
      }[],
    /** The latest imports created since `since`. */
    recentImports: (since: Date, limit: number) =>
      db<RecentImportRow>('imports')
        .where('created_at', '>=', since)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .select('id', 'filename', 'status', 'total_rows', 'inserted_count', 'updated_count', 'rejected_count', 'uploaded_by', 'created_at', 'finished_at'),
    /** Webhook messages (real events, not test sends) created since `since`, counted by outcome. */
    webhookMessageCountsSince: async (since: Date) =>
      (await db('webhook_messages')
        .where('created_at', '>=', since)
        .whereNot('event_type', 'webhook.test')
        .select('status')
        .count({ n: '*' })
        .groupBy('status')) as {
        status: string;
        n: number;
      }[],
  };
}
export type DashboardRepo = ReturnType<typeof createDashboardRepo>;
