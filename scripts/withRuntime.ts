import { loadConfigOrExit } from '../config/env.js';
import { createLogger } from '../src/lib/logger.js';
import { startRuntime, type Runtime } from '../src/runtime.js';

/** Runs a command-line task against the app's database (embedded or DATABASE_URL), then exits. */
export async function withRuntime(task: (rt: Runtime) => Promise<void>): Promise<never> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const rt = await startRuntime(config, logger, 'web');
  let code = 0;
  try {
    await task(rt);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    code = 1;
  } finally {
    await rt.close();
  }
  process.exit(code);
}
