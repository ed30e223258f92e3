import type { Config } from '../config/env.js';
import type { JobQueue } from '../jobs/queue.js';
import { createAdminUsersRepo } from './auth/adminUsers.repo.js';
import { createAdminUsersService } from './auth/adminUsers.service.js';
import { createApiTokensRepo } from './auth/apiTokens.repo.js';
import { createApiTokensService } from './auth/apiTokens.service.js';
import { createSessionsRepo } from './auth/sessions.js';
import { createDashboardRepo } from './dashboard/dashboard.repo.js';
import { createDashboardService } from './dashboard/dashboard.service.js';
import { createJobsMonitorService } from './jobsMonitor/jobsMonitor.service.js';
import type { Db } from './lib/db.js';
import type { AppEvents } from './lib/events.js';
import type { Logger } from './lib/logger.js';
import { createProductsRepo } from './products/products.repo.js';
import { createProductsService } from './products/products.service.js';

export interface ServiceDeps {
  config: Config;
  db: Db;
  logger: Logger;
  jobs: JobQueue;
  events: AppEvents;
  /** Connection string of our PostgreSQL (embedded or DATABASE_URL). */
  databaseUrl: string;
}

/** Wires every repo and service once per process; routes, jobs and the panel share them. */
export function createServices(deps: ServiceDeps) {
  const { db, logger, events } = deps;
  const adminUsers = createAdminUsersService({ repo: createAdminUsersRepo(db), logger });
  const apiTokens = createApiTokensService({ repo: createApiTokensRepo(db) });
  const products = createProductsService({ db, repo: createProductsRepo(db), events });
  const dashboard = createDashboardService({ repo: createDashboardRepo(db) });
  const jobsMonitor = createJobsMonitorService({ agenda: deps.jobs.agenda });
  return { ...deps, adminUsers, apiTokens, products, dashboard, jobsMonitor, sessions: createSessionsRepo(db) };
}
export type AppServices = ReturnType<typeof createServices>;
