import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../../src/core/storage.js';
import { consentModeSignals } from '../../src/gate/consent-mode.js';
import { createConsentGate } from '../../src/headless.js';
import { cleanup, flush, mount, SERVICES } from './helpers.js';

type Layer = unknown[];
const page = window as unknown as Record<string, Layer | undefined>;
afterEach(() => {
  cleanup();
  delete page.dataLayer;
  delete page.myLayer;
});

const SIGNALS = ['analytics_storage', 'ad_storage', 'ad_user_data', 'ad_personalization', 'personalization_storage'] as const;
const GA = { id: 'google-analytics', category: 'analytics' };
const ADS = { id: 'google-ads', category: 'pixel' };
const REMARKETING = { id: 'google-remarketing', category: 'personalization' };
/** A state where every category and service named is granted. */
const granted = (categories: string[], services: string[]) => ({
  categories: Object.fromEntries(categories.map(id => [id, true])),
  services: Object.fromEntries(services.map(id => [id, true])),
});
const args = (entry: unknown) => [...(entry as IArguments)];
const customAds = {
  id: 'google-ads', category: 'pixel', name: 'Google Ads', provider: 'Google LLC', purpose: '广告转化', data: '转化事件',
  hosts: ['googleads.g.doubleclick.net', 'www.googleadservices.com'], src: 'https://www.googletagmanager.com/gtag/js?id=AW-123',
  crossBorder: { recipient: 'Google LLC', country: '美国', contact: 'https://policies.google.com/privacy', purpose: '广告转化', data: '转化事件', method: 'HTTPS', rights: '可撤回', safeguards: '合同', risks: '境外法律' },
};


// Regression: a signal asked the page's `Array.prototype.some` whether a Google service of its category is
// granted; one answering `true` (replaced after the SDK started) granted Google's ad signals through 巨量引擎's grant.
it('regression: a page\'s Array.prototype.some answering true grants no Google signal through another service', () => {
  const state = granted(['analytics', 'pixel', 'personalization'], ['ocean-engine']);
  const own = Object.getOwnPropertyDescriptor(Array.prototype, 'some')!;
  Object.defineProperty(Array.prototype, 'some', { configurable: true, writable: true, value: () => true });
  let signals: Record<string, string>;
  try {
    signals = consentModeSignals(state, [GA, ADS, REMARKETING]);
  } finally {
    Object.defineProperty(Array.prototype, 'some', own);
  }
  expect(SIGNALS.map(key => signals[key])).toEqual(['denied', 'denied', 'denied', 'denied', 'denied']);
});

describe('Google Consent Mode v2 (SPEC §7.4)', () => {
  // Each signal is granted through a granted Google service of the category it governs, never through a category
  // alone: a Google tag sends what it collects abroad, and its 单独同意 names its purposes (PIPL Art. 39).
  it.each<[string, ReturnType<typeof granted> | undefined, Array<typeof GA>, string[]]>([
    ['no decision', undefined, [GA, ADS, REMARKETING], ['denied', 'denied', 'denied', 'denied', 'denied']],
    ['every category, no Google service', granted(['analytics', 'pixel', 'personalization'], []), [], ['denied', 'denied', 'denied', 'denied', 'denied']],
    ['every category, Google Analytics not granted', granted(['analytics', 'pixel', 'personalization'], ['baidu-tongji']), [GA], ['denied', 'denied', 'denied', 'denied', 'denied']],
    ['Google Analytics granted', granted(['analytics'], ['google-analytics']), [GA], ['granted', 'denied', 'denied', 'denied', 'denied']],
    // Regression (Consent Mode probe): 巨量引擎's pixel accepted and Google Analytics' consent for statistics granted
    // Google ad_storage, ad_user_data and ad_personalization.
    ['regression: Google Analytics and every category granted', granted(['analytics', 'pixel', 'personalization'], ['google-analytics', 'ocean-engine']), [GA], ['granted', 'denied', 'denied', 'denied', 'denied']],
    ['a Google ads service granted in pixel', granted(['pixel'], ['google-ads']), [GA, ADS], ['denied', 'granted', 'granted', 'denied', 'denied']],
    ['a Google service in personalization granted', granted(['personalization'], ['google-remarketing']), [REMARKETING], ['denied', 'denied', 'denied', 'granted', 'granted']],
    ['a granted service whose category is off (a minor\'s forced-off one)', { categories: { personalization: false }, services: { 'google-remarketing': true } }, [REMARKETING], ['denied', 'denied', 'denied', 'denied', 'denied']],
  ])('%s', (_, state, google, expected) => {
    const signals = consentModeSignals(state, google);
    expect(SIGNALS.map(signal => signals[signal])).toEqual(expected);
    // What the site needs (its language, fraud prevention) is no tracking.
    expect([signals.functionality_storage, signals.security_storage]).toEqual(['granted', 'granted']);
  });

  it('pushes denied defaults first (as gtag arguments), then an update on each change', () => {
    page.dataLayer = [['earlier', 'entry']];
    const { core } = mount('', { services: [...SERVICES, { id: 'google-analytics', measurementId: 'G-TEST123' }] });
    core.acceptAll();
    void core.request('analytics', 'google-analytics');
    core.save({ services: { 'google-analytics': true } });
    expect(Object.prototype.toString.call(page.dataLayer![1])).toBe('[object Arguments]');
    const commands = page.dataLayer!.slice(1).map(args);
    expect(commands[0]).toEqual(['consent', 'default', consentModeSignals()]);
    expect(commands.at(-1)).toEqual(['consent', 'update', consentModeSignals(granted(['analytics'], ['google-analytics']), [GA])]);
  });

  it('a minor\'s forced-off personalisation stays denied for Google too, personalization_storage included', () => {
    const { core } = mount('', { services: [...SERVICES, { ...customAds, id: 'google-remarketing', category: 'personalization', hosts: ['googleads.g.doubleclick.net'] }] });
    void core.request('personalization', 'google-remarketing');
    core.save({ services: { 'google-remarketing': true } });
    expect(args(page.dataLayer!.at(-1))[2]).toMatchObject({ ad_personalization: 'granted', personalization_storage: 'granted' });
    core.setAge('minor');
    expect(args(page.dataLayer!.at(-1))[2]).toMatchObject({ ad_personalization: 'denied', personalization_storage: 'denied' });
  });

  it('no signal is granted before Google Analytics\' own 单独同意; then analytics_storage alone', () => {
    const { core } = mount('', { services: ['baidu-tongji', 'ocean-engine', { id: 'google-analytics', measurementId: 'G-TEST123' }] });
    const last = () => args(page.dataLayer!.at(-1))[2];
    core.acceptAll();
    expect(core.granted('analytics', 'baidu-tongji')).toBe(true);
    expect(last()).toEqual(consentModeSignals());
    void core.request('analytics', 'google-analytics'); // its own dialog, answered as a custom UI answers it
    core.save({ services: { 'google-analytics': true } });
    expect(core.granted('pixel', 'ocean-engine')).toBe(true);
    expect(last()).toMatchObject({ analytics_storage: 'granted', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' });
    core.save({ services: { 'google-analytics': false } });
    expect(last()).toEqual(consentModeSignals());
  });

  // Consent Mode probe: a hand-written Google service (Tag Manager, an ads tag) turned nothing on, and its tags ran
  // with no consent state, which Google reads as granted.
  it('regression: a custom Google service turns Consent Mode on, and its own consent grants its category\'s signals', () => {
    const { core } = mount('', { services: [...SERVICES, customAds] });
    expect(core.config.gcm).toBe(true);
    expect(args(page.dataLayer![0])).toEqual(['consent', 'default', consentModeSignals()]);
    core.acceptAll();
    expect(args(page.dataLayer!.at(-1))[2]).toMatchObject({ ad_storage: 'denied' });
    void core.request('pixel', 'google-ads');
    core.save({ services: { 'google-ads': true } });
    expect(args(page.dataLayer!.at(-1))[2]).toMatchObject({ analytics_storage: 'denied', ad_storage: 'granted', ad_user_data: 'granted' });
  });

  it.each([
    ['hosts', { hosts: ['www.googletagmanager.com'] }],
    ['a wildcard host', { hosts: ['*.doubleclick.net'] }],
    ['src', { src: '//www.googletagmanager.com/gtm.js?id=GTM-X1' }],
  ])('regression: a Google tag by its %s without crossBorder is a config error naming the path', (_, where) => {
    expect(() => mount('', { services: [{ id: 'gtm', category: 'analytics', name: 'GTM', provider: 'Google', purpose: '统计', data: '访问', ...where }] })).toThrow(
      'consent-gate: config.services[0].crossBorder must be set for a Google tag, which sends data abroad (PIPL Art. 39), got undefined',
    );
  });

  it('a host that only looks like Google\'s, or a Google URL in a script\'s query, is no Google tag', () => {
    const { core } = mount('', { services: [
      { id: 'lookalike', category: 'analytics', name: 'x', provider: 'x', purpose: 'x', data: 'x', hosts: ['googletagmanager.com.example', 'notgoogle-analytics.com'] },
      { id: 'proxied', category: 'analytics', name: 'x', provider: 'x', purpose: 'x', data: 'x', src: 'https://cdn.example/loader.js?u=https://www.googletagmanager.com/gtm.js' },
    ] });
    expect(core.config.gcm).toBe(false);
  });

  // Consent Mode probe: a page whose dataLayer was frozen or a string got a TypeError thrown into it, and no controller.
  it.each([
    ['frozen', () => Object.freeze([])],
    ['a string', () => 'legacy'],
  ])('regression: a dataLayer that is %s throws nothing into the page and is said once', async (_, make) => {
    (page as Record<string, unknown>).dataLayer = make();
    const { core, errors } = mount('', { services: [...SERVICES, customAds], dataLayer: true });
    core.acceptAll();
    core.rejectAll();
    await flush();
    expect(errors.filter(e => e.kind === 'page')).toEqual([
      { kind: 'page', message: 'window.dataLayer takes no push (the page made it something else): Google tags reading it get nothing from Consent Gate' },
    ]);
  });

  // Regression: the report was made while the controller was being made, before any page could listen, so it was lost.
  it('regression: a listener the page adds once createConsentGate() returned hears of a data layer that takes no push', async () => {
    (page as Record<string, unknown>).dataLayer = 'legacy';
    const gate = createConsentGate({ services: [customAds] }, { storage: memoryStorage(), tabSync: false });
    const errors: string[] = [];
    gate.on('error', e => errors.push(`${e.kind}: ${e.message}`));
    await flush();
    expect(errors).toEqual(['page: window.dataLayer takes no push (the page made it something else): Google tags reading it get nothing from Consent Gate']);
    gate.destroy();
  });

  describe('integration mistakes said in the console', () => {
    const warnings = () => {
      const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
      return () => {
        const said = spy.mock.calls.map(call => String(call[0])).filter(text => !text.includes('PIPL Art. 38'));
        spy.mockRestore();
        return said;
      };
    };
    const gtagArgs = (...values: unknown[]) => (function () { return arguments; })(...values as []);

    // Regression: gcm: true with no Google service kept every signal denied without a word.
    it('gcm: true with no Google service', () => {
      const said = warnings();
      mount('', { gcm: true });
      expect(said()).toEqual(['consent-gate: config.gcm is on, but no service is a Google tag: its signals stay "denied"']);
    });

    // Regression: a gtag snippet pasted above the SDK queued config before the defaults, which Google reads as consented.
    it.each<[string, unknown[], string | undefined]>([
      ['gtag("config") before the defaults', [gtagArgs('js', new Date()), gtagArgs('config', 'G-1')], 'window.dataLayer held "config" before the Consent Mode defaults'],
      ["Tag Manager's start before the defaults", [{ 'gtm.start': 1, event: 'gtm.js' }], 'window.dataLayer held "gtm.js" before'],
      ['plain data only', [{ pageType: 'search' }, 'text', null], undefined],
      ['gtag("js") and gtag("set") alone, which send nothing', [gtagArgs('js', new Date()), gtagArgs('set', { currency: 'CNY' })], undefined],
      ['a data layer that is a string', 'legacy' as unknown as unknown[], undefined],
      ["the page's own defaults first", [gtagArgs('consent', 'default', { ad_storage: 'denied' }), gtagArgs('config', 'G-1')], undefined],
      ["an earlier controller's commands (a remount)", [gtagArgs('consent', 'default', {}), { event: 'consentgate_change' }], undefined],
    ])('%s', (_, entries, message) => {
      page.dataLayer = entries;
      const said = warnings();
      mount('', { services: [customAds] });
      const text = said();
      if (message) expect(text).toEqual([expect.stringContaining(message)]);
      else expect(text).toEqual([]);
      if (message) expect(text[0]).toContain("and Google reads it as consented: put the SDK's <script> first");
    });

    it('a data layer whose entries throw when read is not a throw into the page', () => {
      page.dataLayer = [new Proxy({}, { get: () => { throw new Error('hostile'); } })];
      const said = warnings();
      expect(() => mount('', { services: [customAds] })).not.toThrow();
      expect(said()).toEqual([]);
    });
  });

  // Regression (first-hour probe): "accept all", which gives Google nothing, pushed an update identical to the one
  // before it.
  it('an update is pushed only when a signal changes', async () => {
    const { core } = mount('', { services: [customAds] });
    await flush();
    await core.acceptAll();
    await core.decide({ services: { 'google-ads': true } }, 'contextual');
    const updates = (page.dataLayer ?? []).map(args).filter(entry => entry[1] == 'update').map(entry => (entry[2] as Record<string, string>).ad_storage);
    expect(updates).toEqual(['denied', 'granted']);
  });

  // Regression, with built-ins replaced after the SDK started: the commands went to each data layer through the
  // page's `Array.prototype.forEach`, and the events that carry them through its `Map` and `Set`. Answering nothing, a
  // withdrawal's "denied" reached no Google tag, which went on storing and sending as granted.
  it.each<[string, object, PropertyKey, unknown]>([
    ['Array.prototype.forEach doing nothing', Array.prototype, 'forEach', () => {}],
    ['Map.prototype.get answering nothing', Map.prototype, 'get', () => undefined],
  ])('regression: %s: a withdrawal still denies Google\'s signals', async (_, owner, key, value) => {
    const { core } = mount('', { services: [customAds] });
    await flush();
    await core.acceptAll();
    await core.decide({ services: { 'google-ads': true } }, 'contextual');
    const own = Object.getOwnPropertyDescriptor(owner, key)!;
    Object.defineProperty(owner, key, { configurable: true, writable: true, value });
    try {
      void core.rejectAll();
    } finally {
      Object.defineProperty(owner, key, own);
    }
    await flush();
    const updates = (page.dataLayer ?? []).map(args).filter(entry => entry[1] == 'update').map(entry => (entry[2] as Record<string, string>).ad_storage);
    expect(updates).toEqual(['denied', 'granted', 'denied']);
  });

  it('without gcm nothing is pushed', () => {
    mount('').core.acceptAll();
    expect(page.dataLayer).toBeUndefined();
  });
});

describe('dataLayer (opt-in)', () => {
  // Regression: with a custom name, Consent Mode commands went to an array gtag.js never reads; then (Consent Mode
  // probe) only to window.dataLayer, and a Tag Manager loaded with `l=myLayer` had no defaults.
  it('sends Consent Mode commands to window.dataLayer and to the named array, Consent Gate events to the named one', async () => {
    const { core } = mount('', { dataLayer: 'myLayer', gcm: true });
    await flush();
    core.acceptAll();
    const commands = (layer: unknown[] | undefined) =>
      (layer ?? []).filter(entry => !(entry as { event?: string }).event).map(entry => args(entry).slice(0, 2).join(' '));
    expect(commands(page.dataLayer)).toEqual(['consent default', 'consent update']);
    expect(commands(page.myLayer)).toEqual(['consent default', 'consent update']);
    expect(page.dataLayer!.some(entry => (entry as { event?: string }).event)).toBe(false);
    expect((page.myLayer as unknown[]).filter(entry => (entry as { event?: string }).event === 'consentgate_change')).toHaveLength(2);
    delete page.myLayer;
  });

  it('pushes consentgate_change with the grants, at start and on each change, into the named array', async () => {
    const { core } = mount('', { dataLayer: 'myLayer' });
    await flush();
    core.save({ categories: { share: true } });
    // A tag manager's trigger tells the state at start from a decision, and which one (a consent-rate report).
    expect(page.myLayer).toEqual([
      { event: 'consentgate_change', consentGate: expect.objectContaining({ categories: expect.objectContaining({ share: false }), decided: false, action: undefined }) },
      { event: 'consentgate_change', consentGate: expect.objectContaining({ categories: expect.objectContaining({ share: true }), services: expect.objectContaining({ 'weibo-share': true }), decided: true, action: 'save' }) },
    ]);
  });
});
