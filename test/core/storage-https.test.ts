// @vitest-environment-options {"url": "https://www.ooopic.com/"}
import { describe, expect, it } from 'vitest';
import Cookies from 'js-cookie';
import { cookieStorage } from '../../src/core/cookie-storage.js';

describe('cookie storage on https', () => {
  it('marks the consent cookie Secure (SPEC §4) and scopes it to the configured domain', () => {
    const seen: Array<Record<string, unknown>> = [];
    const set = Cookies.set;
    // jsdom does not expose cookie attributes through document.cookie; record what js-cookie is asked to write.
    const withAttributes = Cookies.withAttributes;
    (Cookies as { withAttributes: typeof withAttributes }).withAttributes = attributes => {
      seen.push(attributes as Record<string, unknown>);
      return withAttributes.call(Cookies, attributes);
    };
    try {
      const storage = cookieStorage({ name: 'cg_consent', domain: '.ooopic.com' });
      expect(storage.write('v=1', 365)).toBe(true);
      expect(seen).toEqual([{ path: '/', sameSite: 'Lax', secure: true, domain: '.ooopic.com' }]);
      expect(document.cookie).toContain('cg_consent=v=1');
    } finally {
      (Cookies as { withAttributes: typeof withAttributes }).withAttributes = withAttributes;
      expect(Cookies.set).toBe(set);
    }
  });
});
