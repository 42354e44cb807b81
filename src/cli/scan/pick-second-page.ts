/** A link of the page, as read from the DOM. */
export interface PageLink {
  href: string;
  download: boolean;
  /** Carries a consent hook (`data-consent-request`, `data-consent-open`): clicking it is a decision, not a page. */
  consentHook: boolean;
}

/** Links a scan must not follow: they end the session or change data on the site it scans. */
const UNSAFE = /log-?out|sign-?out|logoff|delete|remove|unsubscribe|退出|登出|注销/i;

/**
 * The second page of the "reject all" phase: the first same-site link of the page to another path (document order
 * puts the header's home and section links first), else the site's root, else a link to this path with another query.
 * A refusal must hold beyond the page it was given on (SPEC §4: one record for the site): the same template with
 * another query is the least of that, and may be a page's own switch (`?lang=en`, a QA page's `?fail=gate.js`).
 * `undefined` when the page is the root and links nowhere else.
 */
export function pickSecondPage(links: PageLink[], currentUrl: string, isSameSite: (host: string) => boolean): string | undefined {
  const current = new URL(currentUrl);
  const withoutHash = (url: URL) => url.href.replace(/#.*$/, '');
  let samePath: string | undefined;
  for (const link of links) {
    if (link.download || link.consentHook) continue;
    let url: URL;
    try {
      url = new URL(link.href, current);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    if (!isSameSite(url.hostname) || withoutHash(url) === withoutHash(current) || UNSAFE.test(url.pathname + url.search)) continue;
    if (url.origin !== current.origin || url.pathname !== current.pathname) return url.href;
    samePath ??= url.href;
  }
  const root = new URL('/', current);
  return withoutHash(root) === withoutHash(current) ? samePath : root.href;
}
