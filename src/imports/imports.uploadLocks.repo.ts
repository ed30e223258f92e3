import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/server';
import pg from 'pg';
import { createPgPool, logConnectionErrors } from '../lib/db.js';
import type { Logger } from '../lib/logger.js';

/** The channel on which a request that wants an upload asks its holder, in any web process, to let go. */
const RELEASE_CHANNEL = 'acme_upload_release';
const RETRY_MS = 100;

/**
 * tus's Locker over PostgreSQL advisory locks, so one request at a time writes an upload whatever
 * the web process it reached. A request that finds the upload locked asks the holder to let go
 * (NOTIFY, heard by every web process: the holder's request then ends as tus ends a cancelled
 * one, keeping what it staged) and waits up to `timeoutMs`. A process that dies releases its
 * locks with its connections. Each held lock keeps one connection of a small pool of its own.
 */
export async function createUploadLocker(opts: { databaseUrl: string; logger: Logger; timeoutMs?: number; poolMax?: number }) {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const pool = createPgPool(
    { connectionString: opts.databaseUrl, max: opts.poolMax ?? 20, application_name: 'acme-upload-locks' },
    opts.logger,
    'upload locks',
  );
  const listener = new pg.Client({ connectionString: opts.databaseUrl, application_name: 'acme-upload-release' });
  logConnectionErrors(listener, opts.logger, 'upload lock listener');
  await listener.connect();
  await listener.query(`LISTEN ${RELEASE_CHANNEL}`);
  /** This process's held locks: the request to cancel when another one asks. */
  const holders = new Map<string, RequestRelease>();
  listener.on('notification', (msg) => {
    const release = msg.payload ? holders.get(msg.payload) : undefined;
    if (release) void Promise.resolve(release()).catch(() => {});
  });

  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });

  class UploadLock implements Lock {
    private conn: pg.PoolClient | null = null;
    constructor(private readonly id: string) {}

    async lock(stopSignal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
      const conn = await pool.connect();
      const deadline = Date.now() + timeoutMs;
      let asked = false;
      try {
        for (;;) {
          const { rows } = await conn.query("SELECT pg_try_advisory_lock(hashtext('acme:upload'), hashtext($1)) AS locked", [this.id]);
          if (rows[0].locked) break;
          if (!asked) {
            asked = true;
            await conn.query('SELECT pg_notify($1, $2)', [RELEASE_CHANNEL, this.id]);
          }
          if (stopSignal.aborted || Date.now() > deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
          await sleep(RETRY_MS, stopSignal);
        }
      } catch (err) {
        conn.release();
        throw err;
      }
      this.conn = conn;
      holders.set(this.id, requestRelease);
    }

    async unlock(): Promise<void> {
      const conn = this.conn;
      if (!conn) throw new Error('Releasing an unlocked upload lock');
      this.conn = null;
      holders.delete(this.id);
      try {
        await conn.query("SELECT pg_advisory_unlock(hashtext('acme:upload'), hashtext($1))", [this.id]);
        conn.release();
      } catch (err) {
        conn.release(err as Error); // a broken connection: discarded, and PostgreSQL dropped its lock with it
      }
    }
  }

  const locker: Locker = { newLock: (id: string) => new UploadLock(id) };
  return {
    locker,
    async close(): Promise<void> {
      await listener.end().catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}
export type UploadLocker = Awaited<ReturnType<typeof createUploadLocker>>;
