/**
 * The site of a host: its registrable domain (eTLD+1), which is what "leaving the page's site" means to a browser
 * (SameSite cookies, storage partitioning) and to PIPL's "third party".
 *
 * No full Public Suffix List: the scan ships no extra dependency for it. The default rule of the list (the last
 * label is the suffix) is right for ooopic.com and most vendors; the suffixes below are the multi-label ones that
 * matter here — China's second-level domains (com.cn, the province domains), Hong Kong, Taiwan and a few others —
 * and hosting platforms where two customers would otherwise read as one site. A site on another multi-label
 * suffix declares itself with `--config`'s `cookie.domain` (see `isFirstParty`).
 */
const MULTI_LABEL_SUFFIXES = new Set(
  [
    // CNNIC: the functional second-level domains and the province/region domains of .cn.
    'com.cn net.cn org.cn gov.cn edu.cn ac.cn mil.cn',
    'bj.cn sh.cn tj.cn cq.cn he.cn sx.cn nm.cn ln.cn jl.cn hl.cn js.cn zj.cn ah.cn fj.cn jx.cn sd.cn ha.cn hb.cn',
    'hn.cn gd.cn gx.cn hi.cn sc.cn gz.cn yn.cn xz.cn sn.cn gs.cn qh.cn nx.cn xj.cn tw.cn hk.cn mo.cn',
    'com.hk net.hk org.hk edu.hk gov.hk idv.hk com.mo com.tw net.tw org.tw edu.tw gov.tw idv.tw',
    'co.uk org.uk ac.uk gov.uk co.jp ne.jp or.jp ac.jp co.kr or.kr com.au net.au org.au co.nz com.sg com.my',
    'com.br com.mx co.in co.id com.tr',
    // Hosting platforms listed in the PSL's private section: each customer is a site of its own.
    'github.io gitee.io vercel.app netlify.app pages.dev workers.dev herokuapp.com appspot.com web.app firebaseapp.com',
    'cloudfront.net azurewebsites.net blogspot.com',
  ]
    .join(' ')
    .split(' '),
);

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Lower case, no trailing dot, no IPv6 brackets: the form hosts are compared in. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '').replace(/^\[(.*)\]$/, '$1');
}

/** `www.ooopic.com` → `ooopic.com`; `a.b.com.cn` → `b.com.cn`; an IP address, `localhost` or any one-label host is its own site. */
export function siteOf(host: string): string {
  const name = normalizeHost(host);
  if (IPV4.test(name) || name.includes(':')) return name;
  const labels = name.split('.');
  if (labels.length < 2) return name;
  for (let i = 0; i < labels.length - 1; i++) {
    if (MULTI_LABEL_SUFFIXES.has(labels.slice(i).join('.'))) return i === 0 ? name : labels.slice(i - 1).join('.');
  }
  return labels.slice(-2).join('.');
}

/**
 * Whether a name is a public suffix, which no site may claim (`com`, `.com.cn`, `github.io`): as `cookie.domain` it
 * would make every site under it first party, and their trackers would go unseen.
 */
export function isPublicSuffix(domain: string): boolean {
  const name = normalizeHost(domain).replace(/^\./, '');
  return !name.includes('.') || MULTI_LABEL_SUFFIXES.has(name);
}

/** Whether `host` is `domain` or under it; `domain` may carry a cookie-style leading dot (`.ooopic.com`). */
export function isUnderDomain(host: string, domain: string): boolean {
  const name = normalizeHost(host);
  const base = normalizeHost(domain).replace(/^\./, '');
  return base !== '' && (name === base || name.endsWith(`.${base}`));
}

/**
 * Whether a request to `host` stays with the page: same site as the page, or under the domain the site declares
 * for its cookies (`--config` `cookie.domain`), which covers staging hosts and suffixes the list above lacks.
 */
export function isFirstParty(host: string, pageHost: string, cookieDomain?: string): boolean {
  if (siteOf(host) === siteOf(pageHost)) return true;
  return cookieDomain !== undefined && isUnderDomain(host, cookieDomain);
}
