import { getDomain, parse } from 'tldts';

/**
 * Decides whether a browser `Origin` may post receipts: one configured, or the collector's own (on a configured
 * origin's site, where any is configured).
 */
export type OriginPolicy = (origin: string, ownOrigin: string) => boolean;

interface Allowed {
  protocol: string;
  port: string;
  /** An exact host name, or the suffix after `*` of a wildcard entry (`.ooopic.com`). */
  host: string;
  wildcard: boolean;
  /** A wildcard's site (its registrable domain): `ooopic.com` for `*.shop.ooopic.com`. */
  site: string | null;
}

const ENTRY = /^(https?):\/\/(\*\.)?([^/?#*]+)$/i;

/**
 * The Public Suffix List (publicsuffix.org) as `tldts` ships it, kept current with each release: the list has
 * thousands of suffixes of three labels and more (pvt.k12.ma.us) and changes weekly, so no excerpt of it holds. Its
 * private section counts: a platform that gives each customer a subdomain (github.io, s3.amazonaws.com) is as public
 * as com.cn to a wildcard, which would let every customer's site post receipts.
 */
const PSL = { allowPrivateDomains: true } as const;

/**
 * Parses the configured origins once. An entry is an origin as browsers send it (`https://www.ooopic.com`,
 * `http://localhost:8080`) or a wildcard over one site's subdomains (`https://*.ooopic.com`: www., m. and the rest,
 * not ooopic.com itself). `*` alone is refused: the SDK's sendBeacon fallback posts with credentials, which CORS never allows for `*`, and a
 * log that takes receipts from any site proves nothing; so is a wildcard directly over a top-level domain or a public
 * suffix, of the list's ICANN section (com.cn, pvt.k12.ma.us) or its private one (github.io, s3.amazonaws.com).
 * `label(i)` names the entry in errors (the option or flag).
 */
export function createOriginPolicy(entries: readonly string[], label: (index: number) => string = i => `origins[${i}]`): OriginPolicy {
  const allowed = entries.map((entry, index) => parseEntry(entry, label(index)));
  const sites = new Set(allowed.map(rule => rule.site ?? siteOf(rule.host)));
  return (origin, ownOrigin) => {
    // The collector's own origin is the `Host` the client sent: a name of another site resolved to the collector (DNS
    // rebinding) made any origin its own. With origins configured, its own is taken on their sites only.
    if (origin === ownOrigin && (!allowed.length || sites.has(siteOf(new URL(origin).hostname)))) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      // `null` (sandboxed frames, file: pages, Referrer-Policy: no-referrer beacons) names no site: never allowed.
      return false;
    }
    if (url.origin !== origin) return false;
    // A host under a wildcard is taken only on the wildcard's own site: a public suffix below its name makes the hosts
    // under that suffix sites of others (`*.amazonaws.com` spans s3.amazonaws.com, where each bucket is a customer's).
    return allowed.some(rule =>
      rule.protocol === url.protocol && rule.port === url.port &&
      (rule.wildcard
        ? url.hostname.endsWith(rule.host) && url.hostname.length > rule.host.length && getDomain(url.hostname, PSL) === rule.site
        : url.hostname === rule.host),
    );
  };
}

/** A host's site: its registrable domain, or the host itself (`localhost`, an address). */
const siteOf = (host: string) => getDomain(host, PSL) ?? host;

function parseEntry(entry: unknown, name: string): Allowed {
  const bad = (why: string) =>
    new TypeError(`consent-gate/server: ${name} ${why}, got ${JSON.stringify(entry)} (expected an origin such as https://www.ooopic.com or https://*.ooopic.com)`);
  if (typeof entry !== 'string') throw bad('must be a string');
  const match = ENTRY.exec(entry.trim());
  if (!match) throw bad(entry.includes('/', entry.indexOf('//') + 2) ? 'must be an origin without a path (not even a trailing "/")' : 'must be an http(s) origin');
  const [, scheme, star, rest] = match as unknown as [string, string, string | undefined, string];
  let url: URL;
  try {
    url = new URL(`${scheme}://${star ? 'wildcard.' : ''}${rest}`);
  } catch {
    throw bad('must be an http(s) origin');
  }
  if (url.username || url.password) throw bad('must not carry credentials');
  const host = star ? url.hostname.slice('wildcard'.length) : url.hostname;
  if (star && host.split('.').filter(Boolean).length < 2) throw bad('may use "*." only before a site name with a dot (https://*.ooopic.com)');
  const suffix = host.slice(1).replace(/\.$/, '');
  // A name that is itself a public suffix has no registrable domain.
  const listed = star ? parse(suffix, PSL) : undefined;
  if (listed && !listed.domain) {
    const port = url.port ? `:${url.port}` : '';
    throw new TypeError(
      `consent-gate/server: ${name} may not put "*." directly before ${suffix}, a public suffix` +
        `${listed.isPrivate ? " (a platform's, under which each customer has a site of its own)" : ''}: every site registered under it could post receipts. ` +
        `Name your own site: ${scheme.toLowerCase()}://*.your-site.${suffix}${port} or ${scheme.toLowerCase()}://www.your-site.${suffix}${port}`,
    );
  }
  return { protocol: url.protocol, port: url.port, host, wildcard: Boolean(star), site: listed?.domain ?? null };
}
