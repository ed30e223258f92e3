import vm from 'node:vm';
import { answeredPrefetchScript, firstRequestOf, listedResourceOf, prefetchScript } from './panelPrefetch.js';

describe('the request a screen starts before its scripts', () => {
  it("names each screen's first request as its component sends it", () => {
    expect(firstRequestOf('/admin', '')).toBe('/api/v1/dashboard');
    expect(firstRequestOf('/admin/', '')).toBe('/api/v1/dashboard');
    expect(firstRequestOf('/admin/pages/jobs', '')).toBe('/api/v1/jobs?page=1&perPage=20');
    expect(firstRequestOf('/admin/resources/products', '')).toBe('/admin/api/resources/products/actions/list');
    // The query as axios writes URLSearchParams (spaces as +, the rest encoded).
    expect(firstRequestOf('/admin/resources/products', '?filters.name=oak%20chair&page=2')).toBe(
      '/admin/api/resources/products/actions/list?filters.name=oak+chair&page=2',
    );
    expect(firstRequestOf('/admin/resources/webhook_deliveries', '?sortBy=id')).toBe('/admin/api/resources/webhook_deliveries/actions/list?sortBy=id');
  });

  it('starts nothing for other pages, or for a list AdminJS will first redirect', () => {
    expect(firstRequestOf('/admin/pages/import', '')).toBeNull();
    expect(firstRequestOf('/admin/resources/products/actions/new', '')).toBeNull();
    expect(firstRequestOf('/admin/resources/products/records/1/show', '')).toBeNull();
    expect(firstRequestOf('/admin/resources/products', '?refresh=true')).toBeNull();
    expect(firstRequestOf('/admin/login', '')).toBeNull();
  });

  it('writes a script carrying the nonce that cannot close its own tag', () => {
    const script = prefetchScript('/admin/api/resources/x/actions/list?q=</script>', 'abc');
    expect(script.startsWith('<script nonce="abc">window.__panelPrefetch=')).toBe(true);
    expect(script).toContain('({url:"/admin/api/resources/x/actions/list?q=\\u003c/script>"})');
    expect(script.match(/<\/script>/g)).toHaveLength(1);
    expect(script).toContain("credentials:'same-origin'");
  });

  it('names the resource a list page shows', () => {
    expect(listedResourceOf('/admin/resources/products')).toBe('products');
    expect(listedResourceOf('/admin/resources/webhook_deliveries/')).toBe('webhook_deliveries');
    expect(listedResourceOf('/admin/resources/products/actions/new')).toBeNull();
    expect(listedResourceOf('/admin')).toBeNull();
  });

  it('hands over an answer the server already has, as the early request would have, and no tag inside it can end the script', async () => {
    const data = { records: [{ params: { name: 'Oak </script><script>alert(1)</script> chair' } }], meta: { total: 1 } };
    const script = answeredPrefetchScript('/admin/api/resources/products/actions/list', data, 'abc');
    expect(script.startsWith('<script nonce="abc">')).toBe(true);
    expect(script.match(/<\/script>/g)).toHaveLength(1);
    const window: Record<string, { url: string; done: boolean; data: unknown; answer: Promise<unknown> }> = {};
    vm.runInNewContext(/<script[^>]*>([\s\S]*)<\/script>/.exec(script)![1]!, { window, JSON, Promise });
    const early = window.__panelPrefetch!;
    expect(early).toMatchObject({ url: '/admin/api/resources/products/actions/list', done: true, data });
    expect(await early.answer).toEqual(data);
  });
});
