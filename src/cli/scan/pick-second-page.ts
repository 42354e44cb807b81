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
 * The second page of the "reject all" phase: the first same-site link of the page (document order puts the
 * header's home and section links first), else the site's root. A refusal must hold beyond the page it was
 * given on (SPEC §4: one record for the site). `undefined` when the page is the root and links nowhere else.
 */
export function pickSecondPage(links: PageLink[], currentUrl: string, isSameSite: (host: string) => boolean): string | undefined {
  const current = new URL(currentUrl);
  const withoutHash = (url: URL) => url.href.replace(/#.*$/, '');
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
    return url.href;
  }
  const root = new URL('/', current);
  return withoutHash(root) === withoutHash(current) ? undefined : root.href;
}
