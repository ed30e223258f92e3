import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../config/env.js';

const FILE = path.join(projectRoot, 'docs', 'BENCHMARKS.md');
const HEADER = `# Benchmarks

Each section is written by its \`npm run bench:…\` script, measured against a baseline in the same
run on the same machine. Our machines are 2 shared cores: read medians and ratios, not single runs.
`;

/** Replaces (or appends) one benchmark's section in docs/BENCHMARKS.md. */
export function writeBenchmarkSection(name: string, markdown: string): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const stamp = `_Measured ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}._`;
  const section = `${start}\n${markdown.trim()}\n\n${stamp}\n${end}`;
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const re = new RegExp(`${start}[\\s\\S]*?${end}`);
  writeFileSync(FILE, re.test(current) ? current.replace(re, section) : `${current.trimEnd()}\n\n${section}\n`);
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
