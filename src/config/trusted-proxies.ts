/**
 * @module config/trusted-proxies
 * `ZZ_TRUSTED_PROXIES`: the reverse proxies whose `X-Forwarded-For` the hub believes, as a
 * comma-separated list of addresses and CIDR ranges (IPv4 or IPv6). Empty by default: without a
 * listed proxy the header is anyone's to forge, so it is ignored.
 */
import { isIP } from 'node:net';

export interface TrustedProxy {
  address: string;
  /** Prefix length; the full address length for a single address. */
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** The parsed list, or the entries that are neither an address nor a CIDR range. */
export function parseTrustedProxies(raw: string | undefined): { proxies: TrustedProxy[]; bad: string[] } {
  const proxies: TrustedProxy[] = [];
  const bad: string[] = [];
  for (const entry of (raw ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [address = '', prefixText] = entry.split('/');
    const version = isIP(address);
    const bits = version === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (version === 0 || !(prefix >= 0 && prefix <= bits)) bad.push(entry.slice(0, 60));
    else proxies.push({ address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' });
  }
  return { proxies, bad };
}
