import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new signing secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export function generateSigningSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** The first characters of a secret, safe to show in lists after creation. */
export function secretHint(secret: string): string {
  return `${secret.slice(0, PREFIX.length + 4)}…`;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with the key decoded from `whsec_<base64>`. */
export function signatureFor(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export interface SignedHeaders {
  'content-type': string;
  'user-agent': string;
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Standard Webhooks headers for one attempt. While a rotated-out secret is still valid, the
 * signature header carries one signature per secret (space-separated), as the spec allows.
 */
export function signedHeaders(opts: { id: string; timestamp: number; body: string; secrets: string[] }): SignedHeaders {
  return {
    'content-type': 'application/json',
    'user-agent': 'ACME-Product-Importer-Webhooks/1.0',
    'webhook-id': opts.id,
    'webhook-timestamp': String(opts.timestamp),
    'webhook-signature': opts.secrets.map((s) => signatureFor(s, opts.id, opts.timestamp, opts.body)).join(' '),
  };
}
