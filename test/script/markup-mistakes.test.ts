import { afterEach, describe, expect, it, vi } from 'vitest';
import { normalizeConfig } from '../../src/core/config.js';
import { CATALOGUE } from '../../src/presets/catalogue.js';
import { markupMistakes, SUSPECT } from '../../src/script/markup-mistakes.js';

afterEach(() => {
  document.body.innerHTML = '';
});

const config = normalizeConfig({ services: ['cnzz', 'weibo-share'] }, CATALOGUE);
const CONFIGURED = 'necessary, analytics, personalization, pixel, share';

/** What the script tag says once the page has loaded, for `html` in its body: its errors and its warnings. */
function told(html: string) {
  document.body.innerHTML = html;
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  // As src/script.ts does: one query of the page, and the words only where it found something.
  const found = [...document.querySelectorAll(SUSPECT)];
  if (found.length) markupMistakes(found, config);
  return { errors: error.mock.calls.map(call => String(call[0])), warnings: warn.mock.calls.map(call => String(call[0])) };
}

/** Its errors. */
const said = (html: string) => told(html).errors;

// Regression: the advice was `write data-consent="category"` for a script whose data-service names a configured
// service (the markup needs that service's own category, SPEC §6.1), and vanilla-cookieconsent's data-category was
// copied even where it names no configured category.
describe('an inert script without data-consent: the advice names the category to write', () => {
  it.each([
    ['data-service of a configured service', '<script type="text/plain" data-service="cnzz">x()</script>', 'write data-consent="analytics"'],
    ['that service wins over a data-category', '<script type="text/plain" data-service="weibo-share" data-category="analytics" data-src="/a.js"></script>', 'write data-consent="share"'],
    ['data-category of a configured category', '<script type="text/plain" data-category="analytics" data-src="/a.js"></script>', 'write data-consent="analytics"'],
    ['data-category of no configured category', '<script type="text/plain" data-category="marketing" data-src="/a.js"></script>', `write data-consent="<category>" (configured: ${CONFIGURED})`],
    ['data-service of no configured service', '<script type="text/plain" data-service="baidu-tongji">x()</script>', `write data-consent="<category>" (configured: ${CONFIGURED})`],
    ['only data-src', '<script type="text/plain" data-src="/a.js"></script>', `write data-consent="<category>" (configured: ${CONFIGURED})`],
  ])('%s', (_, html, advice) => {
    const [message, ...more] = said(html);
    expect(more).toEqual([]);
    expect(message).toMatch(/^consent-gate: <script type="text\/plain" .*> has no data-consent, so Consent Gate never runs it: write /);
    expect(message!.endsWith(advice)).toBe(true);
  });

  it('says nothing of gated markup, nor of a plain text script', () => {
    expect(said('<script type="text/plain" data-consent="analytics" data-service="cnzz"></script><script type="text/plain" id="template">x</script>')).toEqual([]);
  });
});

// Regression: a plural slip (`data-services`, `data-consents`) on gated markup was read by nobody and said by
// nobody: a per-service gate became a category gate, a gated frame never loaded.
describe('a plural slip of data-service or data-consent is said once a page, naming the first element', () => {
  const slip = (html: string, name: string) => `consent-gate: ${html} has ${name}: Consent Gate reads ${name.slice(0, -1)}`;
  it.each([
    ['on a gated script', '<script type="text/plain" data-consent="analytics" data-services="cnzz" data-src="/a.js"></script>', ['data-services']],
    ['on a share link', '<a href="/s" data-consent-request="share" data-services="weibo-share">微博</a>', ['data-services']],
    ['on an allow button', '<button data-consent-allow="share" data-services="weibo-share">允许</button>', ['data-services']],
    ['on a placeholder', '<div data-consent-placeholder="share" data-services="weibo-share">需要同意</div>', ['data-services']],
    ['on an inert script', '<script type="text/plain" data-services="cnzz">x()</script>', ['data-services']],
    ['data-consents on a frame', '<iframe data-consents="share" data-src="/f.html"></iframe>', ['data-consents']],
    ['both on one element', '<img data-consents="pixel" data-services="ocean-engine" data-src="/p.gif">', ['data-services', 'data-consents']],
  ])('%s', (_, html, names) => {
    const { warnings } = told(html);
    expect(warnings).toEqual(names.map(name => slip(html.replace(/<\/\w+>$/, '').replace(/>[^<]+$/, '>'), name)));
  });

  it('once a page, naming the first element', () => {
    const { warnings } = told('<a data-consent-request="share" data-services="weibo-share">1</a><a data-consent-request="share" data-services="qq-share">2</a>');
    expect(warnings).toEqual([slip('<a data-consent-request="share" data-services="weibo-share">', 'data-services')]);
  });

  it("not on the page's own markup, nor on gated markup written right", () => {
    expect(told('<div data-services="设计 印刷">服务</div><iframe data-consent="share" data-service="weibo-share" data-src="/f.html"></iframe>')).toEqual({ errors: [], warnings: [] });
  });

  it('beside the missing data-consent of an inert script with data-consents', () => {
    const { errors, warnings } = told('<script type="text/plain" data-consents="analytics" data-src="/a.js"></script>');
    expect(errors).toEqual([expect.stringContaining('has no data-consent, so Consent Gate never runs it: write data-consent="<category>"')]);
    expect(warnings).toEqual([expect.stringContaining('has data-consents: Consent Gate reads data-consent')]);
  });
});

// Regression: lazysizes and vanilla-lazyload set `src` from `data-src` on gated images as they scrolled into view, before
// any consent, and nothing said why (an image grid probe: 80–121 of 300 gated tiles fetched undecided).
describe('gated markup with a lazy-load library\'s class', () => {
  it.each([
    ['lazysizes', '<img class="tile lazyload" data-consent="share" data-src="https://img.test/1.jpg">'],
    ['vanilla-lazyload', '<img class="lazy" data-consent="pixel" data-service="ocean-engine" data-src="https://px.test/a.gif">'],
    ['lozad', '<iframe class="lozad" data-consent="share" data-src="https://w.test/a.html"></iframe>'],
  ])('%s is said, naming the element and the fix', (_, html) => {
    expect(said(html + html)).toEqual([expect.stringMatching(/^consent-gate: <(img|iframe) .*> \(and 1 more\) has a lazy-load library's class: the library loads its data-src before consent\. Remove the class; write loading="lazy"/)]);
  });

  it.each([
    ['an ungated image with the class', '<img class="lazyload" data-src="https://img.test/1.jpg">'],
    ['a gated image with loading="lazy"', '<img loading="lazy" data-consent="share" data-src="https://img.test/1.jpg">'],
    ['a class that only contains the word', '<img class="lazyloaded-later" data-consent="share" data-src="https://img.test/1.jpg">'],
  ])('%s is not', (_, html) => {
    expect(told(html)).toEqual({ errors: [], warnings: [] });
  });
});
