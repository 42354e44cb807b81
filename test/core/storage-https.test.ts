// @vitest-environment-options {"url": "https://www.ooopic.com/"}
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cookieStorage } from '../../src/core/cookie-storage.js';
import { readCookies } from '../../src/core/storage.js';

afterEach(() => vi.restoreAllMocks());

describe('cookie storage on https', () => {
  it('marks the consent cookie Secure (SPEC §4) and scopes it to the configured domain', () => {
    // jsdom does not expose cookie attributes through document.cookie: what is written to the jar is recorded.
    const written = vi.spyOn(Document.prototype, 'cookie', 'set');
    const storage = cookieStorage({ name: 'cg_consent', domain: '.ooopic.com' });
    expect(storage.write('v=1', 365)).toBe(true);
    expect(written.mock.calls.map(([cookie]) => cookie.replace(/;expires=[^;]+/, ';expires=…'))).toEqual([
      'cg_consent=v=1;path=/;domain=.ooopic.com;expires=…;samesite=lax;secure',
    ]);
    const expires = Date.parse(/;expires=([^;]+)/.exec(written.mock.calls[0]![0])![1]!);
    expect(Math.round((expires - Date.now()) / 864e5)).toBe(365);
    expect(document.cookie).toContain('cg_consent=v=1');
  });

  it('regression: what a page adds to Object.prototype is no cookie attribute', () => {
    const written = vi.spyOn(Document.prototype, 'cookie', 'set');
    (Object.prototype as Record<string, unknown>).extend = function extend() {};
    try {
      expect(cookieStorage({ name: 'cg_polluted' }).write('v=1', 1)).toBe(true);
    } finally {
      delete (Object.prototype as Record<string, unknown>).extend;
    }
    expect(written.mock.calls[0]![0]).not.toContain('extend');
    expect(readCookies('cg_polluted')).toEqual(['v=1']);
  });
});
