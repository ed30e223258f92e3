import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

type Res = ServerResponse & { locals: { cspNonce?: string } };

/**
 * Security headers on every answer (helmet): a Content-Security-Policy that the AdminJS bundle
 * and our components run under (scripts from this origin, inline ones only with this answer's
 * nonce; inline styles allowed, since styled-components writes <style> at run time), no framing
 * (frame-ancestors 'none' and X-Frame-Options: DENY), X-Content-Type-Options: nosniff,
 * Referrer-Policy: same-origin. HSTS and upgrade-insecure-requests only when served over https.
 */
export function securityHeaders(opts: { https: boolean }): RequestHandler[] {
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  };
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", (_req: IncomingMessage, res: ServerResponse) => `'nonce-${(res as Res).locals.cspNonce}'`],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(opts.https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: opts.https,
  });
  return [nonce, headers];
}

/**
 * AdminJS renders its pages (layout and login) as HTML strings with inline scripts and a Google
 * Fonts stylesheet. This gives those inline scripts the answer's CSP nonce and drops the font
 * link (the panel falls back to the system sans-serif; nothing is fetched from another origin,
 * which also fails offline). Mount it in front of the AdminJS router.
 * AdminJS writes its page state into the first inline script unescaped; that state is our
 * configuration and the signed-in admin's own record, so every bare `<script>` tag is taken as
 * AdminJS's. The nonce still refuses inline handlers, javascript: URLs and foreign scripts.
 */
export const adminPagesUnderCsp: RequestHandler = (_req, res, next) => {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    if (typeof body === 'string' && body.trimStart().startsWith('<!DOCTYPE html>') && res.locals.cspNonce) {
      body = body
        .replace(/<link rel="stylesheet" href="https:\/\/fonts\.googleapis\.com\/[^"]*"[^>]*>/g, '')
        .replaceAll('<script>', `<script nonce="${res.locals.cspNonce}">`);
    }
    return send(body);
  };
  next();
};
