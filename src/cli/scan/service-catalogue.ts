import { landedKey, ownKey } from '../../core/storage.js';
import { isUnderDomain, normalizeHost } from './site-of.js';

/** What the scan knows of a service: enough to name what it saw, and whether the page asks consent for it. */
export interface ServiceSpec {
  id: string;
  category: string;
  /** Exact host names, `*.example.com` (any subdomain) or `.example.com` (the domain and its subdomains). */
  hosts: string[];
  /** Exact cookie names or `^patterns`, as in the SDK's config. */
  cookies: string[];
  /** Exact localStorage / sessionStorage keys or `^patterns`. */
  storage: string[];
}

/** A named observation: which service, of which category, and whether the page's config or `--config` lists it. */
export interface ServiceName {
  id: string;
  category: string;
  configured: boolean;
}

export interface ServiceCatalogue {
  /** The service a request host belongs to. */
  /**
   * The service a request goes to. With the request's `path`, the rule with the longest path prefix wins (a
   * sign-in widget and a share SDK on one host); without it (a cookie's domain) path prefixes are not told apart.
   */
  byHost(host: string, path?: string, request?: { method: string; url: string; receipt?: boolean }): ServiceName | undefined;
  /** The service a cookie belongs to: by name first (first-party cookies), then by the host it is set for. */
  byCookie(name: string, domain: string): ServiceName | undefined;
  byStorage(key: string): ServiceName | undefined;
}

/** The consent record itself is a necessary cookie (SPEC §4); the SDK's own service name in reports. */
export const CONSENT_GATE = 'consent-gate';

interface Matcher {
  name: ServiceName;
  hosts: string[];
  cookies: RegExp[];
  storage: RegExp[];
}

/**
 * The SDK's rule for names (src/core/config.ts): a string starting with "^" is a pattern, anything else an exact
 * name. A pattern that does not compile matches nothing rather than stopping the scan: page configs are input.
 */
export function toPattern(text: string): RegExp {
  try {
    return new RegExp(text.startsWith('^') ? text : `^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  } catch {
    return /(?!)/;
  }
}

/**
 * Whether a request to `host` (and `path`, when known) is one a host rule names. A rule may carry a path prefix
 * (`res.wx.qq.com/open/js/`), as the SDK's own rules do (src/guard/hosts.ts) where two services share a host.
 */
export function matchesHost(host: string, pattern: string, path?: string): boolean {
  const slash = pattern.indexOf('/');
  // Case-blind, as the SDK's guard compares them (src/guard/hosts.ts).
  if (slash >= 0 && path !== undefined && !path.toLowerCase().startsWith(pattern.slice(slash).toLowerCase())) return false;
  const name = normalizeHost(host);
  const rule = normalizeHost(slash >= 0 ? pattern.slice(0, slash) : pattern);
  if (rule.startsWith('*.')) return name.endsWith(rule.slice(1));
  if (rule.startsWith('.')) return isUnderDomain(name, rule);
  return name === rule;
}

/** Where the SDK posts its receipts: an absolute http(s) `receipt.url`'s host name, path and whole URL, or nothing. */
function receiptOf(url: string | undefined): { hostname: string; pathname: string; href: string } | undefined {
  try {
    const { protocol, hostname, pathname, href } = new URL(url ?? '');
    return /^https?:$/.test(protocol) ? { hostname: normalizeHost(hostname), pathname, href: href.split('#')[0]! } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Names by service. `configured` services (the page's own config, then `--config`) are consulted before the
 * presets, so a site that redeclares a preset's hosts or adds its own services is named its way; a preset the
 * page does not configure still names what it recognises, and the verdict treats it as not consented to.
 */
export function createServiceCatalogue(options: {
  presets: ServiceSpec[];
  configured: ServiceSpec[];
  consentCookie?: string;
  /** The config's `receipt.url`: where the SDK posts its receipts, the site's consent log (SPEC §7.4). */
  receiptUrl?: string;
}): ServiceCatalogue {
  const compile = (spec: ServiceSpec, configured: boolean): Matcher => ({
    name: { id: spec.id, category: spec.category, configured },
    hosts: spec.hosts,
    cookies: spec.cookies.map(toPattern),
    storage: spec.storage.map(toPattern),
  });
  // The SDK's own: the consent cookie, the probe it writes beside it to learn whether cookies stick, and the probes
  // that find the broadest domain for `domain: 'auto'` (src/core/cookie-storage.ts); in storage, which copy of the
  // cookie the page wrote, the value a landing page wrote and the mark of its tab (src/core/storage.ts), the receipts' outbox, one key per
  // receipt (src/core/receipt.ts), and the marks of a withdrawal's reload (src/gate/index.ts). Its receipts: below.
  const name = options.consentCookie ?? 'cg_consent';
  const consent: ServiceSpec = {
    id: CONSENT_GATE,
    category: 'necessary',
    hosts: [],
    cookies: [name, `${name}_probe`, '^cg_probe_[a-z0-9]{1,8}$'],
    storage: [ownKey(name), landedKey(name), 'consent-gate:landed', '^consent-gate:receipt:[a-z0-9]{8,32}$', 'consent-gate:receipts-wait', 'cg_reloaded', 'cg_withdrawn'],
  };
  const receipt = receiptOf(options.receiptUrl);
  const matchers = [
    compile(consent, true),
    ...options.configured.map(spec => compile(spec, true)),
    ...options.presets.map(spec => compile(spec, false)),
  ];
  const prefix = (pattern: string) => (pattern.includes('/') ? pattern.length - pattern.indexOf('/') : 0);
  // Necessary runs before any consent (docs/scan.md, verdict rules): a configured service put there over what a preset
  // names in another category (a tracker relabelled, a "CDN" over the vendor's domain, `^_` over `_ga`) is judged as
  // that preset. Hosts, cookie names and storage keys alike: a page that can hide `_ga` hides Google Analytics.
  const unlessTracked = (name: ServiceName | undefined, names: (m: Matcher) => boolean): ServiceName | undefined => {
    if (!name?.configured || name.category !== 'necessary') return name;
    const vendor = matchers.find(m => !m.name.configured && m.name.category !== 'necessary' && names(m));
    return vendor ? { id: vendor.name.id, category: vendor.name.category, configured: true } : name;
  };
  const byHost = (host: string, path?: string) => {
    let best: { name: ServiceName; length: number } | undefined;
    for (const m of matchers) {
      for (const pattern of m.hosts) {
        // Configured services come first and keep their place: only a longer path prefix overtakes a match.
        if (matchesHost(host, pattern, path) && (!best || (path !== undefined && prefix(pattern) > best.length))) {
          best = { name: m.name, length: path !== undefined ? prefix(pattern) : 0 };
        }
      }
    }
    return unlessTracked(best?.name, m => m.hosts.some(pattern => matchesHost(host, pattern, path)));
  };
  const byCookieName = (name: string) => {
    const names = (m: Matcher) => m.cookies.some(re => re.test(name));
    return unlessTracked(matchers.find(names)?.name, names);
  };
  const byStorage = (key: string) => {
    const names = (m: Matcher) => m.storage.some(re => re.test(key));
    return unlessTracked(matchers.find(names)?.name, names);
  };
  // A POST to exactly the receipt URL is the SDK's own (its path whole: `/r` names no `/rt.gif`; its query as
  // configured), unless a preset names that host for a category that needs consent: a receipt URL on a tracker's host
  // hides no tracker. Anything else to it (a page's own pageview pixel, a GET with a query of its own) is the page's,
  // judged by its host: the SDK only ever posts receipts there. Its body is a receipt (`RequestSeen.receipt`): a page's
  // own POST there, a beacon or a form, is the page's too.
  const own = (host: string, path?: string, request?: { method: string; url: string; receipt?: boolean }) =>
    receipt && normalizeHost(host) === receipt.hostname && path === receipt.pathname &&
    request?.method === 'POST' && !!request.receipt && receiptOf(request.url)?.href === receipt.href &&
    !matchers.some(m => !m.name.configured && m.name.category !== 'necessary' && m.hosts.some(pattern => matchesHost(host, pattern, path)));
  return {
    byHost: (host, path, request) => (own(host, path, request) ? { id: CONSENT_GATE, category: 'necessary', configured: true } : byHost(host, path)),
    byCookie: (name, domain) => byCookieName(name) ?? byHost(domain.replace(/^\./, '')),
    byStorage,
  };
}
