import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { ADMIN_BUNDLE_DIR } from '../../config/adminjs.js';
import { projectRoot } from '../../config/env.js';
import { Router as AdminJSRouter } from 'adminjs';
import { Router, type RequestHandler } from 'express';
import { preloadHeader, stateAsJson } from './panelPage.js';
import { serverRendered, type PanelFirstPaint } from './panelFirstPaint.js';
import { firstRequestOf, listedResourceOf, prefetchScript } from './panelPrefetch.js';

/** The scripts every panel page loads (AdminJS's layout and login pages), about 3.5 MB together. */
export const PANEL_SCRIPTS = ['global.bundle.js', 'design-system.bundle.js', 'app.bundle.js', 'components.bundle.js'] as const;

/** Where `npm run build` keeps the scripts' compressed copies, named by content hash. */
export const COMPRESSED_DIR = path.join(ADMIN_BUNDLE_DIR, 'compressed');

/** One panel script in memory: as is and compressed, with its content-hashed name. */
export interface PanelScript {
  name: string;
  /** `app.bundle.<hash>.js`: served with a year-long immutable cache, since any change changes the name. */
  versioned: string;
  hash: string;
  identity: Buffer;
  gzip: Buffer;
  br?: Buffer;
}

const hashOf = (body: Buffer) => createHash('sha256').update(body).digest('hex').slice(0, 16);
const versionedName = (name: string, hash: string) => name.replace(/\.js$/, `.${hash}.js`);

/**
 * `npm run build`'s own build of the shared libraries (admin-components/panelGlobals.entry.js),
 * served as `global.bundle.js` in place of AdminJS's.
 */
export const GLOBALS_ENTRY = path.join(projectRoot, 'admin-components', 'panelGlobals.entry.js');
export const OWN_GLOBAL_BUNDLE = path.join(ADMIN_BUNDLE_DIR, 'global.bundle.js');

/** The files served for our scripts in this environment: AdminJS's own asset table, with our global bundle once built. */
function scriptSources(): { name: string; src: string }[] {
  return PANEL_SCRIPTS.flatMap((name) => {
    if (name === 'global.bundle.js' && existsSync(OWN_GLOBAL_BUNDLE)) return [{ name, src: OWN_GLOBAL_BUNDLE }];
    const asset = AdminJSRouter.assets.find((a) => a.path === `/frontend/assets/${name}`);
    return asset && existsSync(asset.src) ? [{ name, src: asset.src }] : [];
  });
}

/**
 * Build time (`npm run build`): brotli (best) and gzip copies of the panel scripts in
 * build/adminjs/compressed/<hash>.br|.gz, so the server compresses nothing at run time.
 * Copies of older versions are removed.
 */
export function writeCompressedPanelScripts(): string[] {
  mkdirSync(COMPRESSED_DIR, { recursive: true });
  const keep = new Set<string>();
  const written: string[] = [];
  for (const { src } of scriptSources()) {
    const body = readFileSync(src);
    const hash = hashOf(body);
    for (const [ext, compress] of [
      ['br', () => brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } })],
      ['gz', () => gzipSync(body, { level: 9 })],
    ] as const) {
      const file = `${hash}.${ext}`;
      keep.add(file);
      if (existsSync(path.join(COMPRESSED_DIR, file))) continue;
      writeFileSync(path.join(COMPRESSED_DIR, file), compress());
      written.push(file);
    }
  }
  for (const f of readdirSync(COMPRESSED_DIR)) if (!keep.has(f)) rmSync(path.join(COMPRESSED_DIR, f));
  return written;
}

/**
 * Run time (production): the panel scripts with their compressed copies from the build; a script
 * whose copies are missing (built by another version) is gzipped here, once, at start.
 */
export function loadPanelScripts(sources = scriptSources()): PanelScript[] {
  return sources.map(({ name, src }) => {
    const identity = readFileSync(src);
    const hash = hashOf(identity);
    const copy = (ext: string) => {
      const file = path.join(COMPRESSED_DIR, `${hash}.${ext}`);
      return existsSync(file) ? readFileSync(file) : undefined;
    };
    return { name, versioned: versionedName(name, hash), hash, identity, gzip: copy('gz') ?? gzipSync(identity, { level: 6 }), br: copy('br') };
  });
}

/** The best encoding the client accepts of those we have (brotli, then gzip, else none). */
export function chooseEncoding(header: IncomingHttpHeaders['accept-encoding'], available: ('br' | 'gzip')[]): 'br' | 'gzip' | null {
  const accepted = new Map<string, number>();
  for (const part of String(header ?? '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (token) accepted.set(token, q ? Number(q.slice(2)) || 0 : 1);
  }
  const ok = (enc: string) => (accepted.get(enc) ?? accepted.get('*') ?? 0) > 0;
  return available.find(ok) ?? null;
}

const COMPRESS_AT_LEAST = 1024;
const SCRIPT_SRC = /<script src="([^"]+)"/g;
const isHtmlPage = (body: string) => body.trimStart().startsWith('<!DOCTYPE html>');

/**
 * The panel's delivery, mounted at /admin in front of the session and AdminJS:
 * - its scripts under content-hashed names (`/admin/frontend/assets/app.bundle.<hash>.js`) with
 *   `Cache-Control: public, max-age=31536000, immutable`, brotli or gzip as the browser accepts,
 *   answered before any session lookup; the plain names still answer (revalidated: `no-cache` + ETag);
 * - its HTML pages pointing at those names, preloading them (a `Link` header), with the page state
 *   as JSON (panelPage.ts), starting the request their rows wait for at once (panelPrefetch.ts),
 *   and pages and AdminJS's JSON answers gzipped;
 * - with `firstPaint` (production), a resource list's page rendered on the server with its rows
 *   (panelFirstPaint.ts), shown before the scripts run.
 */
export function panelDelivery(scripts: PanelScript[], firstPaint: PanelFirstPaint | null = null): Router {
  const byFile = new Map<string, { script: PanelScript; versioned: boolean }>();
  for (const script of scripts) {
    byFile.set(script.versioned, { script, versioned: true });
    byFile.set(script.name, { script, versioned: false });
  }
  const serveScript: RequestHandler = (req, res, next) => {
    const hit = byFile.get(String(req.params.file));
    if (!hit) return next();
    const { script, versioned } = hit;
    const encoding = chooseEncoding(req.headers['accept-encoding'], script.br ? ['br', 'gzip'] : ['gzip']);
    res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    res.setHeader('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.setHeader('ETag', `"${script.hash}-${encoding ?? 'identity'}"`);
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.fresh) return void res.status(304).end();
    const body = encoding === 'br' ? script.br! : encoding === 'gzip' ? script.gzip : script.identity;
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', body.length);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const versionedSrc = new RegExp(`/frontend/assets/(${scripts.map((s) => s.versioned.replaceAll('.', '\\.')).join('|') || '(?!)'})$`);
  const rewrite = (html: string) => scripts.reduce((page, s) => page.replaceAll(`/frontend/assets/${s.name}"`, `/frontend/assets/${s.versioned}"`), html);

  const pages: RequestHandler = (req, res, next) => {
    const send = res.send.bind(res);
    const gzipped = () => chooseEncoding(req.headers['accept-encoding'], ['gzip']) === 'gzip';
    /** Names the page's versioned scripts in a preload header, so the browser starts them as the headers arrive. */
    const preloadScriptsOf = (page: string) => {
      const preload = [...page.matchAll(SCRIPT_SRC)].map((m) => m[1]!).filter((src) => versionedSrc.test(src));
      if (preload.length) res.setHeader('Link', preloadHeader(preload));
    };
    /** Sends a page or JSON answer: the page preloading its scripts, both gzipped when worth it. */
    const deliver = (out: string | Buffer, html: boolean) => {
      if (html) preloadScriptsOf(out as string);
      const json = /json/.test(String(res.getHeader('Content-Type') ?? ''));
      if ((html || json) && out.length >= COMPRESS_AT_LEAST && !res.getHeader('Content-Encoding') && gzipped()) {
        if (!res.getHeader('Content-Type')) res.type('html');
        res.setHeader('Content-Encoding', 'gzip');
        res.vary('Accept-Encoding');
        out = gzipSync(out, { level: 6 });
      }
      return send(out);
    };
    /**
     * Sends the headers of a page now (with its preloads: the browser fetches the scripts meanwhile)
     * and its body once `body` resolves.
     */
    const deliverWhenReady = (page: string, body: Promise<string>) => {
      preloadScriptsOf(page);
      res.type('html');
      const gzip = gzipped();
      if (gzip) res.setHeader('Content-Encoding', 'gzip');
      res.vary('Accept-Encoding');
      res.flushHeaders();
      void body.then((html) => res.end(req.method === 'HEAD' ? undefined : gzip ? gzipSync(html, { level: 6 }) : html));
      return res;
    };
    res.send = (body?: unknown) => {
      if (typeof body !== 'string') return send(body);
      const html = isHtmlPage(body);
      if (!html || res.statusCode !== 200 || !body.includes('window.REDUX_STATE')) return deliver(html ? stateAsJson(rewrite(body)) : body, html);
      const url = new URL(req.originalUrl, 'http://panel');
      const first = firstRequestOf(url.pathname, url.search);
      const nonce = res.locals.cspNonce as string | undefined;
      const page = stateAsJson(rewrite(body));
      const fetchingEarly = () => (first ? page.replace('<head>', `<head>${prefetchScript(first, nonce)}`) : page);
      const resourceId = listedResourceOf(url.pathname);
      if (!firstPaint || !first || !resourceId) return deliver(fetchingEarly(), true);
      const rendered = serverRendered(firstPaint, { req, body, page, url, first, resourceId, nonce });
      return deliverWhenReady(
        page,
        rendered.then((withRows) => withRows ?? fetchingEarly()),
      );
    };
    next();
  };
  return Router().get('/frontend/assets/:file', serveScript).use(pages);
}
