import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import express from 'express';
import { chooseEncoding, loadPanelScripts, panelDelivery, type PanelScript } from './panelAssets.js';

/** A GET whose body is returned as sent (no decompression), with the answer's headers. */
const rawGet = (url: string, headers: http.OutgoingHttpHeaders = {}) =>
  new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });

describe('the panel scripts and pages', () => {
  const appJs = Buffer.from(`var app = ${JSON.stringify('x'.repeat(5000))};`);
  let script: PanelScript;
  let base: string;
  let server: http.Server;
  const dir = mkdtempSync(path.join(tmpdir(), 'panel-assets-'));

  beforeAll(async () => {
    writeFileSync(path.join(dir, 'app.js'), appJs);
    [script] = loadPanelScripts([{ name: 'app.bundle.js', src: path.join(dir, 'app.js') }]);
    script = { ...script!, br: brotliCompressSync(appJs) };
    const app = express();
    app.use('/admin', panelDelivery([script]));
    const page = `<!DOCTYPE html><html><head><script src="/admin/frontend/assets/app.bundle.js"></script></head><body>${'<p>rows</p>'.repeat(200)}</body></html>`;
    app.get('/admin/page', (_req, res) => void res.send(`\n    ${page}`));
    const layout = `<!DOCTYPE html><html><head><script>window.REDUX_STATE = {};</script></head><body>${'<p>x</p>'.repeat(200)}</body></html>`;
    app.get('/admin/resources/products', (_req, res) => {
      res.locals.cspNonce = 'n0nce';
      res.send(layout);
    });
    app.get('/admin/small', (_req, res) => void res.send('<!DOCTYPE html><p>hi</p>'));
    app.get('/admin/api/list', (_req, res) => void res.json({ records: Array.from({ length: 100 }, (_, id) => ({ id, name: `Product ${id}` })) }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('names each script by its content and serves that name compressed, cached for a year, immutable', async () => {
    expect(script.versioned).toMatch(/^app\.bundle\.[0-9a-f]{16}\.js$/);
    const br = await rawGet(`${base}/frontend/assets/${script.versioned}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.status).toBe(200);
    expect(br.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'content-encoding': 'br',
      'cache-control': 'public, max-age=31536000, immutable',
      vary: 'Accept-Encoding',
    });
    expect(brotliDecompressSync(br.body).equals(appJs)).toBe(true);

    const gzip = await rawGet(`${base}/frontend/assets/${script.versioned}`, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(appJs)).toBe(true);
    expect(gzip.body.length).toBeLessThan(appJs.length / 10);

    const plain = await rawGet(`${base}/frontend/assets/${script.versioned}`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(appJs)).toBe(true);
  });

  it('still answers the plain name, revalidated every time (304 while unchanged)', async () => {
    const first = await rawGet(`${base}/frontend/assets/app.bundle.js`, { 'accept-encoding': 'gzip' });
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await rawGet(`${base}/frontend/assets/app.bundle.js`, { 'accept-encoding': 'gzip', 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('leaves other assets to AdminJS', async () => {
    expect((await rawGet(`${base}/frontend/assets/icomoon.css`)).status).toBe(404);
  });

  it('points the pages at the versioned names and gzips pages and JSON answers', async () => {
    const page = await rawGet(`${base}/page`, { 'accept-encoding': 'gzip, br' });
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers.vary).toBe('Accept-Encoding');
    const html = gunzipSync(page.body).toString();
    expect(html).toContain(`<script src="/admin/frontend/assets/${script.versioned}"></script>`);
    expect(html).not.toContain('app.bundle.js"');
    // The browser starts the script when the answer's headers arrive, before it parses the page.
    expect(page.headers.link).toBe(`</admin/frontend/assets/${script.versioned}>; rel=preload; as=script`);

    const json = await rawGet(`${base}/api/list`, { 'accept-encoding': 'gzip' });
    expect(json.headers['content-encoding']).toBe('gzip');
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(gunzipSync(json.body).toString()).records).toHaveLength(100);

    const small = await rawGet(`${base}/small`, { 'accept-encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers.link).toBeUndefined(); // no panel script on it
    const unasked = await rawGet(`${base}/page`);
    expect(unasked.headers['content-encoding']).toBeUndefined();
    expect(unasked.body.toString()).toContain(script.versioned);
  });

  it("starts the request a screen's rows wait for from the page's head, with the page's nonce", async () => {
    const page = await rawGet(`${base}/resources/products?filters.name=oak`, { 'accept-encoding': 'identity' });
    expect(page.body.toString()).toContain(
      '<head><script nonce="n0nce">window.__panelPrefetch=(function(p){p.answer=fetch("/admin/api/resources/products/actions/list?filters.name=oak",',
    );
    expect((await rawGet(`${base}/page`)).body.toString()).not.toContain('__panelPrefetch'); // not AdminJS's layout
  });

  it('chooses brotli, then gzip, among what the client accepts', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd', ['br', 'gzip'])).toBe('br');
    expect(chooseEncoding('gzip, br;q=0', ['br', 'gzip'])).toBe('gzip');
    expect(chooseEncoding('*', ['br', 'gzip'])).toBe('br');
    expect(chooseEncoding('identity', ['br', 'gzip'])).toBeNull();
    expect(chooseEncoding(undefined, ['gzip'])).toBeNull();
  });
});
