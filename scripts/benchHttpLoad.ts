import http from 'node:http';

export interface LoadResult {
  requests: number;
  concurrency: number;
  p50: number;
  p99: number;
  rps: number;
  /** Answers that were not 2xx (counted, never hidden). */
  failures: number;
}

/** Percentile of sorted latencies (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** One GET; resolves with its status and latency in ms once the whole body is read. */
function get(agent: http.Agent, base: URL, path: string, headers: Record<string, string>): Promise<{ status: number; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.get({ agent, host: base.hostname, port: base.port, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/**
 * A bounded closed-loop load (autocannon-style, from Node): `requests` GETs with `concurrency`
 * in flight over keep-alive connections; `path(i)` picks the URL of request i.
 */
export async function runLoad(opts: {
  baseUrl: string;
  path: (i: number) => string;
  headers?: Record<string, string>;
  requests: number;
  concurrency: number;
  warmup?: number;
}): Promise<LoadResult> {
  const base = new URL(opts.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const headers = opts.headers ?? {};
  for (let i = 0; i < (opts.warmup ?? Math.min(20, opts.requests)); i++) await get(agent, base, opts.path(i), headers);
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < opts.requests) {
      const i = next++;
      const r = await get(agent, base, opts.path(i), headers);
      latencies.push(r.ms);
      if (r.status < 200 || r.status >= 300) failures++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: opts.requests,
    concurrency: opts.concurrency,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rps: opts.requests / seconds,
    failures,
  };
}

/** Latencies of a function run `n` times one after another (for direct SQL baselines). */
export async function timeSerial(n: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < Math.min(5, n); i++) await fn(i);
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn(i);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}
