import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../src/core/config.js';
import { createConsent } from '../../src/core/controller.js';
import { createReader } from '../../src/core/reader.js';
import { decodeRecord, encodeRecord } from '../../src/core/record.js';
import { memoryStorage, type ConsentStorage } from '../../src/core/storage.js';
import type { ConsentRecord } from '../../src/core/types.js';
import { PRESETS as CATALOGUE } from '../../src/presets/index.js';
import { DAY, PRESETS, setup, T0 } from './helpers.js';

/*
 * Built-ins a page may replace after the SDK started (SPEC §9: the page is not trusted; what decides a grant asks none
 * of the page's array methods, `Number`, `Math`, `Map` or `Set`). Each case below but one (said there) failed open or
 * lost a decision before its fix: a grant the visitor did not give, a minor's or a child's rule lifted, a withdrawal not
 * carried out. Each built-in is replaced only around the call under test: vitest needs them around it.
 */

/** Runs `call` while `owner[key]` is `value`. */
function swapped<T>(owner: object, key: PropertyKey, value: unknown, call: () => T): T {
  const own = Object.getOwnPropertyDescriptor(owner, key)!;
  Object.defineProperty(owner, key, { configurable: true, writable: true, value });
  try {
    return call();
  } finally {
    Object.defineProperty(owner, key, own);
  }
}

const record = (over: Partial<ConsentRecord>): ConsentRecord => ({
  format: 3,
  id: 'aaaaaaaa11111111',
  policy: '2024-04-23',
  updatedAt: T0 - 1000,
  decision: { at: T0 - 1000, action: 'save' },
  categories: {},
  services: {},
  exceptions: [],
  age: 'unknown',
  youthMode: false,
  dnt: false,
  gpc: false,
  ...over,
});
const EVERYTHING = { categories: { analytics: true, personalization: true, pixel: true, share: true }, services: { 'baidu-tongji': true, cnzz: true, 'weibo-share': true, 'ocean-engine': true } };
/** An "accept all" a sibling subdomain tossed onto the parent domain under an id of its own (SPEC §4). */
const FORGED = record({ id: 'eeeeeeee99999999', updatedAt: T0, decision: { at: T0, action: 'accept-all' }, ...EVERYTHING });
/** A cookie jar holding `values` in the order the browser lists them, whose own copy is `mine`'s. */
function jar(values: string[], mine: string): ConsentStorage & { list: string[] } {
  const storage = {
    list: values,
    read: () => [...storage.list],
    write: (value: string) => ((storage.list = [value]), true),
    remove: () => void (storage.list = []),
    persistent: true,
    mine: () => mine,
  };
  return storage;
}

describe('regression: a built-in the page replaced after the SDK started', () => {
  it('Array.prototype.includes answering true: a decision under Do Not Track excepts no tracking category from it', () => {
    const signals = { dnt: false, gpc: false };
    const { gate, storage } = setup({ dnt: 'respect' }, { signals });
    gate.acceptAll();
    signals.dnt = true;
    const page = setup({ dnt: 'respect' }, { storage, signals }).gate;
    swapped(Array.prototype, 'includes', () => true, () => page.save({ categories: { share: false } }));
    expect([page.granted('pixel'), setup({ dnt: 'respect' }, { storage, signals }).gate.granted('pixel')]).toEqual([false, false]);
  });

  it('Array.prototype.includes answering false: setAge("child") still takes, and its rules apply', () => {
    const { gate } = setup();
    gate.acceptAll();
    swapped(Array.prototype, 'includes', () => false, () => gate.setAge('child'));
    expect([gate.get().age, gate.granted('pixel'), gate.granted('analytics')]).toEqual(['child', false, false]);
  });

  it.each<[string, object, PropertyKey, unknown]>([
    ['Array.prototype.indexOf answering nothing', Array.prototype, 'indexOf', () => undefined],
    ['Math.max answering NaN', Math, 'max', () => NaN],
  ])('%s: the account\'s age lock still keeps a minor from declaring an adult (SPEC §5.3)', (_, owner, key, value) => {
    const { gate } = setup();
    gate.setAge('minor', { source: 'account' });
    swapped(owner, key, value, () => gate.setAge('adult'));
    gate.acceptAll();
    expect([gate.get().age, gate.granted('pixel')]).toEqual(['minor', false]);
  });

  // Prototype.js 1.6 defines `Array.prototype.reduce` to answer the list itself (of more than one item): that one was
  // held before too (the page's own copy gave the age), and is kept as a guard of the same merge.
  it.each([
    ['answering its first item', function (this: unknown[]) { return this[0]; }],
    ['as Prototype.js 1.6 has it', function (this: unknown[]) { return this.length > 1 ? this : this[0]; }],
  ])('Array.prototype.reduce %s as the cookie is read: a forged copy beside a minor\'s leaves a minor', (_, reduce) => {
    const resolved = normalizeConfig({ services: ['baidu-tongji', 'cnzz', 'weibo-share', 'ocean-engine'] }, PRESETS);
    const own = record({ age: 'minor', ageFromAccount: true, categories: { analytics: true }, services: { 'baidu-tongji': true, cnzz: true } });
    const storage = jar([encodeRecord(FORGED), encodeRecord(own)], own.id);
    const page = swapped(Array.prototype, 'reduce', reduce, () =>
      createConsent(resolved, { storage, now: () => T0, signals: () => ({ dnt: false, gpc: false }), tabSync: false, warn: () => {} }),
    );
    page.acceptAll();
    expect([page.get().age, decodeRecord(storage.list[0]!)?.age, page.granted('pixel'), page.granted('personalization')]).toEqual(['minor', 'minor', false, false]);
  });

  it('Array.prototype.filter answering the list it was given, as copies are merged: a forged copy grants nothing refused', () => {
    const own = record({ categories: { analytics: true }, services: { 'baidu-tongji': true, cnzz: false } });
    const storage = jar([encodeRecord(own)], own.id);
    const page = setup({}, { storage }).gate;
    storage.list.unshift(encodeRecord(FORGED));
    swapped(Array.prototype, 'filter', function (this: unknown[]) { return this; }, () => page.setAge('unknown'));
    expect([page.granted('analytics', 'cnzz'), page.granted('personalization'), page.get().categories.pixel, page.get().categories.share]).toEqual([false, false, false, false]);
  });

  it.each<[string, object, PropertyKey, unknown]>([
    ['Number answering 0', globalThis, 'Number', () => 0],
    ['Math.max answering NaN', Math, 'max', () => NaN],
  ])('%s: a record of an older policy is still asked again', (_, owner, key, value) => {
    const storage = memoryStorage();
    setup({ policy: { version: '2024-01-01' } }, { storage }).gate.acceptAll();
    const page = setup({ policy: { version: '2024-06-01' } }, { storage }).gate;
    swapped(owner, key, value, () => page.setYouthMode(false));
    expect([page.get().prompt, page.granted('pixel')]).toEqual(['policy', false]);
  });

  it.each([
    ['answering nothing', () => undefined],
    ['answering Infinity', () => Infinity],
  ])('Math.min %s: an expired decision stays expired', (_, min) => {
    const { gate, storage } = setup();
    gate.acceptAll();
    const page = setup({}, { storage, clock: { now: T0 + 400 * DAY } }).gate;
    swapped(Math, 'min', min, () => page.setYouthMode(false));
    expect([page.get().prompt, page.granted('analytics')]).toEqual(['expired', false]);
  });

  it('Set.prototype.has answering true: a transfer abroad granted without its 单独同意 stays ungranted (SPEC §5.4)', () => {
    const presets = { ...PRESETS, 'google-analytics': CATALOGUE['google-analytics']! };
    const config = { services: ['baidu-tongji', 'google-analytics', 'weibo-share'] };
    const storage = memoryStorage();
    // An earlier build's "accept all": Google Analytics granted, no `b`.
    const earlier = record({ decision: { at: T0 - 1000, action: 'accept-all' }, categories: { analytics: true, share: true }, services: { 'baidu-tongji': true, 'google-analytics': true, 'weibo-share': true } });
    storage.write(encodeRecord(earlier), 365);
    const page = setup(config, { storage }, {}, presets).gate;
    swapped(Set.prototype, 'has', () => true, () => page.save({ categories: { share: false } }));
    expect([page.granted('analytics', 'google-analytics'), setup(config, { storage }, {}, presets).gate.granted('analytics', 'google-analytics')]).toEqual([false, false]);
  });

  it.each<[string, object, PropertyKey, unknown]>([
    ['Map.prototype.get answering nothing', Map.prototype, 'get', () => undefined],
    ['the set iterator yielding nothing', Set.prototype, Symbol.iterator, function* () {}],
    ['Array.prototype.filter answering nothing', Array.prototype, 'filter', () => []],
  ])('%s: "reject all" is told as a withdrawal, with what it took away', (_, owner, key, value) => {
    const { gate } = setup();
    gate.acceptAll();
    const revoked: string[][] = [];
    gate.on('revoked', ({ categories }) => revoked.push(categories));
    swapped(owner, key, value, () => gate.rejectAll());
    expect(revoked).toEqual([['analytics', 'personalization', 'pixel', 'share']]);
  });

  it('Array.prototype.find answering the first key: a withdrawal saved is stored, and the account\'s age group is taken', () => {
    const first = function (this: unknown[]) { return this[0]; };
    const { gate, storage } = setup();
    gate.acceptAll();
    swapped(Array.prototype, 'find', first, () => gate.save({ categories: { analytics: false } }));
    swapped(Array.prototype, 'find', first, () => gate.setAge('minor', { source: 'account' }));
    gate.setAge('adult');
    gate.acceptAll();
    const next = setup({}, { storage }).gate;
    expect([gate.get().age, gate.granted('pixel'), next.get().age, next.granted('pixel')]).toEqual(['minor', false, 'minor', false]);
  });

  it.each<[string, unknown]>([
    ['answering NaN', () => NaN],
    ['answering nothing', () => undefined],
  ])('Math.min %s: "reject all" is stored, dated, and read on the next page', (_, value) => {
    const { gate, storage } = setup();
    gate.acceptAll();
    swapped(Math, 'min', value, () => gate.rejectAll());
    const next = setup({}, { storage, clock: { now: T0 + 1 } }).gate;
    expect([next.get().decision?.action, next.get().prompt, next.granted('analytics')]).toEqual(['reject-all', null, false]);
  });

  it('Array.prototype.find answering the first service while a withdrawal waits for its code: get() grants no service', () => {
    // The script tag's reader before decide.js: a necessary service listed first.
    const resolved = normalizeConfig({ services: ['wechat-login', 'baidu-tongji', 'weibo-share'] }, CATALOGUE);
    const storage = memoryStorage();
    const earlier = createConsent(resolved, { storage, tabSync: false, warn: () => {} });
    earlier.acceptAll();
    const core = createReader(resolved, { storage, tabSync: false, warn: () => {} });
    const services = swapped(Array.prototype, 'find', function (this: unknown[]) { return this[0]; }, () => (void core.rejectAll(), core.get().services));
    expect([services, core.get().services]).toEqual([
      { 'wechat-login': true, 'baidu-tongji': false, 'weibo-share': false },
      { 'wechat-login': true, 'baidu-tongji': false, 'weibo-share': false },
    ]);
  });
});

describe('regression: the cookie jar read and cleared without the page\'s string and array methods', () => {
  /** Runs `call` while each `[owner, key]` answers nothing. */
  function without<T>(keys: Array<[object, PropertyKey]>, call: () => T): T {
    const owns = keys.map(([owner, key]) => [owner, key, Object.getOwnPropertyDescriptor(owner, key)!] as const);
    for (const [owner, key] of keys) Object.defineProperty(owner, key, { configurable: true, writable: true, value: () => undefined });
    try {
      return call();
    } finally {
      for (const [owner, key, own] of owns) Object.defineProperty(owner, key, own);
    }
  }
  const BROKEN: Array<[object, PropertyKey]> = [
    [String.prototype, 'split'],
    [String.prototype, 'indexOf'],
    [String.prototype, 'slice'],
    [String.prototype, 'replace'],
    [Array.prototype, 'push'],
    [Array.prototype, 'slice'],
    [Array.prototype, 'join'],
    [Array.prototype, 'map'],
  ];

  // With `split` answering nothing every cookie read as none: a withdrawal read back as none was kept for the page only,
  // and the acceptance it withdrew stayed stored.
  it('readCookies reads every copy of the name, and only of the name', async () => {
    const { readCookies } = await import('../../src/core/storage.js');
    // The jar as the browser gives it (jsdom's own jar needs the very methods broken here).
    const own = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
    Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: () => 'a=1; cg_consent=v%3D3%26a; cg_consent_probe=1; other=cg_consent=x; cg_consent=%E0' });
    try {
      expect(without(BROKEN, () => readCookies('cg_consent'))).toEqual(['v=3&a', '%E0']);
    } finally {
      Object.defineProperty(Document.prototype, 'cookie', own);
    }
  });

  it('cookieDomains and cookiePaths name every level and path', async () => {
    const { cookieDomains, cookiePaths } = await import('../../src/core/cookie-places.js');
    const expected = [cookieDomains('a.b.ooopic.com', '.ooopic.com'), cookiePaths('/topic/list/page.html')];
    expect(expected).toEqual([
      [undefined, 'a.b.ooopic.com', 'b.ooopic.com', 'ooopic.com'],
      ['/', '/topic', '/topic/', '/topic/list', '/topic/list/', '/topic/list/page.html'],
    ]);
    expect(without(BROKEN, () => [cookieDomains('a.b.ooopic.com', '.ooopic.com'), cookiePaths('/topic/list/page.html')])).toEqual(expected);
  });
});
