import type { Service } from '../core/types.js';

/**
 * Every `domain` attribute a cookie visible on `hostname` may carry (SPEC §6.3): none (a host-only cookie),
 * the host and each parent domain (a vendor may write to any of them: hm.js uses the domain set in the
 * Baidu console), and the configured cookie domain. A cookie is removed only by a write with the domain and
 * path it was set with, hence the lists. A leading dot is ignored by browsers (RFC 6265 §5.2.3), so none is
 * written. Public suffixes (`com.cn`) are refused by the browser, harmlessly; an IP address or a single-label
 * host has host-only cookies only.
 */
export function cookieDomains(hostname: string, configured?: string): Array<string | undefined> {
  const domains: Array<string | undefined> = [undefined];
  if (/^[\d.]+$|:/.test(hostname)) return domains;
  const labels = hostname.split('.');
  for (let i = 0; i < labels.length - 1; i++) domains.push(labels.slice(i).join('.'));
  if (configured && configured !== 'auto') domains.push(configured.replace(/^\./, ''));
  return [...new Set(domains)];
}

/**
 * Every `path` attribute a cookie visible on `pathname` may carry: `/`, each ancestor directory with and
 * without its trailing slash (a cookie set without a path gets the page's directory, RFC 6265 §5.1.4, e.g.
 * `/gate`), and the page path itself.
 */
export function cookiePaths(pathname: string): string[] {
  const paths = ['/'];
  for (let i = 0; (i = pathname.indexOf('/', i + 1)) > 0; ) paths.push(pathname.slice(0, i), pathname.slice(0, i + 1));
  return [...new Set([...paths, pathname])];
}

/**
 * Removes the first-party cookies and the listed localStorage / sessionStorage keys of `services` wherever
 * they could have been set. Cookies on the vendors' own domains (`HMACCOUNT` on hm.baidu.com) are out of
 * reach: only the browser can clear those, as the preferences view says.
 */
export function clearServices(services: Service[], cookieDomain?: string, keep: Service[] = []): void {
  // A name that also belongs to a service still granted stays (two services may share a cookie pattern).
  const owns = (list: Service[], key: 'cookies' | 'storage', name: string) => list.some(s => s[key].some(pattern => pattern.test(name)));
  const matches = (key: 'cookies' | 'storage', name: string) => owns(services, key, name) && !owns(keep, key, name);
  for (const pair of document.cookie.split('; ')) {
    const name = pair.split('=')[0]!;
    if (!matches('cookies', name)) continue;
    for (const domain of cookieDomains(location.hostname, cookieDomain)) {
      for (const path of cookiePaths(location.pathname)) {
        document.cookie = `${name}=;max-age=0;path=${path}${domain ? `;domain=${domain}` : ''}`;
      }
    }
  }
  for (const area of ['localStorage', 'sessionStorage'] as const) {
    try {
      const store = window[area];
      for (let i = store.length; i--; ) if (matches('storage', store.key(i)!)) store.removeItem(store.key(i)!);
    } catch {
      // Storage denied (a sandboxed frame, blocked site data): nothing of the services can be there either.
    }
  }
}
