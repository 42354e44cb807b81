// @vitest-environment-options {"url": "https://www.ooopic.com/"}
import { afterEach, describe, expect, it, vi } from 'vitest';
import { removeEverywhere } from '../../src/core/cookie-places.js';
import { cookieStorage, probeCookieDomain } from '../../src/core/cookie-storage.js';
import { readCookies } from '../../src/core/storage.js';
import { normalizeConfig } from '../../src/core/config.js';
import { createConsent } from '../../src/core/controller.js';
import { encodeRecord } from '../../src/core/record.js';
import { PRESETS } from '../../src/presets/index.js';

afterEach(() => vi.restoreAllMocks());

describe('cookie storage on https', () => {
  it('marks the consent cookie Secure (SPEC §4) and scopes it to the configured domain', () => {
    // jsdom does not expose cookie attributes through document.cookie: what is written to the jar is recorded.
    const written = vi.spyOn(Document.prototype, 'cookie', 'set');
    const storage = cookieStorage({ name: 'cg_consent', domain: '.ooopic.com' });
    expect(storage.write('v=1', 365)).toBe(true);
    // `max-age`: counted on the browser's clock, whatever the page did to `Date` (e2e/clock.spec.ts).
    expect(written.mock.calls.map(([cookie]) => cookie)).toEqual(['cg_consent=v=1;path=/;domain=.ooopic.com;max-age=31536000;samesite=lax;secure']);
    // Whole seconds for a fraction of a day: a browser ignores `max-age=95040.00000000001`, a session cookie.
    storage.write('v=2', 1.1);
    expect(written.mock.calls[1]![0]).toContain(';max-age=95040;');
    expect(document.cookie).toContain('cg_consent=v=2');
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

// Regression: a site that moved its cookie to the parent domain and bumped its policy kept the visitor's old
// host-only copy beside the new decision; read together they disagreed, and the visitor was asked again.
describe('a decision replacing an outdated record', () => {
  it('takes the old copy on another domain level with it: the next page reads one record and asks nothing', async () => {
    const old = encodeRecord({ format: 2, id: 'abcdefgh12345678', policy: '2024-04-23', updatedAt: Date.now() - 864e5, decision: { at: Date.now() - 864e5, action: 'accept-all' }, categories: { share: true }, services: {}, exceptions: [], age: 'unknown', youthMode: false, dnt: false, gpc: false });
    document.cookie = `cg_consent=${old}; path=/`;
    const open = () =>
      createConsent(normalizeConfig({ cookie: { domain: '.ooopic.com' }, policy: { version: '2024-06-01' } }, PRESETS), {
        storage: cookieStorage({ name: 'cg_consent', domain: '.ooopic.com' }),
        tabSync: false,
        warn: () => {},
      });
    const first = open();
    expect(first.get().prompt).toBe('policy');
    await first.acceptAll();
    first.destroy();
    expect(readCookies('cg_consent')).toHaveLength(1);
    const next = open();
    expect([next.get().prompt, next.get().categories.share]).toEqual([null, true]);
    next.destroy();
    cookieStorage({ name: 'cg_consent', domain: '.ooopic.com' }).remove();
  });
});

// Found by a mutation probe: each of these could be taken out with the suite still passing.
describe('where a cookie is looked for and removed', () => {
  const writes = () => {
    const written = vi.spyOn(Document.prototype, 'cookie', 'set');
    return () => written.mock.calls.map(([cookie]) => cookie as string);
  };

  it('finds the broadest domain from an apex host too, and probes nothing on an address', () => {
    expect(probeCookieDomain('ooopic.com')).toBe('.ooopic.com');
    const written = writes();
    expect(probeCookieDomain('192.168.1.10')).toBeUndefined();
    expect(written()).toEqual([]);
  });

  it('removes a name on every path of the kept domain but the copy being replaced, and as a partitioned cookie everywhere', () => {
    history.pushState(null, '', '/sucai/page');
    // jsdom leaves it out; a browser says so on https.
    vi.stubGlobal('isSecureContext', true);
    try {
      const written = writes();
      removeEverywhere('cg_x', undefined, { domain: 'ooopic.com' });
      const plain = written().filter(cookie => !cookie.endsWith(';secure;partitioned'));
      expect(plain).not.toContain('cg_x=;max-age=0;path=/;domain=ooopic.com');
      expect(plain).toEqual(expect.arrayContaining(['cg_x=;max-age=0;path=/', 'cg_x=;max-age=0;path=/sucai;domain=ooopic.com', 'cg_x=;max-age=0;path=/sucai/page;domain=ooopic.com']));
      // A partitioned copy is a cookie of its own: removed on every domain and path, the kept one's too.
      expect(written().filter(cookie => cookie.endsWith(';secure;partitioned')).sort()).toEqual(
        [...plain, 'cg_x=;max-age=0;path=/;domain=ooopic.com'].map(cookie => `${cookie};secure;partitioned`).sort(),
      );
    } finally {
      vi.unstubAllGlobals();
      history.pushState(null, '', '/');
    }
  });
});
