// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createProxyTrust, rateKey, type TrustedProxies } from '../../src/server/proxy-trust.js';

describe('createProxyTrust: whose X-Forwarded-For is believed', () => {
  it.each<[string, TrustedProxies, string | undefined, string | undefined, string | undefined, string | undefined, string | undefined]>([
    // [case, option, peer, X-Forwarded-For, X-Forwarded-Proto, client, proto]
    ['no proxies: the socket, whatever the headers say', 0, '203.0.113.5', '198.51.100.1', 'https', '203.0.113.5', undefined],
    ['one proxy: the hop it appended', 1, '10.0.0.2', '198.51.100.1, 203.0.113.5', 'https', '203.0.113.5', 'https'],
    ['two proxies: the hop the farther one appended', 2, '10.0.0.2', '198.51.100.1, 203.0.113.5, 10.0.0.9', 'http, https', '203.0.113.5', 'http'],
    // Regression: the leftmost hop is whatever a client reaching the collector past a proxy wrote, a new one each time.
    ['fewer hops than the count: the peer, no hop vouched for', 3, '10.0.0.2', '203.0.113.5', undefined, '10.0.0.2', undefined],
    ['a trusted proxy that sent no header: the proxy itself', 1, '10.0.0.2', undefined, undefined, '10.0.0.2', undefined],
    ['a listed peer: the hop it appended', ['10.0.0.0/8'], '10.0.0.2', '198.51.100.1, 203.0.113.5', 'https', '203.0.113.5', 'https'],
    // Regression: a count trusted any peer, so a client reaching the collector past the balancer chose its own address.
    ['a peer not listed: the socket, the headers ignored', ['10.0.0.0/8'], '203.0.113.66', '198.51.100.1', 'https', '203.0.113.66', undefined],
    ['listed hops are skipped up to the first one not listed', ['10.0.0.0/8', '192.0.2.7'], '10.0.0.2', '198.51.100.1, 203.0.113.5, 192.0.2.7, 10.1.2.3', 'https', '203.0.113.5', 'https'],
    ['a client writing a listed address left of its own is not believed past it', ['10.0.0.0/8'], '10.0.0.2', '10.9.9.9, 203.0.113.5', undefined, '203.0.113.5', undefined],
    ['every hop listed: the farthest', ['10.0.0.0/8'], '10.0.0.2', '10.0.0.7, 10.0.0.8', undefined, '10.0.0.7', undefined],
    ['an IPv4-mapped peer matches an IPv4 subnet', ['10.0.0.0/8'], '::ffff:10.0.0.2', '203.0.113.5', undefined, '203.0.113.5', undefined],
    ['IPv6 subnets', ['2001:db8::/32'], '2001:db8:1::2', '2001:db8:2::3, 2400:cb00::1', undefined, '2400:cb00::1', undefined],
    ['a proto the header repeats unevenly: the first one', 2, '10.0.0.2', '203.0.113.5, 10.0.0.9', 'https', '203.0.113.5', 'https'],
    ['a proto other than http(s) is not a proto', 1, '10.0.0.2', '203.0.113.5', 'gopher', '203.0.113.5', undefined],
    // Regression (security probe): a client past the proxies wrote a new word each request, each its own rate-limit key.
    ['a hop that is no address: the peer', 1, '10.0.0.2', 'not-an-ip-7', 'https', '10.0.0.2', undefined],
    ['a hop with a port is an address', 1, '10.0.0.2', '203.0.113.5:4711', undefined, '203.0.113.5:4711', undefined],
  ])('%s', (_, option, peer, forwardedFor, forwardedProto, address, proto) => {
    expect(createProxyTrust(option)(peer, forwardedFor, forwardedProto)).toEqual({ address, proto });
  });

  it.each<[unknown, string]>([
    [-1, 'trustedProxies must be a whole number of proxies or a list of addresses, got -1'],
    [1.5, 'trustedProxies must be a whole number of proxies or a list of addresses, got 1.5'],
    ['10.0.0.0/8', 'trustedProxies must be a whole number of proxies or a list of addresses, got "10.0.0.0/8"'],
    [['10.0.0.0/33'], 'trustedProxies[0] must be an IP address or a subnet such as "10.0.0.0/8" or "2001:db8::/32", got "10.0.0.0/33"'],
    [['10.0.0.1', 'proxy.internal'], 'trustedProxies[1] must be an IP address or a subnet'],
    [['10.0.0.0/8/8'], 'trustedProxies[0] must be an IP address or a subnet'],
    [['10.0.0.0/-8'], 'trustedProxies[0] must be an IP address or a subnet'],
    [[7], 'trustedProxies[0] must be an IP address or a subnet such as "10.0.0.0/8" or "2001:db8::/32", got 7'],
  ])('refuses %j, naming the entry', (option, message) => {
    expect(() => createProxyTrust(option as TrustedProxies)).toThrow(`consent-gate/server: ${message}`);
  });
});

describe('rateKey: what a client is rate-limited by', () => {
  it.each([
    ['203.0.113.5', '203.0.113.5'],
    ['::ffff:203.0.113.5', '203.0.113.5'],
    ['::FFFF:203.0.113.5', '203.0.113.5'],
    // Regression: keyed by the whole address, an IPv6 client picking a new address in its /64 for each receipt
    // (RFC 8981) was never limited.
    ['2001:db8:1:2:a:b:c:d', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['2001:db8:1:2:3::1.2.3.4', '2001:db8:1:2::/64'],
    // Regression: a port or brackets a proxy adds made one bucket per connection; every spelling of a mapped address is one.
    ['203.0.113.5:5678', '203.0.113.5'],
    ['[2001:db8:1:2::a]:443', '2001:db8:1:2::/64'],
    ['0:0:0:0:0:ffff:203.0.113.5', '203.0.113.5'],
    ['::ffff:cb00:7105', '203.0.113.5'],
    ['not an address', 'not an address'],
  ])('%s → %s', (address, key) => {
    expect(rateKey(address)).toBe(key);
  });
});
