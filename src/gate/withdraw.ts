import { removeEverywhere } from '../core/cookie-places.js';
import { readJar } from '../core/jar.js';
import { any, matches } from '../core/natives.js';
import type { Service } from '../core/types.js';

/** Whether `name` belongs to one of `services` and to none of `keep` (two services may share a pattern). */
const belongs = (services: Service[], keep: Service[], key: 'cookies' | 'storage', name: string) => {
  // Index loops, not the page's `some`: one answering nothing left every cookie of a withdrawn service (SPEC §9).
  const owns = (list: Service[]) => any(list, s => any(s[key], pattern => matches(pattern, name)));
  return owns(services) && !owns(keep);
};

/**
 * Removes the first-party cookies of `services` wherever they could have been set, except names a service in
 * `keep` (still granted) shares. Cookies on the vendors' own domains (`HMACCOUNT` on hm.baidu.com) are out of
 * reach: only the browser can clear those, as the preferences view says.
 */
export function clearCookies(services: Service[], cookieDomain: string | undefined, keep: Service[]): void {
  try {
    for (const pair of readJar().split('; ')) {
      const name = pair.split('=')[0]!;
      if (!belongs(services, keep, 'cookies', name)) continue;
      removeEverywhere(name, cookieDomain);
    }
  } catch {
    // document.cookie throws in a sandboxed frame without allow-same-origin: no cookie to clear there.
  }
}

/**
 * Removes the listed localStorage / sessionStorage keys of `services`. Without any listed key it touches neither:
 * a page's first access to each storage area waits on the browser process (5–9 ms each at 4× CPU, measured).
 */
export function clearStorage(services: Service[], keep: Service[]): void {
  if (!any(services, s => s.storage.length)) return;
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
