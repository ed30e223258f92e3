import { pino, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';

export type Logger = PinoLogger;

/** Paths never written to logs, whatever object they appear in. */
const REDACT = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'signingSecret',
  '*.signingSecret',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

/** Where and how entries are written; tests pass a destination. */
export interface LogOutput {
  /** Readable lines instead of JSON (default: when stdout is a terminal). */
  terminal?: boolean;
  destination?: NodeJS.WritableStream;
}

/**
 * The application's structured logger; children carry request or job ids. On a terminal it
 * prints one readable line per entry (time, level, message, fields); elsewhere (files, pipes,
 * containers) one JSON object per line. Redaction applies to both.
 */
export function createLogger(level: string, name = 'acme', output: LogOutput = {}): Logger {
  const options = { name, level, redact: { paths: REDACT, censor: '[redacted]' } };
  const terminal = output.terminal ?? process.stdout.isTTY === true;
  if (!terminal) return output.destination ? pino(options, output.destination) : pino(options);
  // A stream in this thread (not a transport worker): lines stay in order with the banner that
  // boot writes to stdout, and nothing is lost when the process exits right after logging.
  return pino(
    options,
    pretty({
      sync: true,
      colorize: !output.destination,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,name,role',
      singleLine: true,
      ...(output.destination ? { destination: output.destination } : {}),
    }),
  );
}
