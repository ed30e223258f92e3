import express, { type Express } from 'express';
import { createAdmin, createAdminRouter, ADMIN_ROOT } from './admin/admin.js';
import { loadPanelScripts, panelDelivery } from './admin/panelAssets.js';
import { loadPanelFirstPaint } from './admin/panelFirstPaint.js';
import { createLoginThrottle } from './auth/loginThrottle.service.js';
import { createSessionOptions, resolveSessionSecret, sessionHandlers } from './auth/sessions.js';
import { healthRoutes } from './health/health.routes.js';
import { apiRoutes } from './http/api.routes.js';
import { apiDocsPage } from './http/apiDocs.js';
import { requireApiAuth } from './http/auth.js';
import { problemHandler } from './http/problem.js';
import { requestContext } from './http/requestContext.js';
import { securityHeaders } from './http/securityHeaders.js';
import { createUploadsRoutes } from './imports/imports.uploads.routes.js';
import type { Runtime } from './runtime.js';

export interface WebApp {
  app: Express;
  /** Releases what the web layer holds (session pool, AdminJS's own pool). */
  close(): Promise<void>;
}

/** Builds the Express app: health, /admin (AdminJS), /api/v1. Never listens. */
export async function createApp(rt: Runtime): Promise<WebApp> {
  const { config, services, logger, db } = rt;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(requestContext(logger));
  app.use(securityHeaders({ https: config.publicUrl.startsWith('https://') }));
  app.use(healthRoutes(rt));

  const secret = await resolveSessionSecret(rt.services.sessions, config.SESSION_SECRET);
  const sessions = createSessionOptions({
    databaseUrl: rt.databaseUrl,
    secret,
    secure: config.COOKIE_SECURE ?? config.publicUrl.startsWith('https://'),
    logger,
  });
  const { admin, close: closeAdmin } = await createAdmin({ databaseUrl: rt.databaseUrl, services });
  const sessionMiddleware = sessionHandlers(sessions.options);

  // AdminJS parses its own bodies (formidable): nothing may parse them before it.
  const throttle = createLoginThrottle({ db });
  // The panel's scripts (prebuilt in production) are answered before any session lookup, versioned and compressed.
  const production = config.NODE_ENV === 'production';
  const panel = panelDelivery(production ? loadPanelScripts() : [], production ? loadPanelFirstPaint(admin, logger) : null);
  app.use(ADMIN_ROOT, panel, sessionMiddleware, createAdminRouter(admin, services, sessions.options, config, throttle));
  const uploads = await createUploadsRoutes({ services, databaseUrl: rt.databaseUrl, logger });
  app.use('/api/v1', sessionMiddleware, apiRoutes(services, { uploads: uploads.router }));
  app.use('/api/docs', sessionMiddleware, requireApiAuth(services.apiTokens), apiDocsPage());
  app.get('/', (_req, res) => res.redirect(ADMIN_ROOT));
  app.use(problemHandler);

  return {
    app,
    close: async () => {
      await uploads.close();
      await closeAdmin();
      await sessions.close();
    },
  };
}
