import { cookieURL, writeJar } from './jar.js';
import { allMatches, exec, has, matches, suffixes } from './natives.js';

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
  if (matches(/^[\d.]+$|:/, hostname)) return domains;
  // Without the page's array and string methods (SPEC §9): a withdrawal must reach every copy whatever the page broke.
  const add = (domain: string) => has(domains, domain) || (domains[domains.length] = domain);
  const levels = suffixes(hostname);
  for (let i = levels.length; --i > 0; ) add(levels[i]!);
  if (configured && configured !== 'auto') add(allMatches(/[^.].*/g, configured)[0] ?? '');
  return domains;
}

/**
 * Every `path` attribute a cookie visible on `pathname` may carry: `/`, each ancestor directory with and
 * without its trailing slash (a cookie set without a path gets the page's directory, RFC 6265 §5.1.4, e.g.
 * `/gate`), and the page path itself.
 */
export function cookiePaths(pathname: string): string[] {
  const paths = ['/'];
  const add = (path: string) => has(paths, path) || (paths[paths.length] = path);
  const steps = /([^/]*)\//g;
  for (let step, dir = ''; (step = exec(steps, pathname)); dir += `${step[1]}/`) if (step.index) add(dir + step[1]), add(`${dir}${step[1]}/`);
  add(pathname);
  return paths;
}

/**
 * Removes cookie `name` wherever it could have been set on this page: every domain level and every path, and as a
 * partitioned cookie (CHIPS) on each of them too. A partitioned copy is a cookie of its own, removed only by a write
 * that says `partitioned` (with the `secure` it requires, so only in a secure context): one set by an embedded vendor
 * or tossed by a sibling outlived every refusal (the consent cookie, SPEC §4) and withdrawal (a vendor's, SPEC §6.3).
 * Read off `window`: a DOM without the name (jsdom, in an app's tests) skips those writes instead of throwing. On the
 * cookies' own URL: a frame with none of its own (`srcdoc`) removes them on its parent's domains (jar.ts `cookieURL`).
 */
export function removeEverywhere(name: string, configured?: string, keep?: { domain: string | undefined }): void {
  const url = cookieURL();
  for (const domain of cookieDomains(url.hostname, configured)) {
    for (const path of cookiePaths(url.pathname)) {
      const cookie = `${name}=;max-age=0;path=${path}${domain ? `;domain=${domain}` : ''}`;
      // `keep`: the copy a write is about to replace (path `/` on that domain, `undefined` for the host-only one).
      if (!keep || path != '/' || domain !== keep.domain) writeJar(cookie);
      if (window.isSecureContext) writeJar(`${cookie};secure;partitioned`);
    }
  }
}
