import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig, projectRoot } from '../config/env.js';

/** docker-compose cannot run here (no Docker engine): this keeps it consistent with the app instead. */
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(path.join(projectRoot, 'docker-compose.yml'), 'utf8'), { merge: true });

  it('has the database, job store, mail catcher, web and worker services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['mailcatcher', 'mongo', 'postgres', 'web', 'worker']);
    expect(compose.services.web.command).toEqual(['node', '--enable-source-maps', 'dist/server.js']);
    expect(compose.services.worker.command).toEqual(['node', '--enable-source-maps', 'dist/worker.js']);
    expect(compose.services.worker.ports).toBeUndefined(); // scalable: no fixed host port
  });

  it('gives web and worker an environment our configuration accepts, with MongoDB for Agenda and real SMTP', () => {
    for (const name of ['web', 'worker']) {
      const env = Object.fromEntries(
        Object.entries(compose.services[name].environment as Record<string, string>).map(([k, v]) => [
          k,
          // ${VAR:-default} takes its default; ${VAR:?message} must be supplied by the operator.
          String(v).replace(/\$\{(\w+):([-?])([^}]*)\}/g, (_m, key: string, kind: string, rest: string) =>
            kind === '-' ? rest : ({ SESSION_SECRET: 'x'.repeat(40), ADMIN_PASSWORD: 'long enough' } as Record<string, string>)[key]!,
          ),
        ]),
      );
      const config = loadConfig(env);
      expect(config.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(config.MONGODB_URL).toMatch(/^mongodb:\/\/mongo:27017\//);
      expect(config.SMTP_URL).toBe('smtp://mailcatcher:1025');
      expect(config.HOST).toBe('0.0.0.0');
    }
  });

  it('only names variables the app knows', () => {
    const known = Object.keys(loadConfig({})).concat([
      'DATABASE_URL',
      'MONGODB_URL',
      'SESSION_SECRET',
      'ADMIN_EMAIL',
      'ADMIN_PASSWORD',
      'SMTP_URL',
      'PUBLIC_URL',
      'COOKIE_SECURE',
    ]);
    for (const key of Object.keys(compose.services.web.environment)) expect(known).toContain(key);
  });
});
