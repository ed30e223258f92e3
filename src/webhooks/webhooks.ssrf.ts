import dns from 'node:dns';
import net from 'node:net';

type Reason = 'loopback' | 'private' | 'link-local' | 'metadata' | 'reserved';

const ranges: [Reason, string, number, 'ipv4' | 'ipv6'][] = [
  ['metadata', '169.254.169.254', 32, 'ipv4'],
  ['metadata', '100.100.100.200', 32, 'ipv4'],
  ['metadata', 'fd00:ec2::254', 128, 'ipv6'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['loopback', '0.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['private', '100.64.0.0', 10, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['reserved', '198.18.0.0', 15, 'ipv4'],
  ['reserved', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['loopback', '::1', 128, 'ipv6'],
  ['loopback', '::', 128, 'ipv6'],
  ['private', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['reserved', 'ff00::', 8, 'ipv6'],
];
const lists = new Map<Reason, net.BlockList>();
for (const [reason, address, prefix, type] of ranges) {
  if (!lists.has(reason)) lists.set(reason, new net.BlockList());
  lists.get(reason)!.addSubnet(address, prefix, type);
}

/** `::ffff:a.b.c.d` / `::ffff:7f00:1` → `a.b.c.d`; other addresses unchanged. */
function unmapIpv4(address: string): string {
  const m = /^::ffff:(.+)$/i.exec(address);
  if (!m) return address;
  if (net.isIPv4(m[1]!)) return m[1]!;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(m[1]!);
  if (!hex) return address;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/**
 * Why a delivery may not connect to `address`, or null when it may. Metadata addresses are
 * always refused; loopback, private, link-local and reserved ones unless private networks are allowed.
 */
export function blockedAddressReason(address: string, allowPrivateNetworks: boolean): Reason | null {
  const ip = unmapIpv4(address.replace(/^\[|\]$/g, ''));
  const type = net.isIPv4(ip) ? 'ipv4' : net.isIPv6(ip) ? 'ipv6' : null;
  if (!type) return null;
  for (const [reason, list] of lists) {
    if (list.check(ip, type)) return reason === 'metadata' || !allowPrivateNetworks ? reason : null;
  }
  return null;
}

/** Thrown (as a connection error) when a webhook URL resolves to a refused address. */
export class BlockedAddressError extends Error {
  readonly code = 'EWEBHOOKBLOCKED';
  constructor(host: string, address: string, reason: Reason) {
    super(`Refused: ${host} resolves to ${address} (${reason} address); see WEBHOOK_ALLOW_PRIVATE_NETWORKS`);
    this.name = 'BlockedAddressError';
  }
}

/**
 * A `lookup` for http.request: resolves like dns.lookup, then refuses the connection when any
 * address is blocked. It runs at connect time, so what is checked is what is connected to.
 */
export function guardedLookup(allowPrivateNetworks: boolean): net.LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err);
      for (const a of addresses) {
        const reason = blockedAddressReason(a.address, allowPrivateNetworks);
        if (reason) return callback(new BlockedAddressError(hostname, a.address, reason));
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }));
      callback(null, first.address, first.family);
    });
  }) as unknown as net.LookupFunction;
}

const REASON_WORDS: Record<Reason, string> = {
  loopback: 'a loopback address (this machine)',
  private: 'a private-network address',
  'link-local': 'a link-local address',
  metadata: 'a cloud metadata address',
  reserved: 'a reserved address',
};

/**
 * The warning for a webhook URL whose deliveries the SSRF rule above would refuse, said when the
 * URL is typed rather than when the first delivery fails: it names the address, why, and the
 * setting (WEBHOOK_ALLOW_PRIVATE_NETWORKS). Host names are resolved as a delivery would; null when
 * deliveries may go there, or when the URL or its host cannot be resolved (nothing to say yet).
 */
export async function refusedWebhookUrlWarning(
  url: string,
  allowPrivateNetworks: boolean,
  resolve: (host: string) => Promise<string[]> = resolveAll,
): Promise<string | null> {
  let host: string;
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    host = parsed.hostname.replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
  const addresses = net.isIP(host) ? [host] : await resolve(host).catch(() => []);
  for (const address of addresses) {
    const reason = blockedAddressReason(address, allowPrivateNetworks);
    if (!reason) continue;
    const where = address === host ? `${host} is ${REASON_WORDS[reason]}` : `${host} resolves to ${address}, ${REASON_WORDS[reason]}`;
    if (reason === 'metadata') return `${where}: deliveries to it are always refused, whatever WEBHOOK_ALLOW_PRIVATE_NETWORKS says.`;
    return `${where}: deliveries to it are refused while WEBHOOK_ALLOW_PRIVATE_NETWORKS is false. To deliver inside your own network, set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true on the server.`;
  }
  return null;
}

/** Every address of a host name (like a delivery's lookup), within 3 s. */
function resolveAll(host: string): Promise<string[]> {
  const lookup = dns.promises.lookup(host, { all: true }).then((list) => list.map((a) => a.address));
  const timeout = new Promise<string[]>((resolve) => setTimeout(() => resolve([]), 3000).unref());
  return Promise.race([lookup, timeout]);
}
