// Workloads of `npm run bench:api`: the background write load, CSV exports and timed imports.
import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Runtime } from '../src/runtime.js';

/** Background write load: repeated CSV imports through POST /api/v1/imports, or bulk upserts if that is missing. */
export function startWriteLoad(rt: Runtime, baseUrl: string, token: string, ROWS: number, log: (m: string) => void) {
  let stop = false;
  const stats = { kind: '', batches: 0, rows: 0 };
  const headers = { Authorization: `Bearer ${token}` };
  const csv = (n: number, round: number) => {
    const lines = ['sku,name,description,active'];
    for (let k = 0; k < n; k++) {
      const i = 1 + ((k * 7919 + round * 104_729) % ROWS);
      lines.push(`SKU-${String(i).padStart(7, '0')},Imported ${round} ${i},"updated by import ${round}, row ${k}",${k % 5 ? 'true' : 'false'}`);
    }
    return `${lines.join('\n')}\n`;
  };
  const post = (body: string) =>
    fetch(`${baseUrl}/api/v1/imports?filename=bench.csv`, { method: 'POST', headers: { ...headers, 'Content-Type': 'text/csv' }, body });
  const done = (async () => {
    const probe = await post(csv(1000, 0));
    stats.kind = probe.status === 202 ? 'import' : 'upsert';
    if (stats.kind === 'upsert') log(`POST /api/v1/imports answered ${probe.status}: using bulk INSERT … ON CONFLICT as the write load`);
    for (let round = 1; !stop; round++) {
      if (stats.kind === 'import') {
        const n = 100_000;
        const res = await post(csv(n, round));
        const { id } = (await res.json()) as { id: string };
        for (;;) {
          await new Promise((r) => setTimeout(r, 250));
          const s = (await (await fetch(`${baseUrl}/api/v1/imports/${id}`, { headers })).json()) as { status: string; processedRows?: number };
          if (['completed', 'failed', 'cancelled'].includes(s.status)) {
            if (s.status !== 'completed') log(`import ${id} ended ${s.status}`);
            break;
          }
        }
        stats.batches += 1;
        stats.rows += n;
      } else {
        const from = ((round * 5000) % ROWS) + 1;
        await rt.db.raw(
          `INSERT INTO products (sku, name, description, active)
           SELECT 'SKU-' || lpad(i::text, 7, '0'), 'Upserted ' || i, 'bulk upsert', true FROM generate_series(?::int, ?::int) AS i
           ON CONFLICT ((lower(sku))) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, updated_at = now()`,
          [from, from + 4999],
        );
        stats.batches += 1;
        stats.rows += 5000;
      }
    }
  })();
  return { stats, stop: async () => ((stop = true), await done) };
}

/** `gc()` for measuring live memory (the flag is set at run time, so `npm run bench:api` needs no option). */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/**
 * Streams one export through a plain HTTP client. Every 250 ms it collects garbage and samples the
 * live heap (what the export holds, not garbage waiting for collection), and tracks peak RSS.
 */
export async function measureExport(baseUrl: string, query: string, headers: Record<string, string>) {
  gc();
  const live = () => process.memoryUsage().heapUsed / 1e6;
  const liveBefore = live();
  let liveMax = liveBefore;
  let rssPeak = process.memoryUsage().rss;
  const rssSampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
  const gcSampler = setInterval(() => {
    gc();
    liveMax = Math.max(liveMax, live());
  }, 250);
  const started = Date.now();
  const { bytes, lines } = await new Promise<{ bytes: number; lines: number }>((resolve, reject) => {
    http
      .get(`${baseUrl}/api/v1/products/export.csv${query}`, { headers }, (res) => {
        let bytes = 0;
        let lines = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (const b of chunk) if (b === 10) lines++;
        });
        res.on('end', () => resolve({ bytes, lines }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
  clearInterval(rssSampler);
  clearInterval(gcSampler);
  return { rows: lines - 1, mb: bytes / 1e6, seconds: (Date.now() - started) / 1000, liveBefore, liveMax, rssPeak: rssPeak / 1e6 };
}

/** One import of `updates` existing SKUs and `inserts` new ones through the API; its durationMs. */
export async function timedImport(baseUrl: string, headers: Record<string, string>, ROWS: number, round: number, updates: number, inserts: number) {
  const lines = ['sku,name,description,active'];
  for (let k = 0; k < updates; k++)
    lines.push(`SKU-${String(1 + ((k * 7919 + round * 3571) % ROWS)).padStart(7, '0')},Timed ${round} ${k},timed import,${k % 2 ? 'true' : 'false'}`);
  for (let k = 0; k < inserts; k++) lines.push(`NEW-${round}-${k},New ${round} ${k},timed import,true`);
  const res = await fetch(`${baseUrl}/api/v1/imports?filename=timed.csv`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'text/csv' },
    body: `${lines.join('\n')}\n`,
  });
  if (res.status !== 202) return null;
  const { id } = (await res.json()) as { id: string };
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const s = (await (await fetch(`${baseUrl}/api/v1/imports/${id}`, { headers })).json()) as { status: string; durationMs: number | null };
    if (s.status === 'completed') return s.durationMs! / 1000;
    if (['failed', 'cancelled'].includes(s.status)) throw new Error(`timed import ${id} ${s.status}`);
  }
}
