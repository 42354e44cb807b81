// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseCookieWrite } from '../../src/cli/scan/parse-cookie-write.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const PAGE = 'http://www.ooopic.test:4611/scan/clean.html?x=1';

describe('parseCookieWrite: document.cookie = "…" as the browser stores it', () => {
  it.each([
    ['Hm_lvt_1=1795987461; path=/; max-age=31536000', { name: 'Hm_lvt_1', value: '1795987461', domain: 'www.ooopic.test', path: '/', deletion: false }],
    ['UM_distinctid=abc; path=/; domain=.ooopic.test', { name: 'UM_distinctid', value: 'abc', domain: '.ooopic.test', path: '/', deletion: false }],
    ['a=b; Domain=OOOPIC.test', { name: 'a', value: 'b', domain: '.ooopic.test', path: '/scan', deletion: false }],
    ['  spaced = yes ; Path=/x', { name: 'spaced', value: 'yes', domain: 'www.ooopic.test', path: '/x', deletion: false }],
    ['v=a=b=c', { name: 'v', value: 'a=b=c', domain: 'www.ooopic.test', path: '/scan', deletion: false }],
    // How withdrawal clears a tracker's cookie: not a write.
    ['Hm_lvt_1=; path=/; max-age=0', { name: 'Hm_lvt_1', value: '', domain: 'www.ooopic.test', path: '/', deletion: true }],
    ['x=; expires=Thu, 01 Jan 1970 00:00:00 GMT', { name: 'x', value: '', domain: 'www.ooopic.test', path: '/scan', deletion: true }],
    ['x=1; expires=Thu, 01 Jan 2099 00:00:00 GMT', { name: 'x', value: '1', domain: 'www.ooopic.test', path: '/scan', deletion: false }],
    // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
    ['x=1; max-age=60; expires=Thu, 01 Jan 1970 00:00:00 GMT', { name: 'x', value: '1', domain: 'www.ooopic.test', path: '/scan', deletion: false }],
    ['x=1; max-age=-1', { name: 'x', value: '1', domain: 'www.ooopic.test', path: '/scan', deletion: true }],
  ])('%s', (text, expected) => {
    expect(parseCookieWrite(text, PAGE, NOW)).toEqual(expected);
  });

  it.each(['', 'novalue', '=anonymous', '; path=/'])('%j is no cookie', text => {
    expect(parseCookieWrite(text, PAGE, NOW)).toBeUndefined();
  });

  it('a document at the root has the root as its default path', () => {
    expect(parseCookieWrite('a=1', 'http://127.0.0.1:4611/', NOW)?.path).toBe('/');
    expect(parseCookieWrite('a=1', 'http://127.0.0.1:4611/index.html', NOW)?.path).toBe('/');
  });
});
