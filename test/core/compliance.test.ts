import { beforeEach, describe, expect, it } from 'vitest';
import { decodeRecord } from '../../src/core/record.js';
import type { AgeGroup, ConsentGateConfig, Preset } from '../../src/core/types.js';
import { googleAnalyticsText } from '../../src/presets/disclosures.js';
import { PRESETS as CATALOGUE } from '../../src/presets/index.js';
import type { Receipt } from '../../src/core/receipt.js';
import { validateReceipt } from '../../src/server/receipt-schema.js';
import { setup } from './helpers.js';

// Receipts a test left unconfirmed would be sent again by the next controller.
beforeEach(() => localStorage.clear());

/** The catalogue's Google Analytics, which sends data abroad (SPEC §5.4), beside CNZZ in the same category. */
const PRESETS: Record<string, Preset> = { 'google-analytics': CATALOGUE['google-analytics']!, cnzz: CATALOGUE.cnzz!, 'weibo-share': CATALOGUE['weibo-share']! };
const abroad = (config: ConsentGateConfig = {}, signals = { dnt: false, gpc: false }) => {
  return setup({ services: ['cnzz', { id: 'google-analytics', measurementId: 'G-1' }, 'weibo-share'], receipt: { url: 'https://www.ooopic.com/r' }, ...config }, { signals }, {}, PRESETS);
};
const contextual = (gate: ReturnType<typeof setup>['gate'], service: string) =>
  (gate as unknown as { decide(input: object, action: string): Promise<void> }).decide({ services: { [service]: true } }, 'contextual');

/** #13.1: a transfer out of China is consented to on its own (PIPL Art. 38–39, SPEC §5.4). */
describe('cross-border services', () => {
  it('are never granted by accept-all, a category switch or a save naming them', () => {
    const { gate } = abroad();
    void gate.acceptAll();
    expect([gate.granted('analytics', 'cnzz'), gate.granted('analytics', 'google-analytics')]).toEqual([true, false]);
    void gate.save({ categories: { analytics: true }, services: { 'google-analytics': true } });
    expect(gate.granted('analytics', 'google-analytics')).toBe(false);
    // Markup naming only the category could be Google's own snippet: it waits too.
    expect(gate.granted('analytics')).toBe(false);
  });

  it('are granted by their own separate consent, which stands through accept-all until turned off', async () => {
    const { gate } = abroad();
    await contextual(gate, 'google-analytics');
    expect(gate.granted('analytics', 'google-analytics')).toBe(true);
    await gate.acceptAll();
    expect([gate.granted('analytics', 'google-analytics'), gate.granted('analytics')]).toEqual([true, true]);
    await gate.save({ services: { 'google-analytics': false } });
    expect([gate.granted('analytics', 'google-analytics'), gate.granted('analytics', 'cnzz')]).toEqual([false, true]);
    await gate.rejectAll();
    await gate.acceptAll();
    expect(gate.granted('analytics', 'google-analytics')).toBe(false);
  });

  // Regression: the separate consent was kept in the record while a minor's rules forced it off, and came
  // back without asking once the visitor was an adult again (personalization, in the same steps, was dropped).
  it('a separate consent a minor may not give is dropped on the way, not kept for a later adult', async () => {
    const { gate } = abroad();
    await gate.acceptAll();
    await contextual(gate, 'google-analytics');
    await gate.setAge('minor');
    expect(gate.granted('analytics', 'google-analytics')).toBe(false);
    await gate.setAge('adult');
    expect([gate.granted('analytics', 'google-analytics'), gate.granted('analytics', 'cnzz')]).toEqual([false, true]);
  });

  it.each<[AgeGroup, boolean | undefined, boolean]>([
    ['adult', undefined, true],
    ['minor', undefined, false],
    ['minor', true, true],
    ['child', true, false],
  ])('age %s, crossBorder.minors %s: granted %s', async (age, minors, granted) => {
    const overrides = minors === undefined ? {} : { crossBorder: { ...googleAnalyticsText.crossBorder!, minors } };
    const { gate } = setup({ services: [{ id: 'google-analytics', measurementId: 'G-1', ...overrides }] }, {}, {}, PRESETS);
    await gate.setAge(age, age == 'child' ? { guardianConsent: true, source: 'account' } : {});
    await contextual(gate, 'google-analytics');
    expect(gate.granted('analytics', 'google-analytics')).toBe(granted);
  });

  it('a custom UI answers the open request for it with save(): that is its separate consent', async () => {
    const { gate } = abroad();
    const answer = gate.request('analytics', 'google-analytics');
    expect(gate.get()).toMatchObject({ view: 'request', request: { category: 'analytics', service: 'google-analytics' } });
    await gate.save({ services: { 'google-analytics': true } });
    expect(await answer).toBe(true);
    expect(gate.granted('analytics', 'google-analytics')).toBe(true);
  });

  // Regression (first-hour probe): after "Allow" in a custom UI the controller kept `view: 'request'` and fired no
  // `hide`: the built-in UI closed the dialog itself, so a UI rendering from get() and the events showed it for good.
  describe('the contextual dialog closes once answered, the controller deciding what comes next', () => {
    const hides = (gate: ReturnType<typeof abroad>['gate']) => {
      const seen: string[] = [];
      gate.on('hide', e => seen.push(`hide ${e.view}`));
      gate.on('show', e => seen.push(`show ${e.view}${e.service ? ` ${e.service}` : ''}`));
      return seen;
    };

    it('closes after the allow of one service', async () => {
      const { gate } = abroad();
      const seen = hides(gate);
      const answer = gate.request('analytics', 'google-analytics');
      await gate.save({ services: { 'google-analytics': true } });
      expect([await answer, gate.get().view, gate.get().request]).toEqual([true, undefined, undefined]);
      // A first visit: the banner keeps asking about the rest (the visitor has not seen the policy link yet).
      expect(seen).toEqual(['show request google-analytics', 'hide request', 'show banner']);
    });

    // Regression: the chain stopped after the first service abroad, and the category's request then resolved false.
    it('asks next about each transfer abroad in a category just granted, one by one, then closes', async () => {
      const heatmap = { id: 'heatmap-abroad', category: 'analytics', name: 'Heatmap', provider: 'H Inc.', purpose: 'heatmaps', data: 'clicks', crossBorder: googleAnalyticsText.crossBorder };
      const { gate } = abroad({ services: ['cnzz', { id: 'google-analytics', measurementId: 'G-1' }, heatmap, 'weibo-share'] });
      const seen = hides(gate);
      await gate.acceptAll();
      const answer = gate.request('analytics');
      await gate.save({ categories: { analytics: true } });
      expect(gate.get()).toMatchObject({ view: 'request', request: { category: 'analytics', service: 'google-analytics' } });
      await gate.save({ services: { 'google-analytics': true } });
      expect(gate.get()).toMatchObject({ view: 'request', request: { category: 'analytics', service: 'heatmap-abroad' } });
      await gate.save({ services: { 'heatmap-abroad': true } });
      // The category counts as granted once its transfers abroad are: markup naming only it could be Google's snippet.
      expect(await answer).toBe(true);
      expect([gate.get().view, seen]).toEqual([undefined, [
        'show request', 'hide request', 'show request google-analytics', 'hide request', 'show request heatmap-abroad', 'hide request',
      ]]);
    });

    // Regression: any decision closed the dialog and answered its question "no", though the visitor never answered it.
    it('stays open through a decision that does not answer it', async () => {
      const { gate } = abroad();
      await gate.rejectAll();
      const answer = gate.request('share');
      await gate.save({ categories: { analytics: true } });
      expect(gate.get()).toMatchObject({ view: 'request', request: { category: 'share' } });
      await gate.save({ categories: { share: true } });
      expect([await answer, gate.get().view]).toEqual([true, undefined]);
    });

    it('goes back to the preferences it was opened over', async () => {
      const { gate } = abroad();
      await gate.acceptAll();
      gate.show('preferences');
      const seen = hides(gate);
      void gate.request('analytics', 'google-analytics');
      await gate.save({ services: { 'google-analytics': true } });
      expect([gate.get().view, seen]).toEqual(['preferences', ['hide preferences', 'show request google-analytics', 'hide request', 'show preferences']]);
    });
  });

  it('one console warning names each cross-border service of the config', () => {
    const warnings: string[] = [];
    setup({ services: [{ id: 'google-analytics', measurementId: 'G-1' }] }, {}, { warn: message => warnings.push(message) }, PRESETS);
    expect(warnings).toEqual([expect.stringContaining('service "google-analytics" sends personal information out of China: the privacy policy must say so (PIPL Art. 38–39)')]);
    // Markup naming only its category needs every service of it (SPEC §6.3): the operator adding it is told.
    expect(warnings[0]).toMatch(/and markup naming only "analytics" \(no data-service\) waits for it too$/);
  });
});

/** #13.2: the record carries what the page applies, for the server (SPEC §4). */
describe('effective grants in the cookie', () => {
  it('are written beside the choices: under DNT the suspended category is chosen but not effective', async () => {
    const { gate, storage, signals } = abroad();
    await gate.save({ categories: { analytics: true, share: true } });
    // The signal comes on later: the grant made without it is suspended, and the next record written says so.
    signals.dnt = true;
    await gate.setAge('minor');
    const record = decodeRecord(storage.read()[0]!)!;
    expect(Object.keys(record.categories).sort()).toEqual(['analytics', 'share']);
    expect(record.effective).toEqual({ categories: ['share'] });
  });

  // Format 2 listed them again in `eo`; the choices already refuse each one, and a reader grants only what `s` grants.
  it('refuse the services held off inside an effective category (a transfer abroad without its consent) in the choices', async () => {
    const { gate, storage } = abroad();
    await gate.acceptAll();
    const record = decodeRecord(storage.read()[0]!)!;
    expect([record.effective, record.services['google-analytics'], gate.get().services['google-analytics']]).toEqual([
      { categories: ['analytics', 'personalization', 'pixel', 'share'] }, false, false,
    ]);
    expect(storage.read()[0]).toContain('.!G.');
    expect(storage.read()[0]).not.toContain('&eo=');
  });
});

/** #13.4–13.6: guardians, proof of consent, interest tags. */
describe('proof of consent and the visitor\'s rights', () => {
  it('receipts say how guardian consent was obtained, what was shown, and when the cookie expires', async () => {
    const { gate, sent } = abroad();
    gate.show('guardian');
    await gate.setAge('child', { guardianConsent: true, source: 'guardian' });
    await gate.save({ categories: { share: true } });
    const last = sent.at(-1) as Record<string, unknown>;
    expect(last).toMatchObject({ action: 'save', guardianConsent: true, guardianMethod: 'guardian', notice: { policy: '2024-04-23' } });
    expect(typeof last.expires).toBe('string');
    const other = abroad();
    await other.gate.setAge('child', { guardianConsent: true, source: 'account' });
    expect(other.sent.at(-1)).toMatchObject({ guardianMethod: 'account' });
  });

  it('the notice fingerprint changes with what the visitor is shown', () => {
    const a = abroad();
    void a.gate.rejectAll();
    const b = abroad({ texts: { intro: '另一段说明' } });
    void b.gate.rejectAll();
    expect((a.sent.at(-1) as { notice: { hash: string } }).notice.hash).not.toBe((b.sent.at(-1) as { notice: { hash: string } }).notice.hash);
  });

  it('"删除我的兴趣标签" is an event and a receipt the back end acts on', async () => {
    const { gate, sent } = abroad();
    const heard: unknown[] = [];
    gate.on('interests', detail => heard.push(detail));
    await (gate as unknown as { deleteInterests(): Promise<void> }).deleteInterests();
    expect(heard).toEqual([{ consentId: gate.get().consentId }]);
    expect(sent.at(-1)).toMatchObject({ action: 'delete-interests', consentId: gate.get().consentId });
  });
});

/**
 * The consent log's rules beyond the fields' types (src/server/receipt-schema.ts): what no SDK writes is refused, so
 * every receipt the controller sends must pass them, in each case where a rule could bite (a refusal under DNT, a
 * child, a contextual allow, a merge of nothing, a reset).
 */
describe('the receipts the controller sends pass the consent log\'s check', () => {
  it('through every kind of decision, DNT on and off, a minor and a child', async () => {
    // With the sign-in and payment services of the catalogue, necessary and always granted: a reject-all grants them.
    const { gate, h } = setup(
      { services: ['cnzz', { id: 'google-analytics', measurementId: 'G-1' }, 'weibo-share', 'alipay', 'wechat-login'], receipt: { url: 'https://www.ooopic.com/r' } },
      { signals: { dnt: true, gpc: true } },
      {},
      { ...PRESETS, alipay: CATALOGUE.alipay!, 'wechat-login': CATALOGUE['wechat-login']! },
    );
    await gate.acceptAll();
    await contextual(gate, 'google-analytics');
    await gate.rejectAll();
    await contextual(gate, 'weibo-share');
    await gate.save({ categories: { analytics: true, share: true }, services: { cnzz: false } });
    h.signals.dnt = h.signals.gpc = false;
    await gate.setAge('minor');
    await gate.acceptAll();
    await gate.setAge('child');
    await gate.rejectAll();
    await gate.setAge('child', { guardianConsent: true, source: 'account' });
    await gate.acceptAll();
    await gate.deleteInterests();
    await gate.reset();
    await gate.rejectAll();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(h.sent.length).toBeGreaterThan(10);
    const actions = (h.sent as Receipt[]).map(receipt => receipt.action);
    expect(actions).toEqual(expect.arrayContaining(['accept-all', 'contextual', 'reject-all', 'save', 'age', 'delete-interests', 'reset']));
    for (const receipt of h.sent) expect(validateReceipt(JSON.parse(JSON.stringify(receipt)))).toMatchObject({ ok: true });
  });

  // Regression: under `dnt: 'strict'` a reject-all keeps the choices DNT holds off, and a contextual allow
  // long after a refusal keeps the refusal's time: both were refused by the log, and resent for 30 days.
  it('under dnt strict, and an allow in context long after a refusal with acceptDays under rejectDays', async () => {
    const { gate, h } = setup(
      { services: ['cnzz', 'weibo-share', 'alipay'], receipt: { url: 'https://www.ooopic.com/r' }, dnt: 'strict', cookie: { acceptDays: 30, rejectDays: 180 } },
      {},
      {},
      { ...PRESETS, alipay: CATALOGUE.alipay! },
    );
    await gate.acceptAll();
    h.signals.dnt = true;
    await gate.rejectAll();
    h.signals.dnt = false;
    h.clock.now += 100 * 86_400_000;
    await contextual(gate, 'weibo-share');
    await new Promise(resolve => setTimeout(resolve, 0));
    expect((h.sent as Receipt[]).map(receipt => receipt.action)).toEqual(['accept-all', 'reject-all', 'contextual']);
    for (const receipt of h.sent) expect(validateReceipt(JSON.parse(JSON.stringify(receipt)))).toMatchObject({ ok: true });
  });
});
