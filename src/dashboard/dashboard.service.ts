import { IMPORT_STATUSES } from '../imports/imports.states.js';
import type { ProductsService } from '../products/products.service.js';
import type { DashboardRepo } from './dashboard.repo.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DashboardSummary {
  products: { total: number; active: number; inactive: number };
  imports: {
    days: number;
    total: number;
    byStatus: Record<(typeof IMPORT_STATUSES)[number], number>;
    recent: {
      id: string;
      filename: string;
      status: string;
      totalRows: number;
      insertedCount: number;
      updatedCount: number;
      rejectedCount: number;
      uploadedBy: string | null;
      createdAt: string;
      finishedAt: string | null;
    }[];
  };
  /** Webhook messages of the window by outcome; successRate is delivered / (delivered + failed), null before any finished. */
  webhooks: { days: number; delivered: number; failed: number; pending: number; successRate: number | null };
}

/** What the dashboard shows: catalogue size, the last week's imports and their outcome. */
export function createDashboardService({
  repo,
  products,
  now = () => new Date(),
}: {
  repo: DashboardRepo;
  /** Product totals come from the counters the products domain keeps (no count(*) over 500k rows). */
  products: Pick<ProductsService, 'countProducts'>;
  now?: () => Date;
}) {
  return {
    async getSummary(days = 7): Promise<DashboardSummary> {
      const since = new Date(now().getTime() - days * DAY_MS);
      const [total, active, counts, recent, messages] = await Promise.all([
        products.countProducts({}),
        products.countProducts({ active: true }),
        repo.importCountsSince(since),
        repo.recentImports(since, 8),
        repo.webhookMessageCountsSince(since),
      ]);
      const messageCount = (status: string) => Number(messages.find((m) => m.status === status)?.n ?? 0);
      const delivered = messageCount('delivered');
      const failed = messageCount('failed');
      const byStatus = Object.fromEntries(IMPORT_STATUSES.map((s) => [s, 0])) as DashboardSummary['imports']['byStatus'];
      for (const c of counts) if (c.status in byStatus) byStatus[c.status as keyof typeof byStatus] = Number(c.n);
      return {
        products: { total, active, inactive: total - active },
        imports: {
          days,
          total: Object.values(byStatus).reduce((a, b) => a + b, 0),
          byStatus,
          recent: recent.map((r) => ({
            id: r.id,
            filename: r.filename,
            status: r.status,
            totalRows: r.total_rows,
            insertedCount: r.inserted_count,
            updatedCount: r.updated_count,
            rejectedCount: r.rejected_count,
            uploadedBy: r.uploaded_by,
            createdAt: new Date(r.created_at).toISOString(),
            finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
          })),
        },
        webhooks: {
          days,
          delivered,
          failed,
          pending: messageCount('pending'),
          successRate: delivered + failed > 0 ? delivered / (delivered + failed) : null,
        },
      };
    },
  };
}
export type DashboardService = ReturnType<typeof createDashboardService>;
