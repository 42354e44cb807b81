import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendReceipt, type Receipt } from '../../src/core/receipt.js';

const receipt = { consentId: 'abcdefgh12345678', action: 'save' } as Receipt;

describe('sendReceipt (SPEC §7.4)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('uses sendBeacon with the JSON as text/plain (no CORS preflight), and nothing else when it is queued', () => {
    const beacon = vi.fn(() => true);
    const fetch = vi.fn();
    vi.stubGlobal('navigator', { sendBeacon: beacon });
    vi.stubGlobal('fetch', fetch);
    sendReceipt('https://www.ooopic.com/consent/receipt', receipt, () => {});
    expect(beacon).toHaveBeenCalledWith('https://www.ooopic.com/consent/receipt', JSON.stringify(receipt));
    expect(fetch).not.toHaveBeenCalled();
  });

  it('falls back to fetch with keepalive when the beacon is refused or missing', async () => {
    for (const nav of [{ sendBeacon: () => false }, {}]) {
      const fetch = vi.fn(() => Promise.resolve({ ok: true, status: 204 }));
      vi.stubGlobal('navigator', nav);
      vi.stubGlobal('fetch', fetch);
      const errors: unknown[] = [];
      sendReceipt('/r', receipt, e => errors.push(e));
      await Promise.resolve();
      expect(fetch).toHaveBeenCalledWith('/r', { method: 'POST', body: JSON.stringify(receipt), keepalive: true, credentials: 'include' });
      expect(errors).toEqual([]);
    }
  });

  it('reports a failed or refused fetch, never throws', async () => {
    vi.stubGlobal('navigator', {});
    const errors: unknown[] = [];
    vi.stubGlobal('fetch', () => Promise.resolve({ ok: false, status: 500 }));
    sendReceipt('/r', receipt, e => errors.push(String(e)));
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('offline')));
    sendReceipt('/r', receipt, e => errors.push(String(e)));
    vi.stubGlobal('fetch', () => { throw new TypeError('blocked'); });
    expect(() => sendReceipt('/r', receipt, e => errors.push(String(e)))).not.toThrow();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(errors.sort()).toEqual(['Error: receipt endpoint answered 500', 'TypeError: blocked', 'TypeError: offline']);
  });
});
