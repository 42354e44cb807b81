import { getDomain, getPublicSuffix } from 'tldts';

/**
 * The site of a host: its registrable domain (eTLD+1), which is what "leaving the page's site" means to a browser
 * (SameSite cookies, storage partitioning) and to PIPL's "third party". Read from the whole Public Suffix List
 * (`tldts`, which the consent log's origin check uses too), its private section included: on a hosting platform
 * (`github.io`, `s3.amazonaws.com`) each customer is a site of its own. A site on a suffix the list lacks declares
 * itself with `--config`'s `cookie.domain` (see `isFirstParty`).
 */
const PSL = { allowPrivateDomains: true, validateHostname: false };

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Lower case, no trailing dot, no IPv6 brackets: the form hosts are compared in. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '').replace(/^\[(.*)\]$/, '$1');
}

/** `www.ooopic.com` → `ooopic.com`; `a.b.com.cn` → `b.com.cn`; an IP address, `localhost` or any one-label host is its own site. */
export function siteOf(host: string): string {
  const name = normalizeHost(host);
  if (IPV4.test(name) || name.includes(':') || !name.includes('.')) return name;
  return getDomain(name, PSL) ?? name;
}

/**
 * Whether a name is a public suffix, which no site may claim (`com`, `.com.cn`, `github.io`): as `cookie.domain` it
 * would make every site under it first party, and their trackers would go unseen.
 */
export function isPublicSuffix(domain: string): boolean {
  const name = normalizeHost(domain).replace(/^\./, '');
  return !name.includes('.') || getPublicSuffix(name, PSL) === name;
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
