import { describe, expect, it } from 'vitest';
import { parseTrustedProxies } from '../config/trusted-proxies.js';
import { createClientAddressResolver } from './client-address.js';

const resolver = (raw: string) => createClientAddressResolver(parseTrustedProxies(raw).proxies);

describe('client address', () => {
  it('ignores X-Forwarded-For when no proxy is trusted, or the peer is not one', () => {
    expect(resolver('')('203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
    expect(resolver('10.0.0.0/8')('203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
  });

  it('takes the nearest untrusted hop behind a trusted proxy, not what the client wrote on the left', () => {
    const behind = resolver('10.0.0.0/8, ::1');
    expect(behind('10.1.2.3', '198.51.100.1')).toBe('198.51.100.1');
    expect(behind('::ffff:10.1.2.3', 'forged-by-client, 198.51.100.1, 10.9.9.9')).toBe('198.51.100.1');
    expect(behind('::1', '1.2.3.4, 198.51.100.7')).toBe('198.51.100.7');
    expect(behind('10.1.2.3', undefined)).toBe('10.1.2.3');
    expect(behind('10.1.2.3', 'garbage')).toBe('10.1.2.3');
  });

  it('parses addresses and CIDR ranges and names the bad entries', () => {
    expect(parseTrustedProxies('10.0.0.0/8, 192.0.2.1, 2001:db8::/32').proxies).toEqual([
      { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
      { address: '192.0.2.1', prefix: 32, family: 'ipv4' },
      { address: '2001:db8::', prefix: 32, family: 'ipv6' },
    ]);
    expect(parseTrustedProxies('10.0.0.0/33, proxy.local, 10.0.0.1').bad).toEqual(['10.0.0.0/33', 'proxy.local']);
  });
});
