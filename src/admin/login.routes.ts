import express, { Router, type Request } from 'express';
import type AdminJS from 'adminjs';
import type { AdminUsersService, CurrentAdmin } from '../auth/adminUsers.service.js';
import { throttledMessage } from '../auth/loginThrottle.policy.js';
import type { LoginThrottle } from '../auth/loginThrottle.service.js';

type PanelSession = Request['session'] & { adminUser?: CurrentAdmin; redirectTo?: string };

const regenerate = (req: Request) => new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
const save = (req: Request) => new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));

/**
 * POST /login (under /admin), in place of AdminJS's own: the same form and session, plus the
 * login throttle (429 with Retry-After and a message in the form), a log line for every failed
 * or refused login, and a new session id at login. Mount it before the AdminJS router.
 */
export function adminLoginRoutes(deps: { admin: AdminJS; adminUsers: Pick<AdminUsersService, 'authenticate'>; throttle: LoginThrottle }): Router {
  const { admin, adminUsers, throttle } = deps;
  const loginPage = (errorMessage: string) => admin.renderLogin({ action: admin.options.loginPath!, errorMessage });
  const router = Router();
  router.post('/login', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';

    const wait = await throttle.retryAfter(email, address);
    if (wait > 0) {
      req.log.warn({ email, address, retryAfter: wait }, 'login refused: too many failed attempts');
      res
        .status(429)
        .set('Retry-After', String(wait))
        .send(await loginPage(throttledMessage(wait)));
      return;
    }
    const user = await adminUsers.authenticate(email, password);
    if (!user) {
      const failures = await throttle.recordFailure(email, address);
      req.log.warn({ email, address, ...failures }, 'failed login');
      res.send(await loginPage('invalidCredentials'));
      return;
    }
    await throttle.recordSuccess(email);
    const redirectTo = (req.session as PanelSession).redirectTo;
    await regenerate(req); // a new session id, so one planted before login is worth nothing
    (req.session as PanelSession).adminUser = user;
    await save(req);
    req.log.info({ email: user.email }, 'admin logged in');
    res.redirect(302, redirectTo ?? admin.options.rootPath!);
  });
  return router;
}
