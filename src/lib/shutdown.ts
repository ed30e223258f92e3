import type { Logger } from './logger.js';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `close` once on SIGINT, SIGTERM or SIGHUP (terminal closed), then exits 0 (1 when close fails).
 * A second signal a second or more later forces the exit; one sooner is the same stop reported
 * twice (a Ctrl-C reaches both tsx and node, and tsx relays it).
 */
export function onShutdown(logger: Logger, close: () => Promise<void>): void {
  let stoppingSince = 0;
  const handler = (signal: NodeJS.Signals) => {
    if (stoppingSince) {
      if (Date.now() - stoppingSince < 1000) return;
      logger.warn({ signal }, 'stopping at once (second signal)');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'stopping: finishing running work (press Ctrl-C again to stop at once)');
    close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, handler);
}
