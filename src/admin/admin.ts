import '../../config/adminjs.js';
import AdminJSExpress from '@adminjs/express';
import { Adapter, Database, Resource } from '@adminjs/sql';
import AdminJS, { type ResourceWithOptions } from 'adminjs';
import { Router } from 'express';
import type session from 'express-session';
import type { Config } from '../../config/env.js';
import type { LoginThrottle } from '../auth/loginThrottle.service.js';
import { adminPagesUnderCsp } from '../http/securityHeaders.js';
import type { AppServices } from '../services.js';
import { branding } from './branding.js';
import { componentLoader } from './componentLoader.js';
import { adminLoginRoutes } from './login.routes.js';
import { adminNotFound } from './notFound.js';
import { adminDashboard, adminPages } from './pages.js';
import { importsResource } from './resources/imports.resource.js';
import { productsResource } from './resources/products.resource.js';
import { adminUsersResource, apiTokensResource } from './resources/settings.resources.js';
import { outboxResource } from './resources/outbox.resource.js';
import { webhookResources } from './resources/webhooks.resource.js';
import { withRetentionNote } from './resources/retentionNotes.js';
import { panelTranslations } from './translations.js';
import { panelEnv } from './vocabulary.js';

AdminJS.registerAdapter({ Database, Resource });

export const ADMIN_ROOT = '/admin';

/**
 * Resource-wide buttons ("Delete all products", "New webhook", "New API token") belong on the
 * list: AdminJS also shows them on every record page and on their own page.
 */
export function resourceButtonsOnTheListOnly(resource: ResourceWithOptions): ResourceWithOptions {
  const actions: Record<string, object> = { ...resource.options.actions };
  for (const name of new Set(['new', 'show', 'edit', 'delete', 'bulkDelete', ...Object.keys(actions)])) {
    if (name !== 'list') actions[name] = { ...actions[name], showResourceActions: false };
  }
  return { ...resource, options: { ...resource.options, actions: actions as ResourceWithOptions['options']['actions'] } };
}

/** The AdminJS instance with our resources and branding (no Express yet). */
export async function createAdmin(opts: { databaseUrl: string; services: AppServices }) {
  const url = new URL(opts.databaseUrl);
  const metadata = await new Adapter('postgresql', {
    connectionString: opts.databaseUrl,
    database: decodeURIComponent(url.pathname.slice(1)),
  }).init();
  const { services } = opts;
  const admin = new AdminJS({
    rootPath: ADMIN_ROOT,
    componentLoader,
    resources: [
      productsResource(metadata.table('products'), services.products),
      importsResource(metadata.table('imports'), services.imports),
      ...webhookResources((name) => metadata.table(name), services.webhooks, { allowPrivateNetworks: services.config.WEBHOOK_ALLOW_PRIVATE_NETWORKS }),
      outboxResource(metadata.table('mail_outbox')),
      adminUsersResource(metadata.table('admin_users'), services.adminUsers),
      apiTokensResource(metadata.table('api_tokens'), services.apiTokens),
    ]
      .map(withRetentionNote(services.retention.notes(), services.retention.windows))
      .map(resourceButtonsOnTheListOnly),
    branding,
    pages: adminPages,
    dashboard: adminDashboard,
    locale: { language: 'en', translations: { en: panelTranslations() } },
    // Our vocabulary (statuses, events, job states) for the components, defined once on the server.
    env: panelEnv(),
  });
  // @adminjs/sql keeps one knex pool for all tables; it must be closed on shutdown.
  const close = () => metadata.table('products').knex.destroy();
  return { admin, close };
}

/**
 * The login-protected /admin router; sessions are shared with the API through `sessionOptions`.
 * Our login route (throttled) answers POST /admin/login; AdminJS's pages get the CSP nonce;
 * addresses that name no resource, action or page answer 404 (notFound.ts).
 */
export function createAdminRouter(
  admin: AdminJS,
  services: AppServices,
  sessionOptions: session.SessionOptions,
  config: Pick<Config, 'NODE_ENV'>,
  throttle: LoginThrottle,
): Router {
  const router = AdminJSExpress.buildAuthenticatedRouter(
    admin,
    {
      authenticate: (email: string, password: string) => services.adminUsers.authenticate(email, password),
      cookieName: sessionOptions.name!,
      cookiePassword: sessionOptions.secret as string,
    },
    null,
    sessionOptions,
  );
  // Development rebuilds components on change; production serves the prebuilt bundle; tests need neither.
  if (config.NODE_ENV === 'development') void admin.watch();
  const notFound = adminNotFound(admin);
  return Router()
    .use(adminPagesUnderCsp)
    .use(adminLoginRoutes({ admin, adminUsers: services.adminUsers, throttle }))
    .use(notFound.guard)
    .use(router)
    .use(notFound.fallback);
}
