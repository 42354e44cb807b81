import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { normalizeConfig } from '../../src/core/config.js';
import { createConsent } from '../../src/core/controller.js';
import { createOutbox, retryAt, type Receipt } from '../../src/core/receipt.js';
import { consentReceipts } from '../../src/receipts/index.js';
import { keptReceipts, PRESETS } from './helpers.js';

// A collector that answered 429 or 503 with Retry-After got every pending receipt again from each page the visitor
// opened within the wait: the resends of every visitor's every page are what keep an overloaded log down.

const NOW = Date.UTC(2026, 5, 1, 12);
const date = (seconds: number) => new Date(NOW + seconds * 1e3).toUTCString();
const WAIT = 'consent-gate:receipts-wait';
const tick = () => new Promise(resolve => setTimeout(resolve, 0));
/** What was posted, read with the JSON.parse a test may replace in the page. */
const readBody = JSON.parse;

describe('retryAt: how long a Retry-After asks receipts to wait (RFC 9110 §10.2.3), in seconds, 0 for none', () => {
  it.each([
    ['delta-seconds', '120', 120],
    ['the consent log\'s own 503', '5', 5],
    ['an hour', '3600', 3600],
    ['over an hour: an hour', '3601', 3600],
    ['thirty days: an hour, not a month without receipts', '2592000', 3600],
    ['more digits than a number holds: an hour', '99999999999999999999999', 3600],
    ['0', '0', 0],
    ['an IMF-fixdate 90 s ahead', date(90), 90],
    ['an RFC 850 date 90 s ahead (obsolete, still read)', 'Monday, 01-Jun-26 12:01:30 GMT', 90],
    ['an IMF-fixdate next year: an hour', date(365 * 86400), 3600],
    ['an IMF-fixdate in the past', date(-60), 0],
    ['an asctime date (obsolete, never sent since RFC 7231): not read', 'Mon Jun  1 12:01:30 2026', 0],
    ['a fraction', '1.5', 0],
    ['a sign', '+5', 0],
    ['a negative number', '-5', 0],
    ['two headers joined', '120, 120', 0],
    ['a unit', '120 s', 0],
    ['hex', '0x10', 0],
    ['an exponent', '1e3', 0],
    ['a word', 'soon', 0],
    ['text Date.parse takes for a date in 2001', '5,5', 0],
    ['a date that is no date', 'Mon, 99 Foo 2026 25:00:00 GMT', 0],
    ['empty', '', 0],
    ['no header', null, 0],
  ] as const)('%s: %j → %i', (_, header, seconds) => {
    const at = retryAt(header, NOW);
    expect(at && (at - NOW) / 1e3).toBe(seconds);
  });
});

describe('the resends of pending receipts wait as long as the endpoint asked, across pages', () => {
  let now = NOW;
  let answer: () => Promise<Response>;
  const posted: Receipt[] = [];
  const config = normalizeConfig({ receipt: { url: 'https://log.ooopic.com/receipts' } }, PRESETS);
  const storage = { read: () => [], write: () => true, remove() {}, persistent: true };
  /** A page view: a controller of its own on the same localStorage, as the script tag makes one per page. */
  const page = async () => {
    const gate = createConsent(config, { storage, tabSync: false, receipts: consentReceipts, now: () => now, warn: () => {} });
    await tick();
    return gate;
  };
  const respond = (status: number, retryAfter?: string | null) => () =>
    Promise.resolve(new Response(null, { status, headers: retryAfter == null ? {} : { 'Retry-After': retryAfter } }));

  beforeEach(() => {
    localStorage.clear();
    now = NOW;
    posted.length = 0;
    vi.stubGlobal('fetch', (_url: string, init: { body: string }) => (posted.push(readBody(init.body)), answer()));
  });
  afterEach(() => vi.unstubAllGlobals());

  it.each([
    ['429 with Retry-After: 120', 120, respond(429, '120')],
    ['503 with the consent log\'s Retry-After: 5', 5, respond(503, '5')],
    ['503 with an HTTP-date 90 s ahead', 90, respond(503, date(90))],
    ['500 with Retry-After: 30 (honoured wherever it is sent)', 30, respond(500, '30')],
    ['429 with Retry-After: 2592000: an hour at most', 3600, respond(429, '2592000')],
    ['429 with an unparseable Retry-After: as without one', 0, respond(429, 'soon')],
    ['503 without Retry-After: the next page', 0, respond(503)],
    ['a network failure: the next page', 0, () => Promise.reject(new TypeError('Failed to fetch'))],
  ] as const)('after %s the pending receipt goes again %is later, not before', async (_, seconds, first) => {
    answer = first;
    const gate = await page();
    await gate.rejectAll();
    await tick();
    const [receipt] = posted.splice(0);
    expect(receipt!.action).toBe('reject-all');
    answer = respond(201);
    // Page views within the wait, each as the visitor opens it: none posts anything.
    for (const later of seconds ? [0, 1, seconds / 2, seconds - 0.001] : []) {
      now = NOW + later * 1e3;
      await page();
      expect(posted).toEqual([]);
    }
    now = NOW + seconds * 1e3;
    await page();
    expect(posted.map(r => r.id)).toEqual([receipt!.id]);
    // Delivered: the outbox and its wait are gone.
    expect([keptReceipts(), localStorage.getItem(WAIT)]).toEqual([[], null]);
  });

  it('a new decision during the wait is sent at once (its receipt is the proof of that consent); the pending ones still wait', async () => {
    answer = respond(429, '60');
    await (await page()).rejectAll();
    await tick();
    const [first] = posted.splice(0);
    now += 10e3;
    answer = respond(201);
    const gate = await page();
    expect(posted).toEqual([]);
    await gate.acceptAll();
    await tick();
    expect(posted.map(r => r.action)).toEqual(['accept-all']);
    expect(keptReceipts().map(r => r.id)).toEqual([first!.id]);
    now = NOW + 60e3;
    posted.length = 0;
    await page();
    expect(posted.map(r => r.id)).toEqual([first!.id]);
  });

  // Regression: tabs opened together (a session restored) each resent every receipt waiting: ten tabs posted one
  // receipt five times (the log stores it once).
  it('tabs opened together resend a waiting receipt once: the page that resends takes it for 30 s', async () => {
    answer = respond(503);
    await (await page()).rejectAll();
    await tick();
    const [receipt] = posted.splice(0);
    let answered = (_: Response) => {};
    answer = () => new Promise<Response>(resolve => (answered = resolve));
    await page();
    // Opened while that resend is on its way: nothing more is posted.
    for (let i = 0; i < 9; i++) await page();
    expect(posted.map(r => r.id)).toEqual([receipt!.id]);
    // It failed: the next page after the 30 s sends it again.
    answered(new Response(null, { status: 503 }));
    await tick();
    posted.length = 0;
    answer = respond(201);
    now = NOW + 29_999;
    await page();
    expect(posted).toEqual([]);
    now = NOW + 30_000;
    await page();
    expect(posted.map(r => r.id)).toEqual([receipt!.id]);
    await tick();
    expect([keptReceipts(), localStorage.getItem(WAIT)]).toEqual([[], null]);
  });

  // Found by a review: the outbox was read with the page's `JSON.parse`, and an entry it could not read was dropped as
  // no receipt: a page's `JSON.parse` replaced after the SDK (one answering nothing) lost every receipt waiting.
  it('regression: a JSON.parse the page replaced since the SDK started loses no receipt waiting', async () => {
    answer = respond(503);
    await (await page()).rejectAll();
    await tick();
    const [receipt] = posted.splice(0);
    const own = JSON.parse;
    JSON.parse = (() => undefined) as typeof JSON.parse;
    try {
      answer = respond(201);
      await page();
    } finally {
      JSON.parse = own;
    }
    expect(posted.map(r => r.id)).toEqual([receipt!.id]);
  });

  it.each([
    ['not a number', 'soon'],
    ['in the past', String(NOW - 1)],
    ['more than an hour ahead (written by hand, or the clock set back)', String(NOW + 36e5 + 1)],
    ['negative', '-1'],
  ])('a stored wait %s is none: the pending receipt goes again at once', async (_, stored) => {
    answer = respond(503);
    await (await page()).rejectAll();
    await tick();
    const [receipt] = posted.splice(0);
    localStorage.setItem(WAIT, stored);
    answer = respond(201);
    await page();
    expect(posted.map(r => r.id)).toEqual([receipt!.id]);
  });

  it('with storage denied a decision\'s receipt is sent as before, whatever the endpoint answers', async () => {
    const denied = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    const spies = (['getItem', 'setItem', 'removeItem'] as const).map(name => vi.spyOn(Storage.prototype, name).mockImplementation(denied));
    try {
      answer = respond(429, '60');
      const gate = await page();
      await gate.rejectAll();
      await gate.acceptAll();
      await tick();
      expect(posted.map(r => r.action)).toEqual(['reject-all', 'accept-all']);
    } finally {
      spies.forEach(spy => spy.mockRestore());
    }
  });
});

describe('createOutbox: the wait beside the outbox', () => {
  it('keeps the longer of two waits, at most an hour, and drops it with the last receipt', () => {
    localStorage.clear();
    let now = NOW;
    const outbox = createOutbox(() => now);
    outbox.add({ id: 'receipt0001', time: new Date(now).toISOString() } as Receipt);
    outbox.wait('600');
    outbox.wait('60');
    outbox.wait(null);
    expect(localStorage.getItem(WAIT)).toBe(String(NOW + 600e3));
    outbox.wait('86400');
    expect(localStorage.getItem(WAIT)).toBe(String(NOW + 36e5));
    now += 36e5 - 1;
    expect(outbox.waiting()).toBe(NOW + 36e5);
    now += 1;
    expect(outbox.waiting()).toBe(0);
    outbox.remove('receipt0001');
    expect([keptReceipts(), localStorage.getItem(WAIT)]).toEqual([[], null]);
  });
});
