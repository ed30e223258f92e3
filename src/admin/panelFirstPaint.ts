import { existsSync } from 'node:fs';
import type { Request } from 'express';
import { ApiController, Router as AdminJSRouter, type CurrentAdmin } from 'adminjs';
import type AdminJS from 'adminjs';
import { TIME_ZONE_COOKIE } from '../../admin-components/format.js';
import { isListToRender } from '../../admin-components/prefetched.js';
import type { Logger } from '../lib/logger.js';
import { pageStateOf, withServerRendered } from './panelPage.js';
import { answeredPrefetchScript } from './panelPrefetch.js';
import type { PanelRenderer } from './panelRender.js';

/** What a list page's first paint on the server needs: the renderer, and the list's answer for this request. */
export interface PanelFirstPaint {
  /** The renderer, loaded when the first list page asks for it (a web process serving only the API never does). */
  renderer(): Promise<PanelRenderer>;
  /** The answer of `resourceId`'s list action to this request's admin, for `query` (as `GET …/actions/list?query`). */
  listAnswer(req: Request, resourceId: string, query: URLSearchParams): Promise<unknown>;
  logger: Logger;
}

/** The time zone the request's browser reported (TIME_ZONE_COOKIE), when it is one this runtime knows. */
export function reportedTimeZone(cookieHeader: string | undefined): string | null {
  const value = new RegExp(`(?:^|;\\s*)${TIME_ZONE_COOKIE}=([^;]*)`).exec(cookieHeader ?? '')?.[1];
  if (!value) return null;
  try {
    const zone = decodeURIComponent(value);
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}

/**
 * The first paint for the production panel: AdminJS's list action run in the process (the same
 * controller its API route calls) and the components bundle the build made, loaded on first use (it
 * costs the web process about 20 MB). Null when there is no built bundle: pages are then rendered by
 * the browser alone.
 */
export function loadPanelFirstPaint(admin: AdminJS, logger: Logger): PanelFirstPaint | null {
  const bundle = AdminJSRouter.assets.find((a) => a.path === '/frontend/assets/components.bundle.js')?.src;
  if (!bundle || !existsSync(bundle)) return null;
  let loading: Promise<PanelRenderer> | null = null;
  return {
    // Imported here, not at start: React's server renderer and the bundle load with the first list page.
    renderer: () => (loading ??= import('./panelRender.js').then((m) => m.loadPanelRenderer(bundle))),
    logger,
    listAnswer: (req, resourceId, query) => {
      const currentAdmin = (req as Request & { session?: { adminUser?: CurrentAdmin } }).session?.adminUser;
      const request = { params: { resourceId, action: 'list' }, query: Object.fromEntries(query), payload: {}, method: 'get' };
      return new ApiController({ admin }, currentAdmin).resourceAction(request as never, {} as never);
    },
  };
}

/**
 * A resource list's page with its first paint: the list's answer fetched here, the screen rendered
 * with it (withServerRendered), and the same answer handed to the browser's first render. `body` is
 * the page as AdminJS wrote it (its state), `page` as it is about to be sent. Null, and the page goes as before, when the browser has not reported its
 * time zone yet (its first page: the login page reports it), when anything of it fails (logged), or
 * when the answer is not rows to show.
 */
export async function serverRendered(
  firstPaint: PanelFirstPaint,
  p: { req: Request; body: string; page: string; url: URL; first: string; resourceId: string; nonce: string | undefined },
): Promise<string | null> {
  // Dates are written in the browser's zone: without it, the browser alone renders the page.
  const timeZone = reportedTimeZone(p.req.headers.cookie);
  if (!timeZone) return null;
  try {
    const state = pageStateOf(p.body);
    if (!state) return null;
    // As the browser will receive it: plain JSON.
    const answer = JSON.parse(JSON.stringify(await firstPaint.listAnswer(p.req, p.resourceId, p.url.searchParams))) as unknown;
    if (!isListToRender(answer)) return null;
    const render = await firstPaint.renderer();
    const rendered = render({ ...state, url: p.url.pathname + p.url.search, prefetch: { url: p.first, data: answer }, timeZone });
    return withServerRendered(p.page, rendered)?.replace('<head>', `<head>${answeredPrefetchScript(p.first, answer, p.nonce)}`) ?? null;
  } catch (err) {
    firstPaint.logger.warn({ err, url: p.url.pathname }, 'The list page could not be rendered on the server; the browser renders it');
    return null;
  }
}
