/**
 * Webhook URLs point at developers' servers, so the store must not be turned into a proxy into
 * its own network (SSRF). A URL is accepted only when it is https (http too with the
 * development setting) and every address its host resolves to is public: loopback, private,
 * link-local (cloud metadata at 169.254.169.254 included), unique-local, CGNAT, multicast and
 * reserved ranges are refused — loopback alone is allowed by NOTIFICATIONS_ALLOW_LOOPBACK.
 * Delivery resolves again, checks again and connects to exactly the address it checked
 * (`lookup` pinned), and never follows redirects, so DNS rebinding cannot slip past the check.
 */
import dns from 'node:dns/promises';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { AppError, registerErrors } from '../../platform/errors.js';

registerErrors({
  webhook_url_rejected: { status: 422, title: 'This webhook URL is not allowed' },
});

export interface UrlPolicy {
  /** Development: http:// and loopback addresses allowed. */
  allowLoopback: boolean;
}

const BLOCKED = new Set([
  'unspecified',
  'broadcast',
  'multicast',
  'linkLocal',
  'loopback',
  'private',
  'uniqueLocal',
  'carrierGradeNat',
  'reserved',
  'benchmarking',
  'amt',
  'as112',
  'as112v6',
  'deprecated',
  'orchid2',
  'droneRemoteIdProtocolEntityTags',
  'ipv4Mapped',
  'rfc6145',
  'rfc6052',
  '6to4',
  'teredo',
  'discard',
]);

/** Why an address may not be called, or null when it is public. */
export function blockedReason(address: string, policy: UrlPolicy): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address);
  } catch {
    return 'not an IP address';
  }
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  if (range === 'loopback' && policy.allowLoopback) return null;
  return BLOCKED.has(range) ? `${address} is a ${range} address` : null;
}

/** Parses and checks a webhook URL (scheme, credentials, every resolved address). Throws webhook_url_rejected. */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy): Promise<{ url: URL; address: string; family: 4 | 6 }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('webhook_url_rejected', 'Not a valid URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowLoopback))
    throw new AppError('webhook_url_rejected', 'Webhook URLs must use https');
  if (url.username || url.password) throw new AppError('webhook_url_rejected', 'Webhook URLs may not carry credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: Array<{ address: string; family: number }>;
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addresses = await dns.lookup(host, { all: true, verbatim: true });
    } catch {
      throw new AppError('webhook_url_rejected', `${host} does not resolve`);
    }
  }
  if (addresses.length === 0) throw new AppError('webhook_url_rejected', `${host} does not resolve`);
  for (const a of addresses) {
    const why = blockedReason(a.address, policy);
    if (why) throw new AppError('webhook_url_rejected', `${host} resolves to a non-public address (${why})`);
  }
  const first = addresses[0] as { address: string; family: number };
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
