/**
 * @module http/client-address
 * The address a request really comes from, for the per-address sign-in lock and rate limits.
 * Behind a trusted reverse proxy that is the nearest untrusted hop of `X-Forwarded-For` (read from
 * the right: the left part is whatever the client chose to send); from any other peer the header is
 * ignored and the peer itself is the client, so nobody escapes a lock by inventing an address.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { BlockList, isIP } from 'node:net';
import type { TrustedProxy } from '../config/trusted-proxies.js';
import type { HubEnv } from './hub-env.js';

export type ClientAddressResolver = (peer: string, forwardedFor: string | undefined) => string;

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`. */
const plain = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

export function createClientAddressResolver(proxies: readonly TrustedProxy[]): ClientAddressResolver {
  const trusted = new BlockList();
  for (const p of proxies) trusted.addSubnet(p.address, p.prefix, p.family);
  const isTrusted = (address: string) => {
    const version = isIP(address);
    return version !== 0 && trusted.check(address, version === 4 ? 'ipv4' : 'ipv6');
  };
  return (peer, forwardedFor) => {
    let client = plain(peer);
    if (!isTrusted(client) || !forwardedFor) return client;
    const hops = forwardedFor.split(',').map((hop) => plain(hop.trim()));
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] as string;
      if (isIP(hop) === 0) return client;
      client = hop;
      if (!isTrusted(hop)) return hop;
    }
    return client;
  };
}

/** The socket's remote address ('unknown' when the server adapter cannot tell, e.g. in-process requests). */
export function peerAddress(c: Context<HubEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The client address of a request as the resolver sees it. */
export function requestClientAddress(c: Context<HubEnv>, resolve: ClientAddressResolver): string {
  return resolve(peerAddress(c), c.req.header('x-forwarded-for'));
}
