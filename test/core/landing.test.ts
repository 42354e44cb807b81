// @vitest-environment-options {"url": "https://www.ooopic.test/"}
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cookieStorage } from '../../src/core/cookie-storage.js';
import { cookieReader, landedKey, landing, type ConsentStorage } from '../../src/core/storage.js';
import { DAY, setup } from './helpers.js';

/** Where the page is, and where it says it came from (`document.referrer`, '' for none). */
function at(url: string, referrer: string) {
  history.replaceState(null, '', url);
  Object.defineProperty(document, 'referrer', { value: referrer, configurable: true });
}

const clearAll = () => {
  for (const pair of document.cookie ? document.cookie.split('; ') : []) document.cookie = `${pair.split('=')[0]}=; max-age=0; path=/`;
  localStorage.clear();
  sessionStorage.clear();
};
/** Another tab of the site: its own sessionStorage (the landing's mark is per tab). */
const otherTab = () => sessionStorage.clear();

/**
 * Safari (ITP 2.2, webkit.org/blog/8828) keeps a cookie a script writes for a day only on a page reached from a site it
 * classifies with a query or fragment in the URL: an ad click's landing page, where a visitor decides and is asked
 * again the next day. The page cannot know Safari's classification, so any such URL reached from elsewhere counts.
 */
describe('a landing page whose cookie writes Safari may keep for a day', () => {
  beforeEach(clearAll);
  afterEach(() => at('/', ''));

  it.each<[string, string, boolean]>([
    ['/?bd_vid=1', 'https://www.baidu.com/', true],
    ['/#from=ad', 'https://www.baidu.com/link?url=x', true],
    ['/?kw=cat', '', true], // no referrer told: it may be such a landing
    ['/?kw=cat', 'https://www.ooopic.test/search', false], // a link of the site itself
    ['/?kw=cat', 'https://www.ooopic.test/', false],
    ['/?kw=cat', 'https://www.ooopic.test.evil.example/', true], // a host that only begins like the site's
    ['/?kw=cat', 'http://www.ooopic.test/', true], // another origin (the scheme differs)
    ['/?kw=cat', 'https://m.ooopic.test/', true], // a sibling subdomain: another origin, at worst one write more
    ['/pic/1.html', 'https://www.baidu.com/', false], // nothing in the URL: Safari caps nothing
    ['/', '', false],
  ])('%s reached from %j: %s', (url, referrer, expected) => {
    at(url, referrer);
    expect(landing()).toBe(expected);
    // Its tab stays marked (Safari caps it until it closes): a later page there is one too.
    at('/pic/2.html', 'https://www.ooopic.test/');
    expect(landing()).toBe(expected);
  });

  // Regression (a review): a page that takes `?bd_vid` out of its address at once (`history.replaceState`), or an SPA
  // route change before the decision, was no landing, and its record was not noted.
  it('regression: the URL it was navigated to counts, not the address a script left', () => {
    at('/', 'https://www.baidu.com/');
    const entries = vi.spyOn(performance, 'getEntriesByType').mockReturnValue([{ name: 'https://www.ooopic.test/?bd_vid=9' } as PerformanceEntry]);
    try {
      expect(landing()).toBe(true);
    } finally {
      entries.mockRestore();
    }
  });

  it('a write there is noted; a page in another tab has it written again, the same value; a write there forgets it', () => {
    const storage = cookieStorage({ name: 'cg_consent' });
    at('/?bd_vid=1', 'https://www.baidu.com/');
    storage.write('v1', 365, 'id1');
    expect(localStorage.getItem(landedKey('cg_consent'))).toBe('v1');
    // Still on the landing page, or on a later page of its tab: nothing to write yet, a write there is capped too.
    expect(storage.renewal!()).toBeUndefined();
    expect(cookieReader('cg_consent').renewal!()).toBeUndefined();
    at('/pic/1.html', 'https://www.ooopic.test/?bd_vid=1');
    expect(cookieReader('cg_consent').renewal!()).toBeUndefined();
    storage.write('v1', 365, 'id1');
    expect(localStorage.getItem(landedKey('cg_consent'))).toBe('v1');
    otherTab();
    expect(cookieReader('cg_consent').renewal!()).toBe('v1');
    expect(storage.renewal!()).toBe('v1');
    storage.write('v1', 365, 'id1');
    expect(localStorage.getItem(landedKey('cg_consent'))).toBeNull();
    expect(storage.renewal!()).toBeUndefined();
  });

  it('a note whose value the cookie no longer holds (a later decision elsewhere) is no renewal', () => {
    const storage = cookieStorage({ name: 'cg_consent' });
    at('/?bd_vid=1', 'https://www.baidu.com/');
    storage.write('v1', 365, 'id1');
    otherTab();
    at('/pic/1.html', 'https://www.ooopic.test/');
    document.cookie = 'cg_consent=v2; path=/';
    expect(storage.renewal!()).toBeUndefined();
  });

  it('a reset forgets the note; a page without localStorage notes nothing and writes as before', () => {
    const storage = cookieStorage({ name: 'cg_consent' });
    at('/?bd_vid=1', 'https://www.baidu.com/');
    storage.write('v1', 365, 'id1');
    storage.remove();
    expect(localStorage.getItem(landedKey('cg_consent'))).toBeNull();
    const { getItem, setItem } = Storage.prototype;
    Storage.prototype.getItem = Storage.prototype.setItem = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    try {
      expect(storage.write('v1', 365, 'id1')).toBe(true);
      expect(document.cookie).toContain('cg_consent=v1');
      otherTab();
      at('/pic/1.html', 'https://www.ooopic.test/');
      expect(storage.renewal!()).toBeUndefined();
    } finally {
      Object.assign(Storage.prototype, { getItem, setItem });
    }
  });
});

/** Once the page is idle (src/core/idle.ts: at most 300 ms). */
const idle = () => new Promise(resolve => setTimeout(resolve, 350));

/** A storage of one value that says `renewal` as a cookie storage does after a landing page wrote it, and logs writes. */
function renewing(value: string, renewal: string | undefined) {
  const writes: Array<[string, number, string | undefined]> = [];
  const storage: ConsentStorage = {
    read: () => [value],
    write: (next, days, id) => (writes.push([next, days, id]), (value = next), true),
    remove: () => {},
    persistent: true,
    renewal: () => renewal,
  };
  return { storage, writes };
}

describe('the record a landing page wrote is written again as it is by the next page (Safari, ITP 2.2)', () => {
  const decided = async (config = {}) => {
    const { gate, storage, clock } = setup(config);
    await gate.acceptAll();
    const value = storage.read()[0]!;
    gate.destroy();
    return { value, clock, id: gate.get().consentId };
  };

  it('in force and asking nothing: the same value, for acceptDays, under its consent id, and nothing else changes', async () => {
    const { value, clock, id } = await decided();
    const { storage, writes } = renewing(value, value);
    clock.now += DAY;
    const { gate, h } = setup({}, { storage, clock });
    expect(writes).toEqual([]); // not at the start of the page: once it is idle
    await idle();
    expect(writes).toEqual([[value, 365, id]]);
    expect([gate.get().prompt, gate.get().consentId, gate.granted('pixel', 'ocean-engine'), h.sent]).toEqual([null, id, true, []]);
    gate.destroy();
  });

  it('a refusal: for rejectDays', async () => {
    const { gate, storage, clock } = setup();
    await gate.rejectAll();
    const value = storage.read()[0]!;
    gate.destroy();
    const renewed = renewing(value, value);
    const next = setup({}, { storage: renewed.storage, clock }).gate;
    await idle();
    next.destroy();
    expect(renewed.writes).toEqual([[value, 180, gate.get().consentId]]);
  });

  it.each<[string, number, object]>([
    ['expired', 366 * DAY, {}],
    ['for an older policy', DAY, { policy: { version: '2099-01-01' } }],
  ])('not a record %s: the banner asks, and its answer is written', async (_, later, config) => {
    const { value, clock } = await decided();
    const { storage, writes } = renewing(value, value);
    clock.now += later;
    const { gate } = setup(config, { storage, clock });
    await idle();
    expect(gate.get().prompt).not.toBeNull();
    expect(writes).toEqual([]);
    gate.destroy();
  });

  it('nothing noted (or noted, but no longer the cookie\'s): nothing written', async () => {
    const { value, clock } = await decided();
    const { storage, writes } = renewing(value, undefined);
    const next = setup({}, { storage, clock }).gate;
    await idle();
    next.destroy();
    expect(writes).toEqual([]);
  });
});

describe('a landing where storage is off', () => {
  afterEach(() => at('/', ''));

  it('a page with nothing in its URL is no landing though sessionStorage throws; one with a click id is', () => {
    const { getItem, setItem } = Storage.prototype;
    Storage.prototype.getItem = Storage.prototype.setItem = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    try {
      at('/pic/1.html', 'https://www.baidu.com/');
      expect(landing()).toBe(false);
      at('/?bd_vid=1', 'https://www.baidu.com/');
      expect(landing()).toBe(true);
    } finally {
      Object.assign(Storage.prototype, { getItem, setItem });
      sessionStorage.clear();
    }
  });
});
