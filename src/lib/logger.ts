import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** Paths never written to logs, whatever object they appear in. */
const REDACT = [
  'password', '*.password', 'token', '*.token', 'secret', '*.secret', 'signingSecret', '*.signingSecret',
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  'headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie',
];

/** The application's structured logger; children carry request or job ids. */
export function createLogger(level: string, name = 'acme'): Logger {
  return pino({ name, level, redact: { paths: REDACT, censor: '[redacted]' } });
}
