import { afterEach, describe, expect, it, vi } from 'vitest';
import { normalizeConfig } from '../../src/core/config.js';
import { createConsent } from '../../src/core/controller.js';
import { createReader } from '../../src/core/reader.js';
import { createOutbox, keptUntilSent, noticeOf, sendReceipt, sendReceipts, toJson, type Receipt } from '../../src/core/receipt.js';
import { memoryStorage } from '../../src/core/storage.js';
import { createWriter } from '../../src/core/writer.js';
import { encodeRecord } from '../../src/core/record.js';
import type { ConsentGateConfig, ErrorDetail } from '../../src/core/types.js';
import { consentReceipts } from '../../src/receipts/index.js';
import { keptReceipts, PRESETS, T0 } from './helpers.js';

const receipt = { consentId: 'abcdefgh12345678', action: 'save' } as Receipt;

describe('sendReceipt (SPEC §7.4)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('posts the JSON as text/plain (no CORS preflight) with keepalive, and settles once the endpoint answered 2xx', async () => {
    const fetch = vi.fn(() => Promise.resolve({ ok: true, status: 204 }));
    vi.stubGlobal('fetch', fetch);
    await expect(sendReceipt('https://www.ooopic.com/consent/receipt', receipt)).resolves.toBeUndefined();
    expect(fetch).toHaveBeenCalledWith('https://www.ooopic.com/consent/receipt', { method: 'POST', body: JSON.stringify(receipt), keepalive: true, redirect: 'manual' });
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
    expect(beacon).toHaveBeenCalledWith(`${location.origin}/r`, JSON.stringify(receipt));
    // A fetch that fails later is kept for the next page, not doubled by a beacon.
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(sendReceipt('/r', receipt)).rejects.toThrow('Failed to fetch');
    expect(beacon).toHaveBeenCalledTimes(1);
  });

  it('sends a relative receipt.url to the page\'s own site, not to its <base href>', async () => {
    // Regression: a page whose <base href> named its image CDN had fetch and sendBeacon resolve "/consent/receipt"
    // against the CDN, and the proof of consent went to another site.
    const base = document.head.appendChild(document.createElement('base'));
    base.href = 'https://cdn.example/assets/';
    try {
      const fetch = vi.fn((..._: unknown[]) => Promise.resolve({ ok: true, status: 204 }));
      vi.stubGlobal('fetch', fetch);
      await sendReceipt('/consent/receipt', receipt);
      expect(fetch.mock.calls[0]).toEqual([`${location.origin}/consent/receipt`, expect.anything()]);
      const beacon = vi.fn((..._: unknown[]) => true);
      vi.stubGlobal('navigator', { sendBeacon: beacon });
      vi.stubGlobal('fetch', () => { throw new TypeError('keepalive quota'); });
      await expect(sendReceipt('receipt', receipt)).rejects.toThrow('sent as a beacon, unconfirmed');
      expect(beacon).toHaveBeenCalledWith(new URL('receipt', location.href).href, JSON.stringify(receipt));
      expect(beacon.mock.calls[0]?.[0]).not.toContain('cdn.example');
    } finally {
      base.remove();
    }
  });

  it('does not follow a redirect: it fails naming receipt.url, and no beacon goes after it', async () => {
    // Regression: after a 301/302/303 the browser asked again with GET, the log's health check answered 200, and
    // the receipt was dropped as delivered.
    const beacon = vi.fn(() => true);
    vi.stubGlobal('navigator', { sendBeacon: beacon });
    vi.stubGlobal('fetch', () => Promise.resolve({ ok: false, status: 0, type: 'opaqueredirect' }));
    await expect(sendReceipt('/r', receipt)).rejects.toThrow('receipt endpoint redirects: give receipt.url its final address');
    expect(beacon).not.toHaveBeenCalled();
  });
});

describe('toJson: the JSON of a receipt whatever the page did to toJSON', () => {
  const values: [string, unknown][] = [
    ['a receipt', { consentId: 'abcdefgh12345678', categories: { analytics: true }, forced: {}, list: ['a', 1, null, false], nested: [[{ x: '"q"' }]] }],
    ['undefined fields are left out, undefined in a list is null', { a: undefined, b: [undefined, () => 1], c: () => 1 }],
    ['primitives', ['', 0, -1.5, 'é\n ']],
    ['an empty object and list', { o: {}, l: [] }],
  ];

  it.each(values)('%s: what JSON.stringify gives on a clean page', (_, value) => {
    expect(toJson(value)).toBe(JSON.stringify(value));
  });

  it('a page with Prototype.js 1.6\'s Array.prototype.toJSON, or an Object.prototype.toJSON, changes nothing', () => {
    // Regression: arrays became strings (the log refused the receipt) and the outbox a string no longer read as a list.
    const clean = values.map(([, value]) => JSON.stringify(value));
    const arrays = Array.prototype as unknown as { toJSON?: unknown };
    const objects = Object.prototype as unknown as { toJSON?: unknown };
    arrays.toJSON = function (this: unknown[]) { return `[${this.join(', ')}]`; };
    try {
      expect(values.map(([, value]) => toJson(value))).toEqual(clean);
      objects.toJSON = () => 'hostile';
      expect(values.map(([, value]) => toJson(value))).toEqual(clean);
      localStorage.clear();
      const outbox = createOutbox(() => Date.UTC(2026, 5, 1));
      outbox.add({ ...receipt, id: 'receipt0001', time: new Date(Date.UTC(2026, 5, 1)).toISOString() });
      outbox.add({ ...receipt, id: 'receipt0002', time: new Date(Date.UTC(2026, 5, 1)).toISOString() });
      expect(outbox.pending().map(r => r.id)).toEqual(['receipt0001', 'receipt0002']);
    } finally {
      delete arrays.toJSON;
      delete objects.toJSON;
    }
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
    expect(keptReceipts()).toEqual([]);
  });
});

describe('which answers of the endpoint drop a receipt from the outbox', () => {
  afterEach(() => vi.unstubAllGlobals());
  const answer = (status: number, type = 'cors') => () => Promise.resolve({ ok: status > 199 && status < 300, status, type, headers: new Headers() });
  // Regression (QA demo): a 422 was told as "could not be sent", where the log had answered and refused it.
  const keptMessage = (why: string) => `the receipt was not stored by /r (${why}): kept, sent again on the next page`;
  // Regression: a 409 (the log holds another receipt under this id, SPEC §7.6) was kept and posted again on every page
  // view for 30 days, though no resend could ever be stored.
  it.each([
    ['201 stored', 'dropped', answer(201), undefined],
    ['409 another receipt under this id', 'dropped', answer(409), 409],
    // A receipt is proof: what a change on the server can mend is sent again (a body cut off on its way, a --max-body
    // that can be raised, a misrouted endpoint, an older log).
    ['400 a body cut off on its way', 'kept', answer(400), undefined],
    ['413 over a --max-body that can be raised', 'kept', answer(413), undefined],
    ['403 forbidden', 'kept', answer(403), undefined],
    ['404 no endpoint there', 'kept', answer(404), undefined],
    ['415 unsupported type', 'kept', answer(415), undefined],
    ['422 a field an older log does not know', 'kept', answer(422), undefined],
    ['408 request timeout', 'kept', answer(408), undefined],
    ['429 too many requests', 'kept', answer(429), undefined],
    ['500 internal error', 'kept', answer(500), undefined],
    ['503 log unavailable', 'kept', answer(503), undefined],
    ['a redirect', 'kept', answer(0, 'opaqueredirect'), undefined],
    ['a network failure', 'kept', () => Promise.reject(new TypeError('Failed to fetch')), undefined],
  ] as const)('after %s the receipt is %s', async (_answer, outcome, answered, refused) => {
    localStorage.clear();
    const fetch = vi.fn(answered);
    vi.stubGlobal('fetch', fetch);
    const warnings: string[] = [];
    const errors: ErrorDetail[] = [];
    const storage = { read: () => [], write: () => true, remove() {}, persistent: true };
    const gate = createConsent(normalizeConfig({ receipt: { url: '/r' } }, PRESETS), { storage, tabSync: false, receipts: consentReceipts, warn: w => void warnings.push(w) });
    gate.on('error', e => errors.push(e));
    await gate.rejectAll();
    await new Promise(resolve => setTimeout(resolve, 0));
    const id = (JSON.parse((fetch.mock.calls[0] as unknown as [string, { body: string }])[1].body) as Receipt).id;
    const kept = keptReceipts().map(r => r.action);
    expect(kept).toEqual(outcome == 'kept' ? ['reject-all'] : []);
    const status = _answer.match(/^\d+/)?.[0];
    const why = status ? `receipt endpoint answered ${status}` : _answer == 'a redirect' ? 'receipt endpoint redirects: give receipt.url its final address' : 'Failed to fetch';
    const told = refused ? `the receipt ${id} was refused by /r with ${refused} (dropped, not sent again)` : keptMessage(why);
    expect(errors.map(e => [e.kind, e.message])).toEqual(outcome == 'kept' || refused ? [['receipt', told]] : []);
    expect(warnings).toEqual(refused ? [`consent-gate: ${told}`] : []);
  });
});

// Regression: the message of a kept receipt reads the rejection's `message`, which the page may shape (its
// own fetch wrapper): a throw there would surface as an unhandled rejection in the page.
describe('a rejection the page shaped', () => {
  afterEach(() => vi.unstubAllGlobals());
  const hostile = Object.defineProperty({}, 'message', { get() { throw new Error('no'); } });
  it.each<[string, unknown, string]>([
    ['an object without a prototype', Object.create(null), 'unknown error'],
    ['a message getter that throws', hostile, 'unknown error'],
    ['a symbol', Symbol('x'), 'Symbol(x)'],
  ])('%s: the receipt is kept and said, nothing thrown', async (_, reason, said) => {
    localStorage.clear();
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(reason)));
    const unhandled: unknown[] = [];
    const onUnhandled = (event: PromiseRejectionEvent) => unhandled.push(event.reason);
    addEventListener('unhandledrejection', onUnhandled);
    const errors: string[] = [];
    const storage = { read: () => [], write: () => true, remove() {}, persistent: true };
    const gate = createConsent(normalizeConfig({ receipt: { url: '/r' } }, PRESETS), { storage, tabSync: false, receipts: consentReceipts, warn: () => {} });
    gate.on('error', e => errors.push(e.message));
    await gate.rejectAll();
    await new Promise(resolve => setTimeout(resolve, 10));
    removeEventListener('unhandledrejection', onUnhandled);
    expect(errors).toEqual([`the receipt was not stored by /r (${said}): kept, sent again on the next page`]);
    expect(unhandled).toEqual([]);
  });
});

// Regression (QA demo): a reload right after a decision cut off the receipt's request, which the log had stored, and
// an error event said it could not be sent; it is sent again on the next page all the same.
describe('a receipt cut off by the page leaving', () => {
  afterEach(() => vi.unstubAllGlobals());
  it('is kept and sent again, and not told as a failure; once the page shows again, a failure is told', async () => {
    localStorage.clear();
    let fail!: (error: Error) => void;
    vi.stubGlobal('fetch', vi.fn(() => new Promise((_resolve, reject) => (fail = reject))));
    const errors: string[] = [];
    const storage = { read: () => [], write: () => true, remove() {}, persistent: true };
    const gate = createConsent(normalizeConfig({ receipt: { url: '/r' } }, PRESETS), { storage, tabSync: false, receipts: consentReceipts, warn: () => {} });
    gate.on('error', e => errors.push(e.message));
    await gate.rejectAll();
    dispatchEvent(new Event('pagehide'));
    fail(new TypeError('Failed to fetch'));
    await new Promise(resolve => setTimeout(resolve, 0));
    expect([errors, keptReceipts().length]).toEqual([[], 1]);
    dispatchEvent(new Event('pageshow'));
    await gate.acceptAll();
    fail(new TypeError('Failed to fetch'));
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(errors).toEqual(['the receipt was not stored by /r (Failed to fetch): kept, sent again on the next page']);
  });
});

// Audit of the script tag: a decision waited for receipt.js, and with it failing a withdrawal was never applied. The
// receipt is kept with the decision now, and sent by whatever code arrives later.
describe('receipts kept before the code that sends them arrived (the script tag: SPEC §7.4)', () => {
  it.each([
    ['arrives after the first decision', true, { sent: ['reject-all', 'accept-all'], kept: [] }],
    ['never comes (receipt.js failing)', false, { sent: [], kept: ['reject-all', 'accept-all'] }],
  ] as const)('the code that sends %s: the decisions apply at once, each receipt is kept, and sent once', async (_, arrives, outcome) => {
    localStorage.clear();
    const sent: Receipt[] = [];
    let arrive!: (start: typeof sendReceipts | void) => void;
    const core = createReader(normalizeConfig({ services: ['baidu-tongji'], receipt: { url: '/r' } }, PRESETS), { storage: memoryStorage(), tabSync: false, warn: () => {}, now: () => T0 });
    core.attach(ledger => createWriter(ledger, { encode: encodeRecord, unstored: () => 'unstored', startReceipts: keptUntilSent(new Promise(resolve => (arrive = resolve))) }));
    const kept = () => createOutbox(() => T0).pending();
    await core.rejectAll();
    expect([core.get().decision?.action, kept().map(r => r.action)]).toEqual(['reject-all', ['reject-all']]);
    const first = kept()[0]!.id;
    arrive(arrives ? ledger => sendReceipts(ledger, async (_url, body) => void sent.push(body)) : undefined);
    await new Promise(resolve => setTimeout(resolve, 0));
    await core.acceptAll();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect({ sent: sent.map(r => r.action), kept: kept().map(r => r.action) }).toEqual(outcome);
    expect([...sent, ...kept()][0]!.id).toBe(first);
  });

  // Found by a sweep of built-ins a page replaces after the SDK started: a sender that failed as it started (the page's
  // `Array.prototype.filter` throwing) was an unhandled rejection in the page, and nothing said the receipts waited.
  it('regression: a sender that fails as it starts throws nothing into the page; the receipts wait, and it is said', async () => {
    localStorage.clear();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    // Node's own record of a rejection nobody handled (this file runs in jsdom, whose window has no such event).
    const node = (globalThis as unknown as { process: { on(event: string, fn: (reason: unknown) => void): void; off(event: string, fn: (reason: unknown) => void): void } }).process;
    node.on('unhandledRejection', onUnhandled);
    const errors: string[] = [];
    let arrive!: (start: typeof sendReceipts | void) => void;
    const core = createReader(normalizeConfig({ services: ['baidu-tongji'], receipt: { url: '/r' } }, PRESETS), { storage: memoryStorage(), tabSync: false, warn: () => {}, now: () => T0 });
    core.on('error', ({ message }) => errors.push(message));
    core.attach(ledger => createWriter(ledger, { encode: encodeRecord, unstored: () => 'unstored', startReceipts: keptUntilSent(new Promise(resolve => (arrive = resolve))) }));
    await core.rejectAll();
    arrive(() => {
      throw new Error('shim');
    });
    await new Promise(resolve => setTimeout(resolve, 10));
    node.off('unhandledRejection', onUnhandled);
    expect([unhandled, errors, createOutbox(() => T0).pending().map(r => r.action)]).toEqual([
      [],
      ['receipts could not be sent from this page (Error: shim): kept, sent again on the next page'],
      ['reject-all'],
    ]);
  });
});

// Compliance probe: the notice fingerprint stayed the same when the recipient abroad, its country, the purpose and the
// data of a transfer changed: a receipt could not tell which 单独同意 text the visitor agreed to (PIPL Art. 39).
describe('regression: the notice fingerprint covers all a service says of itself', () => {
  const base = { id: 'heatmap', category: 'analytics', name: 'Heatmap', provider: 'H Inc.', purpose: 'heatmaps', data: 'clicks', cookies: ['_hm'] };
  const abroad = { recipient: 'H Inc.', contact: 'privacy@h.example', country: '新加坡', purpose: 'heatmaps', method: 'HTTPS', data: 'clicks', rights: 'email', safeguards: 'TLS', risks: 'foreign law' };
  const hash = (service: object) => noticeOf(normalizeConfig({ services: [service] } as ConsentGateConfig, {})).hash;
  it.each([
    ['the country of the recipient abroad', { ...base, crossBorder: abroad }, { ...base, crossBorder: { ...abroad, country: '美国' } }],
    ['the recipient abroad', { ...base, crossBorder: abroad }, { ...base, crossBorder: { ...abroad, recipient: 'Other LLC' } }],
    ['the cookies it sets', base, { ...base, cookies: ['_hm', '_hm_id'] }],
    ['how long it keeps data', { ...base, retention: '1 年' }, { ...base, retention: '2 年' }],
    ['how to reach it', { ...base, contact: 'a@h.example' }, { ...base, contact: 'b@h.example' }],
  ])('%s', (_name, before, after) => {
    expect(hash(before)).not.toBe(hash(after));
    expect(hash(before)).toBe(hash(structuredClone(before)));
  });
});

// The banner and the views tell more than the services: an update's dates and change summary (PIPL Art. 14, 17: a
// change is told before consent is asked again), the policy and children's-rules links, how long the choice is kept
// (the 清单; the guardian view's storage period, 儿童个人信息网络保护规定 Art. 10) and whether DNT is honoured. Two
// notices that differ there must not share a fingerprint, or a receipt cannot tell which one the visitor answered.
describe('regression: the notice fingerprint changes with what the banner and the views say besides the services', () => {
  const hash = (config: ConsentGateConfig) => noticeOf(normalizeConfig(config, {})).hash;
  const policy = { version: '2024-04-23', updated: '2024-04-23', effective: '2024-05-01', changes: '新增小红书分享。' };
  it.each<[string, ConsentGateConfig, ConsentGateConfig]>([
    ['the change summary of an update', { policy }, { policy: { ...policy, changes: '新增巨量引擎广告监测。' } }],
    ['the date the update takes effect', { policy }, { policy: { ...policy, effective: '2024-06-01' } }],
    ['the link to the policy', { policy }, { policy: { ...policy, url: 'https://www.ooopic.com/privacy-v2' } }],
    ['the link to the children\'s rules', { policy }, { policy: { ...policy, childrenUrl: 'https://www.ooopic.com/children-v2' } }],
    ['how long a refusal is kept', { policy }, { policy, cookie: { rejectDays: 365 } }],
    ['how long a grant is kept', { policy }, { policy, cookie: { acceptDays: 200 } }],
    ['whether Do Not Track is honoured', { policy }, { policy, dnt: 'ignore' }],
  ])('%s', (_name, before, after) => {
    expect(hash(before)).not.toBe(hash(after));
    expect(hash(before)).toBe(hash(structuredClone(before)));
  });
});

describe('regression (server attack): the page a receipt names carries no path parameters', () => {
  it('a servlet\'s ;jsessionid= in the path is left out, the path kept; the log accepts what the SDK sends', async () => {
    const { createReceipt } = await import('../../src/core/receipt.js');
    const { validateReceipt } = await import('../../src/server/receipt-schema.js');
    const config = normalizeConfig({}, PRESETS);
    const gate = createConsent(config, { storage: memoryStorage(), tabSync: false, now: () => T0, signals: () => ({ dnt: false, gpc: false }) });
    const before = location.href;
    history.replaceState(null, '', '/vip/pay;jsessionid=0A1B2C3D4E5F/step;v=2?from=ad');
    try {
      const made = createReceipt(config, gate.get(), 'accept-all', { now: T0, version: '0.2.0' });
      expect(made.page).toBe(`${location.origin}/vip/pay/step`);
      expect(validateReceipt(JSON.parse(JSON.stringify(made))).ok).toBe(true);
    } finally {
      history.replaceState(null, '', before);
      gate.destroy();
    }
  });
});
