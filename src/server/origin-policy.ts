/** Decides whether a browser `Origin` may post receipts: the collector's own origin, or one configured. */
export type OriginPolicy = (origin: string, ownOrigin: string) => boolean;

interface Allowed {
  protocol: string;
  port: string;
  /** An exact host name, or the suffix after `*` of a wildcard entry (`.ooopic.com`). */
  host: string;
  wildcard: boolean;
}

const ENTRY = /^(https?):\/\/(\*\.)?([^/?#*]+)$/i;

/**
 * Public suffixes of two labels (from the Public Suffix List, publicsuffix.org): names under which anyone registers
 * a site, so `*.com.cn` would let every .com.cn site post receipts. Not the whole list, which changes weekly: the
 * suffixes of the markets the SDK serves, the common country ones, and the hosting platforms that give each customer
 * a subdomain. IDN suffixes in their ASCII form (公司.cn is xn--55qx5d.cn), as URL writes host names.
 */
const PUBLIC_SUFFIXES = new Set(
  [
    // China (CNNIC: the generic and provincial second levels), Hong Kong, Macao, Taiwan
    'com.cn net.cn org.cn gov.cn edu.cn ac.cn mil.cn xn--55qx5d.cn xn--io0a7i.cn xn--od0alg.cn',
    'ah.cn bj.cn cq.cn fj.cn gd.cn gs.cn gx.cn gz.cn ha.cn hb.cn he.cn hi.cn hk.cn hl.cn hn.cn jl.cn js.cn jx.cn ln.cn',
    'mo.cn nm.cn nx.cn qh.cn sc.cn sd.cn sh.cn sn.cn sx.cn tj.cn tw.cn xj.cn xz.cn yn.cn zj.cn',
    'com.hk net.hk org.hk gov.hk edu.hk idv.hk xn--55qx5d.hk xn--ciqpn.hk com.mo net.mo org.mo gov.mo edu.mo',
    'com.tw net.tw org.tw gov.tw edu.tw idv.tw',
    // Elsewhere
    'co.uk org.uk me.uk ltd.uk plc.uk net.uk ac.uk gov.uk co.jp ne.jp or.jp ac.jp go.jp co.kr or.kr com.sg com.my',
    'com.au net.au org.au co.nz com.br co.in com.tr com.mx co.za com.ar com.vn co.id co.th com.ph',
    // Hosting platforms
    'github.io gitlab.io vercel.app netlify.app pages.dev workers.dev web.app firebaseapp.com appspot.com',
    'herokuapp.com azurewebsites.net cloudfront.net blogspot.com onrender.com fly.dev',
  ].join(' ').split(' '),
);

/**
 * Parses the configured origins once. An entry is an origin as browsers send it (`https://www.ooopic.com`,
 * `http://localhost:8080`) or a wildcard over one site's subdomains (`https://*.ooopic.com`: www., m. and the rest,
 * not ooopic.com itself). `*` alone is refused: the SDK's sendBeacon fallback posts with credentials, which CORS never allows for `*`, and a
 * log that takes receipts from any site proves nothing; so is a wildcard directly over a top-level domain or a public
 * suffix such as com.cn or github.io. `label(i)` names the entry in errors (the option or flag).
 */
export function createOriginPolicy(entries: readonly string[], label: (index: number) => string = i => `origins[${i}]`): OriginPolicy {
  const allowed = entries.map((entry, index) => parseEntry(entry, label(index)));
  return (origin, ownOrigin) => {
    if (origin === ownOrigin) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      // `null` (sandboxed frames, file: pages, Referrer-Policy: no-referrer beacons) names no site: never allowed.
      return false;
    }
    if (url.origin !== origin) return false;
    return allowed.some(rule =>
      rule.protocol === url.protocol && rule.port === url.port &&
      (rule.wildcard ? url.hostname.endsWith(rule.host) && url.hostname.length > rule.host.length : url.hostname === rule.host),
    );
  };
}

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
  if (star && PUBLIC_SUFFIXES.has(suffix)) {
    const port = url.port ? `:${url.port}` : '';
    throw new TypeError(
      `consent-gate/server: ${name} may not put "*." directly before ${suffix}, a public suffix: every site registered under it could post receipts. ` +
        `Name your own site: ${scheme.toLowerCase()}://*.your-site.${suffix}${port} or ${scheme.toLowerCase()}://www.your-site.${suffix}${port}`,
    );
  }
  return { protocol: url.protocol, port: url.port, host, wildcard: Boolean(star) };
}
