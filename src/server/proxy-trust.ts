import { BlockList, isIP } from 'node:net';

/**
 * Which proxies in front of the collector are believed: how many (every peer is taken for the nearest of them), or
 * which addresses and subnets (`'10.0.0.0/8'`, `'2001:db8::/32'`, `'192.0.2.7'`): a request from any other peer is
 * taken as it came, whatever it says in `X-Forwarded-For`. @default 0
 */
export type TrustedProxies = number | readonly string[];

/** What the hops in front said about a request, once only the trusted ones are believed. */
export interface Forwarded {
  /** The client: the socket's peer, or the address the farthest trusted proxy saw. */
  address: string | undefined;
  /** The scheme the client used, when a trusted proxy said so (`X-Forwarded-Proto`). */
  proto: 'http' | 'https' | undefined;
}

export type ProxyTrust = (peer: string | undefined, forwardedFor: string | undefined, forwardedProto: string | undefined) => Forwarded;

/** Checks the option once (naming `name` in the error) and gives the function that reads a request's hops. */
export function createProxyTrust(option: TrustedProxies | undefined, name = 'trustedProxies'): ProxyTrust {
  const value = option ?? 0;
  let trusted: (address: string) => boolean;
  let most: number;
  if (typeof value === 'number') {
    if (!(Number.isInteger(value) && value >= 0)) {
      throw new TypeError(`consent-gate/server: ${name} must be a whole number of proxies or a list of addresses, got ${JSON.stringify(option)}`);
    }
    trusted = () => true;
    most = value;
  } else if (Array.isArray(value)) {
    const list = new BlockList();
    value.forEach((entry, index) => addEntry(list, entry, `${name}[${index}]`));
    trusted = address => {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
    };
    // Every hop is checked, so the chain's length is bounded only by the header's.
    most = Infinity;
  } else {
    throw new TypeError(`consent-gate/server: ${name} must be a whole number of proxies or a list of addresses, got ${JSON.stringify(option)}`);
  }
  return (peer, forwardedFor, forwardedProto) => {
    if (!most || peer === undefined || !trusted(unmapped(peer))) return { address: peer, proto: undefined };
    // Each proxy appends the address it was called from: read from the right, past every proxy believed, and the
    // first address no trusted proxy owns is the client's (anything left of it the client may have written itself).
    const hops = split(forwardedFor);
    let believed = 1;
    while (believed < most && believed < hops.length && trusted(unmapped(hops[hops.length - believed]!))) believed++;
    // Fewer hops than a count of proxies: the request skipped some, so no hop in the header can be vouched for (the
    // leftmost is whatever the client wrote) and the peer is the client. A list vouches for each hop it stops at.
    const address = typeof value == 'number' && hops.length < most ? peer : hops[hops.length - believed] ?? peer;
    // A proxy appends the address it saw, never a name or a word: a hop that is no address was written by the client
    // (one that reached the collector past its proxies), which would choose its own rate-limit key with each request.
    if (!isIP(unmapped(address ?? ''))) return { address: peer, proto: undefined };
    const protos = split(forwardedProto).map(proto => proto.toLowerCase());
    const proto = protos[protos.length - believed] ?? protos[0];
    return { address, proto: proto === 'https' || proto === 'http' ? proto : undefined };
  };
}

function addEntry(list: BlockList, entry: unknown, path: string) {
  const [address, prefix, extra] = typeof entry === 'string' ? entry.trim().split('/') : [];
  const family = isIP(address ?? '');
  const bits = prefix === undefined ? undefined : Number(prefix);
  const max = family === 6 ? 128 : 32;
  if (!family || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(prefix!) && bits <= max))) {
    throw new TypeError(`consent-gate/server: ${path} must be an IP address or a subnet such as "10.0.0.0/8" or "2001:db8::/32", got ${JSON.stringify(entry)}`);
  }
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (bits === undefined) list.addAddress(address!, type);
  else list.addSubnet(address!, bits, type);
}

function split(header: string | undefined): string[] {
  return String(header ?? '').split(',').map(hop => hop.trim()).filter(Boolean);
}

/**
 * An address as one spelling: without the port or brackets a proxy may add (`1.2.3.4:5678`, `[2001:db8::1]:443`), and
 * an IPv4 client on a dual-stack socket (`::ffff:a.b.c.d`, however written) as the IPv4 address it is.
 */
export function unmapped(address: string): string {
  const plain = address.trim().replace(/^\[([^\]]*)\](?::\d+)?$/, '$1').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1');
  if (isIP(plain) != 6) return plain;
  // The URL parser writes an IPv6 address one way: compressed, lowercase, an embedded IPv4 part in hex.
  const canonical = new URL(`http://[${plain.replace(/%.*$/, '')}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!mapped) return canonical;
  const [high, low] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/**
 * The key a client is rate-limited by. An IPv6 host is usually given a whole /64 (RFC 6177) and picks any address in
 * it at will (RFC 8981 temporary addresses), so a limit per address would be a limit per request: IPv6 clients are
 * keyed by their /64. IPv4 clients, also those reported IPv4-mapped, by their address.
 */
export function rateKey(address: string): string {
  const plain = unmapped(address);
  if (isIP(plain) != 6) return plain;
  const [head = '', tail] = plain.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).join(':')}::/64`;
}
