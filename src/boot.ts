import http from 'node:http';
// AdminJS reads its settings from process.env when it is first imported: they are set here, before
// the panel (src/app.ts, imported dynamically below) loads it. In the production bundle (dist/) the
// panel's own import of this module would run only after AdminJS was imported.
import '../config/adminjs.js';
import { loadConfigOrExit } from '../config/env.js';
import { leaveShutdownSignalsToApp } from './lib/embeddedPostgres.js';
import { createLogger } from './lib/logger.js';
import { onShutdown } from './lib/shutdown.js';
import { startRuntime, type ProcessRole } from './runtime.js';

/** Starts a process in the given role: the web server, the job worker, or both (`npm start`). */
export async function boot(role: ProcessRole): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL).child({ role });
  // Signals are ours from the start: a stop during start-up releases what is open so far.
  leaveShutdownSignalsToApp();
  let close = async () => {};
  onShutdown(logger, () => close());
  const rt = await startRuntime(config, logger, role);
  close = () => rt.close();

  const first = await rt.services.adminUsers.ensureFirstAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
  if (first?.generated) {
    process.stdout.write(
      `\n  First admin created. Log in with:\n    e-mail:   ${first.email}\n    password: ${first.password}\n  (shown once; change it or set ADMIN_EMAIL/ADMIN_PASSWORD)\n\n`,
    );
  }

  let closeWeb = async () => {};
  let url: string | undefined;
  if (role !== 'worker') {
    // Loaded only by web processes: AdminJS alone costs a worker ~240 MB of memory.
    const { createApp } = await import('./app.js');
    const web = await createApp(rt);
    const server = http.createServer(web.app);
    server.requestTimeout = 0; // large uploads stream for minutes
    await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
    const { port } = server.address() as { port: number };
    url = `${config.PUBLIC_URL ?? `http://localhost:${port}`}/admin`;
    process.stdout.write(`  ACME Product Importer is running: ${url}\n`);
    closeWeb = async () => {
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 10_000).unref(); // SSE streams and slow clients
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await web.close();
    };
  }
  close = async () => {
    await closeWeb();
    await rt.close();
  };
  logger.info(url ? { url } : {}, 'started');
}
