import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '../../test/waitFor.js';

/** One request a test receiver got: raw body bytes as text, headers, when. */
export interface ReceivedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

/** What the receiver answers: a status (with body/headers), after a delay, or never (`hang`). */
export interface ReceiverAnswer {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  hang?: boolean;
}

/**
 * A real HTTP receiver on 127.0.0.1 for tests and benchmarks. `answer` decides each response
 * (default 200 "ok"); every request is recorded, and `waitFor(n)` resolves once n have arrived.
 */
export async function startReceiver(answer: (req: ReceivedRequest, index: number) => ReceiverAnswer = () => ({})) {
  const received: ReceivedRequest[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const record: ReceivedRequest = {
        path: req.url ?? '/',
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      };
      received.push(record);
      for (const w of waiters.filter((x) => received.length >= x.n)) w.resolve();
      const a = answer(record, received.length - 1);
      if (a.hang) return;
      const reply = () => res.writeHead(a.status ?? 200, { 'content-type': 'text/plain', ...a.headers }).end(a.body ?? 'ok');
      if (a.delayMs) setTimeout(reply, a.delayMs);
      else reply();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    received,
    /** Resolves when at least `n` requests arrived; rejects after `timeoutMs`. */
    waitFor(n: number, timeoutMs = 20_000): Promise<ReceivedRequest[]> {
      if (received.length >= n) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`receiver got ${received.length} of ${n} requests`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve(received)) });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
export type TestReceiver = Awaited<ReturnType<typeof startReceiver>>;

/** Polls `check` until it returns a truthy value (or throws after `timeoutMs`): test/waitFor.ts under its older name. */
export function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000) {
  return waitFor(check, { what: 'the condition', timeoutMs });
}
