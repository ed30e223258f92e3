import { parseArgs } from 'node:util';
import { generatePassword } from '../src/auth/password.js';
import { withRuntime } from './withRuntime.js';

// npm run create-admin -- <email> [--password <pw>] [--name <name>]
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { password: { type: 'string' }, name: { type: 'string' } },
});
const email = positionals[0];
if (!email) {
  process.stderr.write('Usage: npm run create-admin -- <email> [--password <password>] [--name <name>]\n');
  process.exit(2);
}
const password = values.password ?? generatePassword();

await withRuntime(async ({ services }) => {
  await services.adminUsers.createAdmin({ email, password, name: values.name });
  process.stdout.write(`Admin ${email} created.${values.password ? '' : `\nPassword (shown once): ${password}`}\n`);
});
