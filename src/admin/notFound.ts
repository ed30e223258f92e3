import { Router, type Request, type Response } from 'express';
import type AdminJS from 'adminjs';
import { sendProblem } from '../http/problem.js';
import { AppError } from '../lib/errors.js';
import { branding } from './branding.js';
import { resourceName } from './translations.js';

type ActionType = 'resource' | 'record' | 'bulk';

/**
 * Why an AdminJS address names nothing (an unknown resource, page or action, or an action used
 * where it does not apply), or null when it names something that exists.
 */
export function unknownAdminAddress(admin: AdminJS, target: { resourceId?: string; action?: string; type?: ActionType; page?: string }): string | null {
  if (target.page !== undefined) {
    return target.page in (admin.options.pages ?? {}) ? null : `There is no page "${target.page}"`;
  }
  const resource = admin.resources.find((r) => r.decorate().id() === target.resourceId);
  if (!resource) return `There is no list "${target.resourceId}"`;
  if (target.action === undefined) return null;
  const action = resource.decorate().actions[target.action];
  const applies = action && { resource: action.isResourceType(), record: action.isRecordType(), bulk: action.isBulkType() }[target.type ?? 'resource'];
  if (!applies) return `There is no page "${target.action}" for ${resourceName(resource.decorate().id())}`;
  return null;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Our "page not found" page: the panel's name and logo, what was asked for, and the way back. */
export function notFoundPage(opts: { path: string; reason: string; rootPath: string; back?: { href: string; label: string } }): string {
  const name = escapeHtml(branding.companyName ?? 'ACME Product Importer');
  const links = [opts.back, { href: opts.rootPath, label: 'Go to the dashboard' }].filter(Boolean) as { href: string; label: string }[];
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page not found · ${name}</title>
<style>
  body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center; background: #F8F9F9; color: #0C1E29; font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; }
  main { background: #fff; padding: 40px 48px; border-radius: 8px; box-shadow: 0 15px 24px 0 rgba(137, 138, 154, 0.15); max-width: 560px; }
  h1 { font-size: 28px; font-weight: 400; margin: 24px 0 8px; }
  code { background: #F2F2F2; padding: 2px 6px; border-radius: 4px; word-break: break-all; }
  a { color: #3040d6; }
  ul { padding: 0; list-style: none; margin: 24px 0 0; } li { margin-top: 8px; }
</style></head>
<body><main data-testid="not-found">
  <img src="${branding.logo}" alt="${name}" width="220" height="48">
  <h1>Page not found</h1>
  <p>${escapeHtml(opts.reason)}: nothing is at <code>${escapeHtml(opts.path)}</code>. The address may be mistyped, or the page may have moved.</p>
  <ul>${links.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a></li>`).join('')}</ul>
</main></body></html>`;
}

/**
 * 404 for AdminJS addresses that name nothing, instead of AdminJS's 500 ("Cannot read properties
 * of undefined (reading 'handler')") or an empty screen: our page for the browser, problem+json
 * for the panel's API calls. Only for signed-in users (the others go to the login page first).
 * Mount before the AdminJS router; `fallback` answers every other unknown /admin address.
 */
export function adminNotFound(admin: AdminJS) {
  const rootPath = admin.options.rootPath!;
  const answer404 = (req: Request, res: Response, reason: string, resourceId?: string) => {
    if (req.path.startsWith('/api/')) return sendProblem(res, new AppError(404, 'not_found', reason));
    const resource = resourceId && admin.resources.find((r) => r.decorate().id() === resourceId);
    const back = resource ? { href: `${rootPath}/resources/${resourceId}`, label: `Back to ${resourceName(resource.decorate().id())}` } : undefined;
    res
      .status(404)
      .type('html')
      .send(notFoundPage({ path: req.originalUrl.split('?')[0]!, reason, rootPath, back }));
  };
  const signedIn = (req: Request) => Boolean((req.session as { adminUser?: unknown } | undefined)?.adminUser);
  const check = (type?: ActionType) => (req: Request, res: Response, next: () => void) => {
    if (!signedIn(req)) return next();
    const { resourceId, action, page } = req.params as Record<string, string | undefined>;
    const reason = unknownAdminAddress(admin, page !== undefined ? { page } : { resourceId, action, type });
    if (!reason) return next();
    answer404(req, res, reason, resourceId);
  };

  const guard = Router();
  for (const prefix of ['', '/api']) {
    guard.all(`${prefix}/resources/:resourceId`, check());
    guard.all(`${prefix}/resources/:resourceId/actions/:action`, check('resource'));
    guard.all(`${prefix}/resources/:resourceId/actions/:action/:query`, check('resource'));
    guard.all(`${prefix}/resources/:resourceId/records/:recordId/:action`, check('record'));
    guard.all(`${prefix}/resources/:resourceId/bulk/:action`, check('bulk'));
    guard.all(`${prefix}/resources/:resourceId/search/:query`, check());
  }
  guard.all('/pages/:page', check());
  guard.all('/api/pages/:page', check());

  const fallback = Router();
  fallback.use((req, res, next) => {
    if (!signedIn(req) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    answer404(req, res, 'There is no such page');
  });
  return { guard, fallback };
}
