import type { Config } from '../config/env.js';
import type { JobQueue } from '../jobs/queue.js';
import { createAdminUsersRepo } from './auth/adminUsers.repo.js';
import { createAdminUsersService } from './auth/adminUsers.service.js';
import { createApiTokensRepo } from './auth/apiTokens.repo.js';
import { createApiTokensService } from './auth/apiTokens.service.js';
import { createSessionsRepo } from './auth/sessions.repo.js';
import { createDashboardRepo } from './dashboard/dashboard.repo.js';
import { createDashboardService } from './dashboard/dashboard.service.js';
import { createRetentionRepo } from './maintenance/retention.repo.js';
import { createRetention } from './maintenance/retention.service.js';
import { createOutbox } from './events/events.outbox.js';
import { createEventsRepo } from './events/events.repo.js';
import { createRateLimiter } from './http/rateLimit.js';
import { createRateLimitsRepo } from './http/rateLimit.repo.js';
import { createBulkIndexes } from './imports/imports.bulkIndexes.js';
import { createImportChangesRepo } from './imports/imports.changes.repo.js';
import { createImportsRepo } from './imports/imports.repo.js';
import { createImportsService } from './imports/imports.service.js';
import { createJobsMonitorService } from './jobsMonitor/jobsMonitor.service.js';
import type { Db } from './lib/db.js';
import type { Logger } from './lib/logger.js';
import { createProductIndexesRepo } from './products/products.indexes.repo.js';
import { createProductsRepo } from './products/products.repo.js';
import { createProductsService } from './products/products.service.js';
import { createSmtpMailer } from './notifications/notifications.mailer.js';
import { createNotificationsRepo } from './notifications/notifications.repo.js';
import { createNotificationsService } from './notifications/notifications.service.js';
import { createWebhookDelivery } from './webhooks/webhooks.delivery.js';
import { createWebhooksRepo } from './webhooks/webhooks.repo.js';
import { createWebhooksService } from './webhooks/webhooks.service.js';
import { subscribeWebhooksAndMail } from './webhooks/webhooks.subscriptions.js';

export interface ServiceDeps {
  config: Config;
  db: Db;
  logger: Logger;
  jobs: JobQueue;
  /** Connection string of our PostgreSQL (embedded or DATABASE_URL). */
  databaseUrl: string;
}

/** Wires every repo and service once per process; routes, jobs and the panel share them. */
export function createServices(deps: ServiceDeps) {
  const { db, logger } = deps;
  const outbox = createOutbox({ db, repo: createEventsRepo(db), logger, killAfterCommit: deps.config.killAfterEventCommit });
  const adminUsers = createAdminUsersService({ repo: createAdminUsersRepo(db), logger });
  const apiTokens = createApiTokensService({ repo: createApiTokensRepo(db) });
  const productsRepo = createProductsRepo(db);
  const products = createProductsService({ repo: productsRepo, outbox });
  const importsRepo = createImportsRepo(db);
  const bulkIndexes = createBulkIndexes({ db, imports: importsRepo, indexes: createProductIndexesRepo(db), logger, lockTimeoutMs: 3_000 });
  const importChanges = createImportChangesRepo(db);
  const imports = createImportsService({
    db,
    databaseUrl: deps.databaseUrl,
    repo: importsRepo,
    products: productsRepo,
    bulk: bulkIndexes,
    changes: importChanges,
    jobs: deps.jobs,
    outbox,
    logger,
    config: deps.config,
  });
  const dashboard = createDashboardService({ repo: createDashboardRepo(db), products });
  const jobsMonitor = createJobsMonitorService({ agenda: deps.jobs.agenda });
  const notifications = createNotificationsService({
    config: deps.config,
    repo: createNotificationsRepo(db),
    jobs: deps.jobs,
    mailer: createSmtpMailer(deps.config),
    adminEmails: adminUsers.adminEmails,
    logger,
  });
  const webhooksRepo = createWebhooksRepo(db);
  const webhookDelivery = createWebhookDelivery({ config: deps.config, db, repo: webhooksRepo, jobs: deps.jobs, notifications, logger });
  const webhooks = createWebhooksService({ repo: webhooksRepo, delivery: webhookDelivery });
  subscribeWebhooksAndMail(outbox, { delivery: webhookDelivery, notifications });
  const retention = createRetention({ repo: createRetentionRepo(db), config: deps.config });
  const rateLimiter = createRateLimiter({ repo: createRateLimitsRepo(db), limit: deps.config.API_RATE_LIMIT_PER_MINUTE });
  return {
    ...deps,
    outbox,
    adminUsers,
    apiTokens,
    products,
    imports,
    bulkIndexes,
    notifications,
    webhooks,
    webhookDelivery,
    dashboard,
    jobsMonitor,
    sessions: createSessionsRepo(db),
    rateLimiter,
    retention,
  };
}
export type AppServices = ReturnType<typeof createServices>;
