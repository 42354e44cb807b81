// @vitest-environment-options {"url": "https://www.ooopic.test/"}
import { expect, it } from 'vitest';
import { normalizeConfig } from '../../src/core/config.js';
import { createConsent } from '../../src/core/controller.js';
import { cookieStorage } from '../../src/core/cookie-storage.js';
import { decodeRecord, encodeRecord } from '../../src/core/record.js';
import type { ConsentRecord } from '../../src/core/types.js';
import { encodeFormat1 } from './old-formats.js';
import { DAY, PRESETS } from './helpers.js';

// Regression (a review of the format 1 rewrite): the 0.1 SDK wrote host-only cookies, and this build's config writes on
// `.ooopic.test`. `document.cookie` lists the older copy first (RFC 6265 §5.4, as browsers do), and the copies of one
// decision tie on `updatedAt`: the old copy stayed the record, and every page view loaded decide.js and cookie.js to
// write the cookie again. So it was for any record written again as it is (writer.ts, `stale`): of copies alike, the
// one listed last is the record now. Only a 0.1 copy is removed: another is a sibling subdomain's record (below).
const now = Date.now();
const accepted: ConsentRecord = {
  format: 1, id: 'abcdefgh12345678', policy: '2024-04-23', updatedAt: now - DAY, decision: { at: now - DAY, action: 'accept-all' },
  categories: { analytics: true, share: true }, services: { 'baidu-tongji': true, cnzz: true, 'weibo-share': true },
  exceptions: [], age: 'unknown', youthMode: false, dnt: false, gpc: false,
};
/** Written while DNT held analytics off; the signal is gone since. */
const outdated = encodeRecord({ ...accepted, format: 3, dnt: true, effective: { categories: ['share'] } });
const config = { services: ['baidu-tongji', 'cnzz', 'weibo-share'], policy: { version: '2024-04-23', updated: '2024-04-23' } };
const copies = () => document.cookie.split('; ').filter(c => c.startsWith('cg_consent=')).map(c => decodeRecord(c.slice(11))?.effective?.categories);
const clear = () => ['', '; domain=.ooopic.test'].forEach(domain => (document.cookie = `cg_consent=; max-age=0; path=/${domain}`));

it.each<[string, string, number, Array<string[] | undefined>]>([
  ['a 0.1 record (format 1, no effective grants)', encodeFormat1(accepted), 1, [['analytics', 'share']]],
  ['a record whose effective grants are outdated', outdated, 3, [['share'], ['analytics', 'share']]],
])('regression: %s on another cookie level is written again once', (_, value, format, left) => {
  document.cookie = `cg_consent=${value}; path=/`;
  expect(decodeRecord(value)!.format).toBe(format);
  const resolved = normalizeConfig({ ...config, cookie: { domain: '.ooopic.test' } }, PRESETS);
  const rewrites: boolean[] = [];
  for (let view = 0; view < 3; view++) {
    const gate = createConsent(resolved, { storage: cookieStorage({ name: 'cg_consent', domain: '.ooopic.test' }), tabSync: false, warn: () => {} });
    rewrites.push(gate.rewrite);
    expect(gate.granted('analytics', 'baidu-tongji')).toBe(true);
    gate.destroy();
  }
  expect(copies()).toEqual(left);
  expect(rewrites).toEqual([true, false, false]);
  clear();
});

// Found by a review: every record written again as it is removed its other copies, and a sibling subdomain's record on
// the parent domain (shop. writes there, www. host-only), written while DNT was on, went as www. wrote it again once DNT
// was off: shop. asked again, though nobody had decided anything.
it('regression: a sibling\'s outdated record on the parent domain, written again here, stays there', () => {
  document.cookie = `cg_consent=${outdated}; path=/; domain=.ooopic.test`;
  const resolved = normalizeConfig(config, PRESETS);
  const rewrites: boolean[] = [];
  for (let view = 0; view < 3; view++) {
    const gate = createConsent(resolved, { storage: cookieStorage({ name: 'cg_consent' }), tabSync: false, warn: () => {} });
    rewrites.push(gate.rewrite);
    gate.destroy();
  }
  expect(copies()).toEqual([['share'], ['analytics', 'share']]);
  expect(rewrites).toEqual([true, false, false]);
  clear();
});
