import { startTestApp, type TestApp } from '../../test/app.js';

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('sends a CSP with a fresh nonce, no framing, nosniff and a referrer policy on the panel', async () => {
    const page = await t.http.get('/admin/login').expect(200);
    const csp = page.headers['content-security-policy']!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('upgrade-insecure-requests'); // served over http here
    expect(page.headers).toMatchObject({
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    });
    expect(page.headers['strict-transport-security']).toBeUndefined();
    // Every inline script of AdminJS's page carries this answer's nonce; no font from Google.
    const inline = page.text.match(/<script(?![^>]*\ssrc=)[^>]*>/g)!;
    expect(inline.length).toBeGreaterThan(0);
    expect(inline.every((tag) => tag === `<script nonce="${nonce}">`)).toBe(true);
    expect(page.text).not.toContain('fonts.googleapis.com');

    const again = await t.http.get('/admin/login');
    expect(again.headers['content-security-policy']).not.toContain(nonce);
  });

  it('sends them on the API and health answers too', async () => {
    const res = await t.http.get('/healthz');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
