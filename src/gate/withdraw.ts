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

/** Whether `name` belongs to one of `services` and to none of `keep` (two services may share a pattern). */
const belongs = (services: Service[], keep: Service[], key: 'cookies' | 'storage', name: string) => {
  const owns = (list: Service[]) => list.some(s => s[key].some(pattern => pattern.test(name)));
  return owns(services) && !owns(keep);
};

/**
 * Removes the first-party cookies of `services` wherever they could have been set, except names a service in
 * `keep` (still granted) shares. Cookies on the vendors' own domains (`HMACCOUNT` on hm.baidu.com) are out of
 * reach: only the browser can clear those, as the preferences view says.
 */
export function clearCookies(services: Service[], cookieDomain?: string, keep: Service[] = []): void {
  try {
    for (const pair of document.cookie.split('; ')) {
      const name = pair.split('=')[0]!;
      if (!belongs(services, keep, 'cookies', name)) continue;
      for (const domain of cookieDomains(location.hostname, cookieDomain)) {
        for (const path of cookiePaths(location.pathname)) {
          document.cookie = `${name}=;max-age=0;path=${path}${domain ? `;domain=${domain}` : ''}`;
        }
      }
    }
  } catch {
    // document.cookie throws in a sandboxed frame without allow-same-origin (review R5): no cookie to clear there.
  }
}

/**
 * Removes the listed localStorage / sessionStorage keys of `services`. Without any listed key it touches neither:
 * a page's first access to each storage area waits on the browser process (5–9 ms each at 4× CPU, measured).
 */
export function clearStorage(services: Service[], keep: Service[] = []): void {
  if (!services.some(s => s.storage.length)) return;
  for (const area of ['localStorage', 'sessionStorage'] as const) {
    try {
      const store = window[area];
      for (let i = store.length; i--; ) if (belongs(services, keep, 'storage', store.key(i)!)) store.removeItem(store.key(i)!);
    } catch {
      // Storage denied (a sandboxed frame, blocked site data): nothing of the services can be there either.
    }
  }
}

/** Removes the cookies and the listed storage keys of `services` (a withdrawal, SPEC §6.3). */
export function clearServices(services: Service[], cookieDomain?: string, keep: Service[] = []): void {
  clearCookies(services, cookieDomain, keep);
  clearStorage(services, keep);
}
