// @vitest-environment-options {"url": "http://www.shop.example.com.cn/products/1"}
import { afterEach, describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord } from '../../src/core/record.js';

const pickRecord = (values: string[]) => values.map(decodeRecord).find(Boolean);
import { browserStorage, cookieStorage, probeCookieDomain } from '../../src/core/cookie-storage.js';
import { cookieReader, readCookies } from '../../src/core/storage.js';
import { readPrivacySignals } from '../../src/core/privacy-signals.js';

const clearAll = () => {
  for (const pair of document.cookie ? document.cookie.split('; ') : []) {
    const name = pair.split('=')[0];
    for (const domain of ['', '; domain=.example.com.cn', '; domain=.shop.example.com.cn']) {
      document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/${domain}`;
    }
  }
};

describe('cookie storage (SPEC §4)', () => {
  afterEach(clearAll);

  it("'auto' finds the broadest domain the browser accepts, skipping public suffixes like com.cn", () => {
    expect(probeCookieDomain('www.shop.example.com.cn')).toBe('.example.com.cn');
    expect(probeCookieDomain('localhost')).toBeUndefined();
    expect(probeCookieDomain('127.0.0.1')).toBeUndefined();
    expect(document.cookie).toBe(''); // the probes clean up after themselves
  });

  // Regression (SPA probe): cookieStorage({}) wrote a cookie named "undefined", and a URL given as the domain failed
  // each write, said as cookies being off.
  it.each<[string, unknown, string]>([
    ['no options', undefined, 'consent-gate: cookieStorage(): name must be a cookie name (letters, digits, no spaces or ;=,), got undefined'],
    ['no name', {}, 'consent-gate: cookieStorage(): name must be a cookie name (letters, digits, no spaces or ;=,), got undefined'],
    ['a name with a separator', { name: 'cg consent' }, 'consent-gate: cookieStorage(): name must be a cookie name (letters, digits, no spaces or ;=,), got "cg consent"'],
    ['a URL as the domain', { name: 'x', domain: 'https://bad' }, `consent-gate: cookieStorage(): domain must be a domain such as '.ooopic.com', 'auto' or nothing (a host-only cookie), got "https://bad"`],
    ['a number as the domain', { name: 'x', domain: 7 }, `consent-gate: cookieStorage(): domain must be a domain such as '.ooopic.com', 'auto' or nothing (a host-only cookie), got 7`],
  ])('refuses %s, naming the option and the value', (_what, options, message) => {
    expect(() => cookieStorage(options as never)).toThrow(new TypeError(message));
  });

  it.each([[{ name: 'cg_consent' }], [{ name: 'cg_consent', domain: 'auto' }], [{ name: 'cg_consent', domain: 'ooopic.com' }], [{ name: 'cg_consent', domain: '.example.com.cn' }]])(
    'takes %o',
    options => expect(() => cookieStorage(options)).not.toThrow(),
  );

  it('writes the record readable by the server, on the configured domain', () => {
    const storage = cookieStorage({ name: 'cg_consent', domain: 'auto' });
    expect(storage.write('v=1&x=y', 365)).toBe(true);
    expect(document.cookie).toBe('cg_consent=v=1&x=y');
    expect(storage.read()).toEqual(['v=1&x=y']);
    storage.remove();
    expect(storage.read()).toEqual([]);
  });

  it('a write answers without asking the browser again; whether the cookie stuck is read back on its own (stuck)', () => {
    // A domain this page may not set a cookie on: the browser drops the cookie without an error.
    const storage = cookieStorage({ name: 'cg_consent', domain: '.elsewhere.example' });
    expect(storage.write('v=2&x=y', 365)).toBe(true);
    expect(document.cookie).toBe('');
    expect(storage.stuck!('v=2&x=y')).toBe(false);
    const kept = cookieStorage({ name: 'cg_consent', domain: 'auto' });
    expect(kept.write('v=2&x=y', 365)).toBe(true);
    expect(kept.stuck!('v=2&x=y')).toBe(true);
    kept.remove();
  });

  // Regression: another tab (or a sibling subdomain) writing the name between this page's write and its
  // read-back made the page decide cookies were off, and keep the next decision in memory only.
  it('a value another page wrote since is no dropped cookie: a probe of the same attributes decides, and cleans up', () => {
    const kept = cookieStorage({ name: 'cg_consent', domain: 'auto' });
    kept.write('v=2&x=y', 365);
    kept.write('v=2&x=other-tab', 365);
    expect(kept.stuck!('v=2&x=y')).toBe(true);
    expect(document.cookie).toBe('cg_consent=v=2&x=other-tab');
    kept.remove();
    const dropped = cookieStorage({ name: 'cg_consent', domain: '.elsewhere.example' });
    expect(dropped.stuck!('v=2&x=y')).toBe(false);
  });

  it('regression: a write that replaces a record leaves the copy it overwrites until it does (another tab never reads none)', () => {
    // Removed first, a tab reading between the removal and the write found no record, took it for a reset, showed its
    // banner and withdrew what ran; every other copy (host-only, on a sub-path) still goes before the write.
    const storage = cookieStorage({ name: 'cg_consent', domain: 'auto' });
    storage.write('v=3&old', 365);
    document.cookie = 'cg_consent=host-only; path=/';
    document.cookie = 'cg_consent=sub-path; path=/products';
    expect(storage.read()).toHaveLength(3);
    storage.remove(true);
    expect(storage.read()).toEqual(['v=3&old']);
    storage.write('v=3&new', 365);
    expect(storage.read()).toEqual(['v=3&new']);
    storage.remove();
    expect(storage.read()).toEqual([]);
  });

  // The script tag's storage before its writer removes too: where its one write (a withdrawal's record without its
  // decision) does not stick, the record it was to replace goes (reader.ts `unstore`, fail closed).
  it("the script tag's reading storage removes every copy, host-only and on each domain level", () => {
    for (const domain of ['', '; domain=example.com.cn', '; domain=shop.example.com.cn']) document.cookie = `cg_consent=x${domain.length}; path=/${domain}`;
    expect(cookieReader('cg_consent', 'auto').read()).toHaveLength(3);
    cookieReader('cg_consent', 'auto').remove();
    expect(document.cookie).toBe('');
  });

  it('a garbage host-only cookie never hides a good domain cookie of the same name', () => {
    const good = encodeRecord({ format: 1, id: 'abcdefgh12345678', policy: 'p', updatedAt: Date.UTC(2026, 0, 1), categories: { share: true }, services: {}, exceptions: [], age: 'unknown', youthMode: false, dnt: false, gpc: false });
    document.cookie = 'cg_consent=garbage%ZZ; path=/';
    document.cookie = `cg_consent=${good}; path=/; domain=.example.com.cn`;
    const values = readCookies('cg_consent');
    expect(values).toHaveLength(2);
    expect(pickRecord(values)?.categories.share).toBe(true);
  });

  it('falls back to memory with one warning when cookies are disabled', () => {
    const warnings: string[] = [];
    const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'cookieEnabled');
    Object.defineProperty(navigator, 'cookieEnabled', { value: false, configurable: true });
    try {
      const storage = browserStorage({ name: 'cg_consent' }, m => warnings.push(m));
      expect(storage.persistent).toBe(false);
      expect(storage.write('v', 1)).toBe(true);
      expect(storage.read()).toEqual(['v']);
      expect(document.cookie).toBe('');
      expect(warnings).toEqual(['consent-gate: cookies are unavailable; choices apply to this page only']);
    } finally {
      delete (navigator as unknown as Record<string, unknown>).cookieEnabled;
      if (original) Object.defineProperty(Navigator.prototype, 'cookieEnabled', original);
    }
  });
});

describe("the page's own consent id (SPEC §4: which copy is this origin's)", () => {
  afterEach(() => (localStorage.clear(), clearAll()));

  it('is the id of the last write, per cookie name, read by the script tag and the full storage alike; a reset forgets it', () => {
    const full = cookieStorage({ name: 'cg_consent' });
    expect(full.mine!()).toBeUndefined();
    full.write('v', 1, 'abcdefgh12345678');
    expect([full.mine!(), cookieReader('cg_consent').mine!(), cookieStorage({ name: 'other' }).mine!()]).toEqual(['abcdefgh12345678', 'abcdefgh12345678', undefined]);
    // A write that names no id (an app's storage wrapping this one) leaves it; before a write (a refusal's), it stays
    // until the write names the next.
    full.write('w', 1);
    full.remove(true);
    expect(full.mine!()).toBe('abcdefgh12345678');
    full.remove();
    expect(cookieReader('cg_consent').mine!()).toBeUndefined();
  });

  it('without localStorage (storage off, a sandboxed frame) no copy is known, the cookie is written, and nothing throws', () => {
    const original = Object.getOwnPropertyDescriptor(window, 'localStorage')!;
    Object.defineProperty(window, 'localStorage', { configurable: true, get: () => { throw new DOMException('denied', 'SecurityError'); } });
    try {
      const storage = cookieStorage({ name: 'cg_consent' });
      expect(storage.write('v', 1, 'abcdefgh12345678')).toBe(true);
      expect(storage.read()).toEqual(['v']);
      expect(() => storage.remove()).not.toThrow();
      expect(storage.mine!()).toBeUndefined();
    } finally {
      Object.defineProperty(window, 'localStorage', original);
    }
  });
});

describe('privacy signals (SPEC §5.2)', () => {
  const table: Array<[string, object, object, { dnt: boolean; gpc: boolean }]> = [
    ['none', {}, {}, { dnt: false, gpc: false }],
    ['navigator.doNotTrack = "1"', { doNotTrack: '1' }, {}, { dnt: true, gpc: false }],
    ['navigator.doNotTrack = "0"', { doNotTrack: '0' }, {}, { dnt: false, gpc: false }],
    ['navigator.doNotTrack = "unspecified"', { doNotTrack: 'unspecified' }, {}, { dnt: false, gpc: false }],
    ['window.doNotTrack = "1" (IE 11)', {}, { doNotTrack: '1' }, { dnt: true, gpc: false }],
    ['navigator.msDoNotTrack = "1" (IE 9–10)', { msDoNotTrack: '1' }, {}, { dnt: true, gpc: false }],
    ['navigator.globalPrivacyControl = true', { globalPrivacyControl: true }, {}, { dnt: false, gpc: true }],
    ['navigator.globalPrivacyControl = "1" (not the spec)', { globalPrivacyControl: '1' }, {}, { dnt: false, gpc: false }],
    ['both', { doNotTrack: '1', globalPrivacyControl: true }, {}, { dnt: true, gpc: true }],
  ];
  for (const [what, nav, win, expected] of table) {
    it(what, () => expect(readPrivacySignals({ navigator: nav as never, window: win as never })).toEqual(expected));
  }
});
