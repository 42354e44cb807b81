// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { pickSecondPage, type PageLink } from '../../src/cli/scan/pick-second-page.js';
import { isFirstParty } from '../../src/cli/scan/site-of.js';

const link = (href: string, extra: Partial<PageLink> = {}): PageLink => ({ href, download: false, consentHook: false, ...extra });
const PAGE = 'https://www.ooopic.com/pic_1.html';
const sameSite = (host: string) => isFirstParty(host, 'www.ooopic.com');

describe('pickSecondPage: where the refusal is checked beyond its own page', () => {
  it.each<[string, PageLink[], string, string | undefined]>([
    ['the first same-site link', [link('https://www.ooopic.com/a.html'), link('https://www.ooopic.com/b.html')], PAGE, 'https://www.ooopic.com/a.html'],
    ['another host of the site', [link('https://m.ooopic.com/')], PAGE, 'https://m.ooopic.com/'],
    ['past other sites', [link('https://www.weibo.com/'), link('https://www.ooopic.com/b.html')], PAGE, 'https://www.ooopic.com/b.html'],
    ['past the page itself and its anchors', [link(`${PAGE}#top`), link(PAGE), link('https://www.ooopic.com/c.html')], PAGE, 'https://www.ooopic.com/c.html'],
    ['past non-http links', [link('javascript:void(0)'), link('mailto:tousu@ooopic.com'), link('https://www.ooopic.com/d.html')], PAGE, 'https://www.ooopic.com/d.html'],
    ['past consent hooks and downloads', [link('https://www.ooopic.com/e', { consentHook: true }), link('https://www.ooopic.com/f.zip', { download: true }), link('https://www.ooopic.com/g.html')], PAGE, 'https://www.ooopic.com/g.html'],
    ['past links that end the session', [link('https://www.ooopic.com/logout'), link('https://www.ooopic.com/user/sign-out?x=1'), link('https://www.ooopic.com/h.html')], PAGE, 'https://www.ooopic.com/h.html'],
    ['the site root when nothing fits', [link('https://www.weibo.com/')], PAGE, 'https://www.ooopic.com/'],
    ['nothing on a root page without links', [], 'https://www.ooopic.com/', undefined],
    // Regression: the demo's home page was checked after the refusal as /?fail=gate.js, its own page with the SDK's
    // gate failing (the QA panel's fault switch came before its links to other pages): a "clean" that proved nothing.
    ['another path before this path with another query', [link('https://www.ooopic.com/pic_1.html?fail=gate.js'), link('https://www.ooopic.com/spa.html')], PAGE, 'https://www.ooopic.com/spa.html'],
    ['the site root before this path with another query', [link('https://www.ooopic.com/pic_1.html?page=2')], PAGE, 'https://www.ooopic.com/'],
    ['this path with another query on a root page that links nowhere else', [link('https://www.ooopic.com/?page=2'), link('https://www.weibo.com/')], 'https://www.ooopic.com/', 'https://www.ooopic.com/?page=2'],
    ['another host of the site at the same path', [link('https://m.ooopic.com/pic_1.html')], PAGE, 'https://m.ooopic.com/pic_1.html'],
  ])('%s', (_what, links, current, expected) => {
    expect(pickSecondPage(links, current, sameSite)).toBe(expected);
  });
});
