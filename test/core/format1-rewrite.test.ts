// @vitest-environment-options {"url": "https://www.ooopic.test/"}
import { expect, it } from 'vitest';
import { normalizeConfig } from '../../src/core/config.js';
import { createConsent } from '../../src/core/controller.js';
import { cookieStorage } from '../../src/core/cookie-storage.js';
import { decodeRecord } from '../../src/core/record.js';
import { encodeFormat1 } from './old-formats.js';
import { DAY, PRESETS } from './helpers.js';

// Regression (a review of the format 1 rewrite): the 0.1 SDK wrote host-only cookies, and this build's config writes on
// `.ooopic.test`. `document.cookie` lists the older copy first (RFC 6265 §5.4, as browsers do), and the copies of one
// decision tie on `updatedAt`: the 0.1 copy stayed the record, and every page view loaded decide.js and cookie.js to
// write the cookie again.
it('regression: a 0.1 record on another cookie level is written again once, and the 0.1 copy goes', () => {
  const now = Date.now();
  document.cookie = `cg_consent=${encodeFormat1({
    format: 1, id: 'abcdefgh12345678', policy: '2024-04-23', updatedAt: now - DAY, decision: { at: now - DAY, action: 'accept-all' },
    categories: { analytics: true, share: true }, services: { 'baidu-tongji': true, cnzz: true, 'weibo-share': true },
    exceptions: [], age: 'unknown', youthMode: false, dnt: false, gpc: false,
  })}; path=/`;
  const resolved = normalizeConfig(
    { services: ['baidu-tongji', 'cnzz', 'weibo-share'], policy: { version: '2024-04-23', updated: '2024-04-23' }, cookie: { domain: '.ooopic.test' } },
    PRESETS,
  );
  const rewrites: boolean[] = [];
  for (let view = 0; view < 3; view++) {
    const gate = createConsent(resolved, { storage: cookieStorage({ name: 'cg_consent', domain: '.ooopic.test' }), tabSync: false, warn: () => {} });
    rewrites.push(gate.rewrite);
    expect(gate.granted('analytics', 'baidu-tongji')).toBe(true);
    gate.destroy();
  }
  expect(document.cookie.split('; ').filter(c => c.startsWith('cg_consent=')).map(c => decodeRecord(c.slice(11))?.format)).toEqual([3]);
  expect(rewrites).toEqual([true, false, false]);
});
