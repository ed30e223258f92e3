import { withRuntime } from './withRuntime.js';

// npm run create-token -- <name>
const name = process.argv.slice(2).join(' ').trim();
if (!name) {
  process.stderr.write('Usage: npm run create-token -- <name>\n');
  process.exit(2);
}

await withRuntime(async ({ services }) => {
  const created = await services.apiTokens.createToken({ name });
  process.stdout.write(`API token "${created.name}" (id ${created.id}). Shown once; keep it safe:\n${created.token}\n`);
});
