import { beforeEach, describe, expect, it } from 'vitest';
import { checksum, decodeRecord, encodeRecord } from '../../src/core/record.js';
import { memoryStorage } from '../../src/core/storage.js';
import type { AgeGroup, ConsentGateConfig, ConsentRecord, Preset } from '../../src/core/types.js';
import { readConsent, type ReadConsentOptions } from '../../src/server/read-consent.js';
import { encodeFormat1, encodeFormat2 } from './old-formats.js';
import { googleAnalyticsText } from '../../src/presets/disclosures.js';
import { PRESETS as CATALOGUE } from '../../src/presets/index.js';
import type { Receipt } from '../../src/core/receipt.js';
import { validateReceipt } from '../../src/server/receipt-schema.js';
import { DAY, setup } from './helpers.js';

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

/**
 * Regression (a probe of configs changing between visits): a grant of a transfer abroad that no 单独同意 gave was
 * honoured, on the page and by `readConsent()`: the 0.1 SDK's "accept all" granted Google Analytics (format 1), and a
 * site may mark a service `crossBorder` after its visitors accepted it. Google's tag was fetched with no banner.
 */
describe('regression: a transfer abroad granted without its own 单独同意 is no grant', () => {
  const T = Date.UTC(2026, 0, 15, 12);
  const accepted = (separate?: string[]): ConsentRecord => ({
    format: 3, id: 'abcdefgh12345678', policy: '2024-04-23', updatedAt: T - DAY, decision: { at: T - DAY, action: 'accept-all' },
    age: 'unknown', youthMode: false, dnt: false, gpc: false, exceptions: [],
    categories: { analytics: true, share: true }, services: { cnzz: true, 'google-analytics': true, 'weibo-share': true }, separate,
  });
  const policy = { version: '2024-04-23', updated: '2024-04-23' };
  const stored = new WeakMap<object, () => string>();
  const page = (value: string, services: ConsentGateConfig['services'] = ['cnzz', { id: 'google-analytics', measurementId: 'G-1' }, 'weibo-share']) => {
    const { gate, storage } = setup({ services, policy }, { storage: memoryStorage(value), clock: { now: T } }, {}, PRESETS);
    stored.set(gate, () => storage.read()[0]!);
    return gate;
  };
  /** The cookie's value the page wrote last. */
  const storageOf = (gate: object) => stored.get(gate)!();
  const server = (value: string, services?: ReadConsentOptions['services']) => readConsent(`cg_consent=${value}`, {}, { policyVersion: policy.version, services, now: T });

  it.each<[string, string]>([
    ['the 0.1 SDK\'s accept-all (format 1)', encodeFormat1({ ...accepted(), format: 1 })],
    ['a format 2 accept-all', encodeFormat2({ ...accepted(), format: 2 })],
    ['a record without b (the service marked crossBorder since)', encodeRecord(accepted())],
  ])('%s: Google Analytics off on the page and on the server, the rest as accepted, no banner', (_, value) => {
    const gate = page(value);
    expect([gate.get().prompt, gate.granted('analytics', 'cnzz'), gate.granted('share'), gate.granted('analytics', 'google-analytics'), gate.granted('analytics')])
      .toEqual([null, true, true, false, false]);
    for (const reading of [server(value), server(value, ['cnzz', 'google-analytics', 'weibo-share'])]) {
      expect([reading.granted('analytics', 'cnzz'), reading.granted('analytics', 'google-analytics')]).toEqual([true, false]);
    }
    gate.destroy();
  });

  it('a custom service the site marks crossBorder later: off on the page, and on a server told so', () => {
    const value = encodeRecord({ ...accepted(), services: { cnzz: true, 'my-cdn': true, 'weibo-share': true } });
    const mine = { id: 'my-cdn', category: 'analytics', name: 'CDN 统计', provider: 'X', purpose: 'stats', data: 'pages', contact: 'a@example.com', retention: '1 年' };
    const abroadToo = { ...mine, crossBorder: { country: 'SG', recipient: 'X Pte', contact: 'b@example.com', purpose: 'stats', data: 'pages', method: 'HTTPS', rights: '查阅、更正、删除', safeguards: 'SCC', risks: '境外法律' } };
    const before = page(value, ['cnzz', mine, 'weibo-share']);
    expect(before.granted('analytics', 'my-cdn')).toBe(true);
    before.destroy();
    const after = page(value, ['cnzz', abroadToo, 'weibo-share']);
    expect([after.get().prompt, after.granted('analytics', 'my-cdn'), after.granted('analytics', 'cnzz')]).toEqual([null, false, true]);
    after.destroy();
    expect(server(value, ['cnzz', mine, 'weibo-share']).granted('analytics', 'my-cdn')).toBe(true);
    expect(server(value, ['cnzz', abroadToo, 'weibo-share']).granted('analytics', 'my-cdn')).toBe(false);
  });

  it('its own dialog grants it and says so in the cookie (b); the next decision drops a grant that had none', async () => {
    const gate = page(encodeFormat1({ ...accepted(), format: 1 }));
    await contextual(gate, 'google-analytics');
    const given = decodeRecord(storageOf(gate))!;
    expect([gate.granted('analytics', 'google-analytics'), given.separate]).toEqual([true, ['google-analytics']]);
    expect(server(storageOf(gate)).granted('analytics', 'google-analytics')).toBe(true);
    gate.destroy();
    const other = page(encodeRecord(accepted()));
    const errors: string[] = [];
    other.on('error', e => errors.push(e.message));
    // A custom UI's switch keeping it on is told it needs its dialog: the record's grant was none.
    await other.save({ categories: { share: false }, services: { 'google-analytics': true } });
    expect(errors).toEqual(["save(): google-analytics goes abroad: request('analytics', 'google-analytics')"]);
    const saved = decodeRecord(storageOf(other))!;
    expect([saved.services['google-analytics'], saved.separate, saved.services.cnzz]).toEqual([false, undefined, true]);
    other.destroy();
  });

  it('copies of one decision of which only one records the 单独同意: off, on the page and on the server', () => {
    const values = [encodeRecord(accepted(['google-analytics'])), encodeRecord({ ...accepted(), updatedAt: T - 2 * DAY })];
    const gate = setup({ services: ['cnzz', { id: 'google-analytics', measurementId: 'G-1' }, 'weibo-share'], policy }, { storage: { ...memoryStorage(), read: () => values }, clock: { now: T } }, {}, PRESETS).gate;
    expect([gate.granted('analytics', 'cnzz'), gate.granted('analytics', 'google-analytics')]).toEqual([true, false]);
    gate.destroy();
    expect(readConsent(values.map(v => `cg_consent=${v}`).join('; '), {}, { policyVersion: policy.version, now: T }).granted('analytics', 'google-analytics')).toBe(false);
  });

  it.each<[string, string]>([
    ['b naming a service s refuses', 'v=3&i=abcdefgh12345678&p=x&u=1&a=api&c=A&s=!G&b=G'],
    ['b naming a service s leaves out', 'v=3&i=abcdefgh12345678&p=x&u=1&a=api&c=A&s=F&b=G'],
    ['b in a format 2 record', 'v=2&i=abcdefgh12345678&p=x&u=1&g=unknown&c=analytics&s=google-analytics&b=google-analytics'],
  ])('a cookie with %s is no record', (_, body) => {
    expect(decodeRecord(`${body}&h=${checksum(body)}`)).toBeUndefined();
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

// Regression (a review of the 单独同意 mark): the page's own copy and a sibling subdomain's copy that does not list
// Google Analytics were merged with the sibling's gap filled from the own copy, but not its 单独同意: on www. the
// service read as chosen and not granted, no banner asked, and the next decision wrote it refused.
describe('regression: the own copy\'s 单独同意 beside a sibling copy that does not list the service', () => {
  it('stays granted on the page that lists it', async () => {
    const clock = { now: Date.UTC(2026, 0, 15, 12) };
    const services: ConsentGateConfig['services'] = ['cnzz', { id: 'google-analytics', measurementId: 'G-1' }, 'weibo-share'];
    const www = setup({ services }, { clock }, {}, PRESETS);
    await contextual(www.gate, 'google-analytics');
    await www.gate.acceptAll();
    const own = www.storage.read()[0]!;
    const ownId = www.gate.get().consentId;
    www.gate.destroy();
    clock.now += DAY;
    const m = setup({ services: ['cnzz', 'weibo-share'] }, { clock }, {}, PRESETS);
    await m.gate.acceptAll();
    const sibling = m.storage.read()[0]!;
    m.gate.destroy();
    expect(decodeRecord(sibling)!.services['google-analytics']).toBeUndefined();
    const storage = { ...memoryStorage(), read: () => [sibling, own], mine: () => ownId, persistent: true };
    const again = setup({ services }, { storage, clock }, {}, PRESETS).gate;
    expect([again.get().prompt, again.granted('analytics', 'google-analytics')]).toEqual([null, true]);
    again.destroy();
  });
});
