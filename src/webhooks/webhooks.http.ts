import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { BlockedAddressError, blockedAddressReason, guardedLookup } from './webhooks.ssrf.js';

/** How much of a subscriber's answer is kept. */
export const RESPONSE_BODY_LIMIT = 4096;

export interface WebhookHttpResult {
  status: number | null;
  /** The first 4 KB of the answer, as UTF-8. */
  responseBody: string | null;
  retryAfter: string | null;
  durationMs: number;
  error: string | null;
}

// One keep-alive agent per protocol and SSRF mode, so a socket is never shared across modes.
const agents = new Map<string, http.Agent>();
function agentFor(protocol: string, allowPrivate: boolean): http.Agent {
  const key = `${protocol}${allowPrivate}`;
  let agent = agents.get(key);
  if (!agent) {
    const opts = { keepAlive: true, maxSockets: 64, lookup: guardedLookup(allowPrivate) };
    agent = protocol === 'https:' ? new https.Agent(opts) : new http.Agent(opts);
    agents.set(key, agent);
  }
  return agent;
}

/**
 * POSTs `body` to `url` once: no redirects followed, a total timeout, the SSRF guard applied to
 * literal addresses here and to resolved ones at connect time. Never throws: errors are returned.
 */
export function postWebhook(opts: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivateNetworks: boolean;
}): Promise<WebhookHttpResult> {
  const started = performance.now();
  const done = (r: Omit<WebhookHttpResult, 'durationMs'>): WebhookHttpResult => ({
    ...r,
    durationMs: Math.round(performance.now() - started),
  });
  let url: URL;
  try {
    url = new URL(opts.url);
  } catch {
    return Promise.resolve(done({ status: null, responseBody: null, retryAfter: null, error: 'Invalid URL' }));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.resolve(done({ status: null, responseBody: null, retryAfter: null, error: 'Only http and https URLs are allowed' }));
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) {
    const reason = blockedAddressReason(host, opts.allowPrivateNetworks);
    if (reason) {
      const error = new BlockedAddressError(host, host, reason).message;
      return Promise.resolve(done({ status: null, responseBody: null, retryAfter: null, error }));
    }
  }
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<WebhookHttpResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const client = url.protocol === 'https:' ? https : http;
    const body = Buffer.from(opts.body, 'utf8');
    const req = client.request(url, {
      method: 'POST',
      agent: agentFor(url.protocol, opts.allowPrivateNetworks),
      headers: { ...opts.headers, 'content-length': String(body.length) },
    });
    const timer = setTimeout(() => req.destroy(new Error(`Timed out after ${opts.timeoutMs} ms`)), opts.timeoutMs);
    req.on('error', (err) => finish({ status: null, responseBody: null, retryAfter: null, error: err.message || String(err) }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const result = () => ({
        status: res.statusCode ?? null,
        responseBody: Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8'),
        retryAfter: (res.headers['retry-after'] as string | undefined) ?? null,
        error: null,
      });
      res.on('data', (chunk: Buffer) => {
        if (size < RESPONSE_BODY_LIMIT) chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_BODY_LIMIT) {
          finish(result());
          res.destroy(); // the rest is not needed; do not wait for it
        }
      });
      res.on('end', () => finish(result()));
      res.on('error', (err) => finish({ ...result(), error: `Response interrupted: ${err.message}` }));
    });
    req.end(body);
  });
}
