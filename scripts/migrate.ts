import { withRuntime } from './withRuntime.js';

// startRuntime migrates the database; this reports where it stands.
await withRuntime(async ({ db }) => {
  const [done] = (await db.migrate.list()) as [{ name: string }[], unknown[]];
  process.stdout.write(`Database is up to date (${done.length} migrations applied).\n`);
});
