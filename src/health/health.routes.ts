import { Router } from 'express';
import { pingDatabase } from '../lib/db.js';
import type { Runtime } from '../runtime.js';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`timed out after ${ms} ms`)), ms).unref())]);

/** /healthz: the process answers. /readyz: the database and the job backend answer too. */
export function healthRoutes(rt: Pick<Runtime, 'db' | 'agenda'>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    const check = async (name: string, fn: () => Promise<unknown>) => {
      try {
        await withTimeout(fn(), 2000);
        checks[name] = 'ok';
      } catch (err) {
        checks[name] = (err as Error).message;
      }
    };
    await Promise.all([check('database', () => pingDatabase(rt.db)), check('jobs', () => rt.agenda.queryJobs({ limit: 1 }))]);
    const ready = Object.values(checks).every((v) => v === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });
  return router;
}
