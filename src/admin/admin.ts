import '../../config/adminjs.js';
import AdminJSExpress from '@adminjs/express';
import { Adapter, Database, Resource } from '@adminjs/sql';
import AdminJS from 'adminjs';
import { Router } from 'express';
import type session from 'express-session';
import type { Config } from '../../config/env.js';
import type { LoginThrottle } from '../auth/loginThrottle.service.js';
import { adminPagesUnderCsp } from '../http/securityHeaders.js';
import type { AppServices } from '../services.js';
import { branding } from './branding.js';
import { componentLoader } from './componentLoader.js';
import { adminLoginRoutes } from './login.routes.js';
import { adminDashboard, adminPages, pageTranslations } from './pages.js';
import { importsResource } from './resources/imports.resource.js';
import { productsResource } from './resources/products.resource.js';
import { adminUsersResource, apiTokensResource } from './resources/settings.resources.js';
import { outboxResource } from './resources/outbox.resource.js';
import { webhookResources } from './resources/webhooks.resource.js';

AdminJS.registerAdapter({ Database, Resource });

export const ADMIN_ROOT = '/admin';

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
      ...webhookResources((name) => metadata.table(name), services.webhooks),
      outboxResource(metadata.table('mail_outbox')),
      adminUsersResource(metadata.table('admin_users'), services.adminUsers),
      apiTokensResource(metadata.table('api_tokens'), services.apiTokens),
    ],
    branding,
    pages: adminPages,
    dashboard: adminDashboard,
    locale: {
      language: 'en',
      translations: {
        en: {
          labels: { webhooks: 'Webhooks', webhook_deliveries: 'Webhook deliveries', mail_outbox: 'Mail outbox', products: 'Products', admin_users: 'Admin users', api_tokens: 'API tokens', ...pageTranslations.labels },
          actions: { createWebhook: 'New webhook', sendTest: 'Test', rotateSecret: 'Rotate secret', enable: 'Enable', disable: 'Disable', deliveries: 'Deliveries', redeliver: 'Redeliver', createToken: 'New API token', revoke: 'Revoke', ...pageTranslations.actions },
          pages: pageTranslations.pages,
          resources: pageTranslations.resources,
        },
      },
    },
  });
  // @adminjs/sql keeps one knex pool for all tables; it must be closed on shutdown.
  const close = () => metadata.table('products').knex.destroy();
  return { admin, close };
}

/**
 * The login-protected /admin router; sessions are shared with the API through `sessionOptions`.
 * Our login route (throttled) answers POST /admin/login; AdminJS's pages get the CSP nonce.
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
  return Router()
    .use(adminPagesUnderCsp)
    .use(adminLoginRoutes({ admin, adminUsers: services.adminUsers, throttle }))
    .use(router);
}
