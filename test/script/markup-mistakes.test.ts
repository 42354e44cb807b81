import { afterEach, describe, expect, it, vi } from 'vitest';
import { normalizeConfig } from '../../src/core/config.js';
import type { ResolvedConfig } from '../../src/core/types.js';
import { CATALOGUE } from '../../src/presets/catalogue.js';
import { markupMistakes } from '../../src/script/markup-mistakes.js';

afterEach(() => {
  document.body.innerHTML = '';
});

const config = normalizeConfig({ services: ['cnzz', 'weibo-share'] }, CATALOGUE);
const CONFIGURED = 'necessary, analytics, personalization, pixel, share';

/** What the script tag says once the page has parsed, for `html` in its body (`null`: a refused config). */
function said(html: string, resolved: ResolvedConfig | null = config) {
  document.body.innerHTML = html;
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  markupMistakes(resolved ?? undefined);
  return error.mock.calls.map(call => String(call[0]));
}

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

  it('a refused config (none resolved) still says what is missing', () => {
    expect(said('<script type="text/plain" data-service="cnzz">x()</script>', null)).toEqual([
      'consent-gate: <script type="text/plain" data-service="cnzz"> has no data-consent, so Consent Gate never runs it: write data-consent="<category>"',
    ]);
  });

  it('says nothing of gated markup, nor of a plain text script', () => {
    expect(said('<script type="text/plain" data-consent="analytics" data-service="cnzz"></script><script type="text/plain" id="template">x</script>')).toEqual([]);
  });
});
