import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/env.js';

/**
 * SQL lives in repositories (files named *.repo.ts) and migrations. Besides them only the
 * infrastructure that sets up connections and stores may speak SQL: the knex instance and its
 * ping (src/lib/db.ts), creating the embedded server's database (src/lib/embeddedPostgres.ts) and
 * Agenda's store set-up (jobs/agenda.ts). Tests and benchmark scripts may query what they check.
 */
const INFRASTRUCTURE = ['src/lib/db.ts', 'src/lib/embeddedPostgres.ts', 'jobs/agenda.ts'];

/** Raw SQL calls, table access through knex, and SQL statements in strings. */
const SQL = [
  /\.raw\(/,
  /\b(?:conn|client|pool|listener)\.query\(/,
  /\b(?:db|trx|knex)\(\s*['"`]/,
  /\b(?:SELECT|INSERT INTO|DELETE FROM|CREATE (?:UNLOGGED )?TABLE|ALTER TABLE|DROP TABLE)\b/,
  /\bUPDATE [a-z_]+ SET\b/,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(projectRoot, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(projectRoot, rel)).isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [rel] : [];
  });
}

/** Code lines only: comments say what SQL does, in words that may look like SQL. */
const codeLines = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ''))
    .split('\n')
    .map((line, i) => ({ line: line.replace(/^\s*\/\/.*$/, ''), no: i + 1 }));

describe('SQL lives in repositories', () => {
  it('finds no SQL outside *.repo.ts, migrations and the listed infrastructure', () => {
    const files = ['src', 'jobs', 'admin-components'].flatMap(sourceFiles).filter((f) => !f.endsWith('.repo.ts') && !INFRASTRUCTURE.includes(f));
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) =>
      codeLines(readFileSync(path.join(projectRoot, file), 'utf8'))
        .filter(({ line }) => SQL.some((re) => re.test(line)))
        .map(({ line, no }) => `${file}:${no}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });

  it('would find SQL where it does not belong (the check itself works)', () => {
    const lines = codeLines("const a = 1;\n  await db.raw('select 1');\n  // DELETE FROM in a comment\n  await trx('products').where({ id });");
    expect(lines.filter(({ line }) => SQL.some((re) => re.test(line))).map((l) => l.no)).toEqual([2, 4]);
  });
});
