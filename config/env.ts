import path from 'node:path';
import { z } from 'zod';

/** Project root, resolved from this file so that scripts work from any working directory. */
export const projectRoot = path.resolve(import.meta.dirname, '..');

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

/** A comma-separated list of millisecond delays, e.g. `5000,30000`. */
const msList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
      .map(Number),
  )
  .refine((list) => list.length > 0 && list.every((n) => Number.isInteger(n) && n >= 0), {
    message: 'must be a comma-separated list of milliseconds',
  });

/** How long a kind of record is kept, in days (0: forever). */
const retentionDays = (defaultDays: number) => z.coerce.number().int().min(0).max(36_500).default(defaultDays);

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: optionalUrl(['http', 'https']),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  DB_POOL_MAX: z.coerce.number().int().min(2).max(200).default(10),

  MONGODB_URL: optionalUrl(['mongodb', 'mongodb+srv']),
  JOBS_PROCESS_EVERY_MS: z.coerce.number().int().min(100).default(1000),
  JOBS_LOCK_LIFETIME_MS: z.coerce.number().int().min(1000).default(60_000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),

  SESSION_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, {
    message: 'must be at least 32 characters',
  }),
  COOKIE_SECURE: bool.optional(),
  ADMIN_EMAIL: optionalString.refine((v) => v === undefined || z.email().safeParse(v).success, {
    message: 'must be an e-mail address',
  }),
  ADMIN_PASSWORD: optionalString.refine((v) => v === undefined || v.length >= 8, {
    message: 'must be at least 8 characters',
  }),

  IMPORT_CHUNK_SIZE: z.coerce.number().int().min(100).max(200_000).default(20_000),
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024 * 1024),
  /** Partitions (by hash of the lower-cased SKU) an import's apply is split into: how many appliers can share it. */
  IMPORT_PARTITIONS: z.coerce.number().int().min(1).max(64).default(4),
  /** An import expected to write at least this many products (and 30% of the table) loads with the secondary indexes dropped. */
  IMPORT_BULK_MIN_ROWS: z.coerce.number().int().min(1).default(100_000),
  /** Imports record what they created and changed (before and after), so they can be audited and reverted. */
  IMPORT_RECORD_CHANGES: bool.default(true),
  /** A previewed import that is not applied within this time (ms) expires and its staged rows are dropped. */
  IMPORT_PREVIEW_TTL_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(24 * 60 * 60 * 1000),
  /**
   * An upload that receives no bytes for this long (ms) is abandoned: its import fails, saying so
   * (rows already applied stay). A resumable upload can be continued until then.
   */
  IMPORT_UPLOAD_ABANDON_AFTER_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(30 * 60 * 1000),

  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  MAIL_FROM: z.string().default('ACME Product Importer <no-reply@acme.local>'),

  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: bool.default(false),
  /** Delays before each webhook retry (ms, comma-separated); attempts = 1 + their number. */
  WEBHOOK_RETRY_DELAYS_MS: msList.default([5_000, 30_000, 120_000, 600_000, 3_600_000, 21_600_000, 57_600_000]),
  /** A webhook is disabled after this many failed attempts in a row... */
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).default(20),
  /** ...that span at least this long (ms) since the first of them. */
  WEBHOOK_DISABLE_AFTER_MS: z.coerce.number().int().min(0).default(86_400_000),
  /** Delays before each e-mail retry on SMTP failure (ms, comma-separated). */
  MAIL_RETRY_DELAYS_MS: msList.default([30_000, 120_000, 600_000, 3_600_000, 21_600_000]),

  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),

  /** Days delivery attempts (webhook_deliveries) are kept; 0 keeps them forever. */
  RETENTION_DAYS_WEBHOOK_DELIVERIES: retentionDays(30),
  /** Days finished webhook messages are kept (and while any of their attempts is); 0 keeps them forever. */
  RETENTION_DAYS_WEBHOOK_MESSAGES: retentionDays(30),
  /** Days e-mails in the outbox that are no longer queued (sent, stored, failed) are kept; 0 keeps them forever. */
  RETENTION_DAYS_MAIL_OUTBOX: retentionDays(30),
  /** Days the rejected rows of an import are kept after it ended; 0 keeps them forever. */
  RETENTION_DAYS_IMPORT_ERRORS: retentionDays(30),
  /** Days domain events (the outbox, domain_events) are kept after they were dispatched; 0 keeps them forever. Undispatched ones are always kept. */
  RETENTION_DAYS_DOMAIN_EVENTS: retentionDays(7),

  /** Test hook, honoured only when NODE_ENV=test: SIGKILL the process right after a commit that recorded events, before their fan-out. */
  TEST_KILL_AFTER_EVENT_COMMIT: bool.default(false),
});

export type Env = z.output<typeof schema>;

export interface Config extends Env {
  /** Absolute data directory (embedded database, outbox). */
  dataDir: string;
  /** Base URL used in links (e-mails, Location headers). */
  publicUrl: string;
  isProduction: boolean;
  /** TEST_KILL_AFTER_EVENT_COMMIT, when NODE_ENV=test (otherwise always false). */
  killAfterEventCommit: boolean;
}

/** Thrown when the environment is invalid; `problems` lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and validates the environment once; throws ConfigError naming every problem. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const env = parsed.data;
  return {
    ...env,
    dataDir: path.resolve(projectRoot, env.DATA_DIR),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    isProduction: env.NODE_ENV === 'production',
    killAfterEventCommit: env.NODE_ENV === 'test' && env.TEST_KILL_AFTER_EVENT_COMMIT,
  };
}

/** loadConfig for entry points: prints the problems and exits with status 1. */
export function loadConfigOrExit(source: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(source);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
