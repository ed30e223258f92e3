import http from 'node:http';
import { gzipSync } from 'node:zlib';

/** A minimal tus 1.0 client for tests: each request on a fresh connection, and PATCHes that can break off. */
export interface TusAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const encodeMeta = (meta: Record<string, string>) =>
  Object.entries(meta)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

function request(url: string, method: string, headers: Record<string, string>, body?: Buffer, breakAfter?: number): Promise<TusAnswer | null> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false, headers: { 'Tus-Resumable': '1.0.0', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    if (breakAfter === undefined) {
      req.on('error', reject);
      req.end(body);
      return;
    }
    // Send part of the body, then close the connection as a reload does (what was sent arrives;
    // a reset instead would drop whatever the server had not read yet).
    req.on('error', () => resolve(null));
    req.on('close', () => resolve(null));
    req.flushHeaders();
    req.write(body!.subarray(0, breakAfter), () => {
      // Give the server a moment to read what was sent (a reload cuts later than the last byte sent).
      setTimeout(() => req.socket?.end(), 300);
      setTimeout(() => req.destroy(), 5_000).unref();
    });
  });
}

/** A client authenticated with an API token, or with a panel session's cookie (`{ cookie: 'name=value' }`). */
export function tusClient(base: string, credentials: string | { cookie: string }) {
  const auth: Record<string, string> = typeof credentials === 'string' ? { Authorization: `Bearer ${credentials}` } : { Cookie: credentials.cookie };
  return {
    /** POST /uploads: the upload's URL (and so its import's id). */
    async create(size: number, meta: Record<string, string>): Promise<{ url: string; id: string; answer: TusAnswer }> {
      const answer = (await request(`${base}/api/v1/uploads`, 'POST', { ...auth, 'Upload-Length': String(size), 'Upload-Metadata': encodeMeta(meta) }))!;
      const url = `${base}${answer.headers.location ?? ''}`;
      return { url, id: url.split('/').at(-1)!, answer };
    },
    async offset(url: string): Promise<number> {
      const answer = (await request(url, 'HEAD', auth))!;
      if (answer.status !== 200) throw new Error(`HEAD ${url}: ${answer.status}`);
      return Number(answer.headers['upload-offset']);
    },
    head: (url: string) => request(url, 'HEAD', auth) as Promise<TusAnswer>,
    /**
     * PATCH the file's bytes from `offset` (gzip-compressed when asked); with `breakAfter` (bytes)
     * or `breakAt` (a share of the body, 0–1), the connection is cut there.
     */
    patch(url: string, file: Buffer, offset: number, opts: { gzip?: boolean; breakAfter?: number; breakAt?: number; token?: string } = {}) {
      const body = opts.gzip ? gzipSync(file.subarray(offset)) : file.subarray(offset);
      const wanted = opts.breakAt !== undefined ? Math.floor(opts.breakAt * body.length) : opts.breakAfter;
      const breakAfter = wanted === undefined ? undefined : Math.min(wanted, body.length - 1);
      return request(
        url,
        'PATCH',
        {
          ...(opts.token === undefined ? auth : opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
          'Upload-Offset': String(offset),
          'Content-Type': 'application/offset+octet-stream',
          ...(opts.gzip ? { 'Content-Encoding': 'gzip' } : {}),
        },
        body,
        breakAfter,
      );
    },
  };
}
