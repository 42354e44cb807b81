import { afterEach, describe, expect, it } from 'vitest';
import { consentModeSignals } from '../../src/gate/consent-mode.js';
import { cleanup, flush, mount } from './helpers.js';

type Layer = unknown[];
const page = window as unknown as Record<string, Layer | undefined>;
afterEach(() => {
  cleanup();
  delete page.dataLayer;
  delete page.myLayer;
});

describe('Google Consent Mode v2 (SPEC §7.4)', () => {
  it.each<[Record<string, boolean>, string[]]>([
    [{}, ['denied', 'denied', 'denied', 'denied']],
    [{ analytics: true }, ['granted', 'denied', 'denied', 'denied']],
    [{ pixel: true }, ['denied', 'granted', 'granted', 'denied']],
    [{ personalization: true }, ['denied', 'denied', 'denied', 'granted']],
    [{ analytics: true, pixel: true, personalization: true, share: true }, ['granted', 'granted', 'granted', 'granted']],
  ])('categories %j → analytics_storage, ad_storage, ad_user_data, ad_personalization', (categories, expected) => {
    const signals = consentModeSignals(categories);
    expect([signals.analytics_storage, signals.ad_storage, signals.ad_user_data, signals.ad_personalization]).toEqual(expected);
  });

  it('pushes denied defaults first (as gtag arguments), then an update on each change', () => {
    page.dataLayer = [['earlier', 'entry']];
    const { core } = mount('', { gcm: true });
    core.save({ categories: { analytics: true } });
    const commands = page.dataLayer!.slice(1).map(entry => [...(entry as IArguments)]);
    expect(Object.prototype.toString.call(page.dataLayer![1])).toBe('[object Arguments]');
    expect(commands[0]).toEqual(['consent', 'default', consentModeSignals({})]);
    expect(commands.at(-1)).toEqual(['consent', 'update', consentModeSignals({ analytics: true })]);
  });

  it('a minor’s forced-off categories stay denied for Google too', () => {
    const { core } = mount('', { gcm: true });
    core.setAge('minor');
    core.acceptAll();
    const last = [...(page.dataLayer!.at(-1) as IArguments)];
    expect(last[2]).toMatchObject({ analytics_storage: 'granted', ad_storage: 'denied', ad_personalization: 'denied' });
  });

  // Compliance probe: "accept all" granted every signal while Google Analytics, a transfer abroad, had no separate
  // consent: any Google tag following Consent Mode (a tag manager's, an ads tag) would have stored and sent.
  it('regression: no signal is granted before Google Analytics\' own 单独同意; each follows its category after it', () => {
    const { core } = mount('', { services: ['baidu-tongji', 'ocean-engine', { id: 'google-analytics', measurementId: 'G-TEST123' }] });
    const last = () => [...(page.dataLayer!.at(-1) as IArguments)][2];
    core.acceptAll();
    expect(core.granted('analytics', 'baidu-tongji')).toBe(true);
    expect(last()).toEqual(consentModeSignals({}));
    void core.request('analytics', 'google-analytics'); // its own dialog, answered as a custom UI answers it
    core.save({ services: { 'google-analytics': true } });
    expect(core.granted('analytics', 'google-analytics')).toBe(true);
    expect(last()).toEqual(consentModeSignals({ analytics: true, pixel: true, personalization: true }));
    core.save({ services: { 'google-analytics': false } });
    expect(last()).toEqual(consentModeSignals({}));
  });

  it('without gcm nothing is pushed', () => {
    mount('').core.acceptAll();
    expect(page.dataLayer).toBeUndefined();
  });
});

describe('dataLayer (opt-in)', () => {
  // Regression: with a custom name, Consent Mode commands went to an array gtag.js never reads.
  it('keeps Consent Mode commands in window.dataLayer when Consent Gate events go to a named array', async () => {
    const { core } = mount('', { dataLayer: 'myLayer', gcm: true });
    await flush();
    core.acceptAll();
    const commands = (page.dataLayer ?? []).map(entry => [...(entry as IArguments)].slice(0, 2).join(' '));
    expect(commands).toEqual(['consent default', 'consent update', 'consent update']);
    expect((page.myLayer as unknown[]).every(entry => (entry as { event?: string }).event === 'consentgate_change')).toBe(true);
    delete page.myLayer;
  });

  it('pushes consentgate_change with the grants, at start and on each change, into the named array', async () => {
    const { core } = mount('', { dataLayer: 'myLayer' });
    await flush();
    core.save({ categories: { share: true } });
    expect(page.myLayer).toEqual([
      { event: 'consentgate_change', consentGate: expect.objectContaining({ categories: expect.objectContaining({ share: false }) }) },
      { event: 'consentgate_change', consentGate: expect.objectContaining({ categories: expect.objectContaining({ share: true }), services: expect.objectContaining({ 'weibo-share': true }) }) },
    ]);
  });
});
