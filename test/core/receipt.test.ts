import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOutbox, sendReceipt, type Receipt } from '../../src/core/receipt.js';

const receipt = { consentId: 'abcdefgh12345678', action: 'save' } as Receipt;

describe('sendReceipt (SPEC §7.4)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('posts the JSON as text/plain (no CORS preflight) with keepalive, and settles once the endpoint answered 2xx', async () => {
    const fetch = vi.fn(() => Promise.resolve({ ok: true, status: 204 }));
    vi.stubGlobal('fetch', fetch);
    await expect(sendReceipt('https://www.ooopic.com/consent/receipt', receipt)).resolves.toBeUndefined();
    expect(fetch).toHaveBeenCalledWith('https://www.ooopic.com/consent/receipt', { method: 'POST', body: JSON.stringify(receipt), keepalive: true });
  });

  it('fails on a refused or failed fetch, never throws; where fetch cannot take it, a beacon carries it, unconfirmed', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve({ ok: false, status: 500 }));
    await expect(sendReceipt('/r', receipt)).rejects.toThrow('receipt endpoint answered 500');
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('offline')));
    await expect(sendReceipt('/r', receipt)).rejects.toThrow('offline');
    const beacon = vi.fn(() => true);
    vi.stubGlobal('navigator', { sendBeacon: beacon });
    vi.stubGlobal('fetch', () => { throw new TypeError('keepalive quota'); });
    await expect(sendReceipt('/r', receipt)).rejects.toThrow('sent as a beacon, unconfirmed');
    expect(beacon).toHaveBeenCalledWith('/r', JSON.stringify(receipt));
  });
});

describe('the outbox of unconfirmed receipts (#13.5)', () => {
  it('keeps the newest twenty, none older than thirty days, each id once', () => {
    localStorage.clear();
    let now = Date.UTC(2026, 5, 1);
    const outbox = createOutbox(() => now);
    for (let i = 0; i < 25; i++) outbox.add({ ...receipt, id: `receipt${String(i).padStart(4, '0')}`, time: new Date(now).toISOString() });
    outbox.add({ ...receipt, id: 'receipt0024', time: new Date(now).toISOString() });
    expect(outbox.pending().map(r => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => `receipt${String(i + 5).padStart(4, '0')}`));
    now += 31 * 864e5;
    expect(outbox.pending()).toEqual([]);
    outbox.remove('x');
    expect(localStorage.getItem('consent-gate:receipts')).toBeNull();
  });
});
