// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { comparePolicy, crossBorderReason } from '../../src/core/rules.js';
import type { Service } from '../../src/core/types.js';
import type { AgeGroup, DntMode, SetAgeOptions } from '../../src/core/types.js';
import { DAY, MINUTE, setup, T0 } from './helpers.js';

const OPTIONAL = ['analytics', 'personalization', 'pixel', 'share'] as const;

describe('SPEC §5.3 minors table: age group × category after "accept all"', () => {
  // [who, setAge arguments, youth mode, expected effective grant per category, expected forced reason]
  const table: Array<[string, [AgeGroup, SetAgeOptions?] | undefined, boolean, Record<string, boolean>, Record<string, string>]> = [
    ['unknown', undefined, false, { analytics: true, personalization: true, pixel: true, share: true }, {}],
    ['adult', ['adult'], false, { analytics: true, personalization: true, pixel: true, share: true }, {}],
    ['minor', ['minor'], false, { analytics: true, personalization: false, pixel: false, share: true }, { personalization: 'minor', pixel: 'minor' }],
    ['child, no guardian consent', ['child'], false, { analytics: false, personalization: false, pixel: false, share: false },
      // Regression: personalised ads and the pixel said "needs a guardian's consent" for a child, a switch no guardian
      // has (SPEC §5.3): they read "not for minors" as after the guardian's consent.
      { analytics: 'child', personalization: 'minor', pixel: 'minor', share: 'child' }],
    ['child, guardian consented', ['child', { guardianConsent: true, source: 'guardian' }], false, { analytics: true, personalization: false, pixel: false, share: true },
      { personalization: 'minor', pixel: 'minor' }],
    ['adult in youth mode', ['adult'], true, { analytics: true, personalization: false, pixel: false, share: true }, { personalization: 'youth', pixel: 'youth' }],
    ['unknown in youth mode', undefined, true, { analytics: true, personalization: false, pixel: false, share: true }, { personalization: 'youth', pixel: 'youth' }],
  ];

  for (const [who, age, youth, expected, forced] of table) {
    it(who, () => {
      const { gate } = setup();
      // A guardian answers in the guardian view (SPEC §5.3): only there is the guardian at the keyboard.
      if ((age?.[1] as { source?: string } | undefined)?.source === 'guardian') gate.show('guardian');
      if (age) gate.setAge(...age);
      if (youth) gate.setYouthMode(true);
      gate.acceptAll();
      const state = gate.get();
      for (const category of OPTIONAL) {
        expect([category, state.categories[category]]).toEqual([category, expected[category]]);
        expect([category, state.forced[category]]).toEqual([category, forced[category]]);
      }
      expect(state.categories.necessary).toBe(true);
    });
  }

  it('a forced-off category cannot be granted by save(), request() or a service grant', async () => {
    const { gate } = setup();
    gate.setAge('minor');
    gate.save({ categories: { pixel: true, personalization: true } });
    gate.save({ services: { 'ocean-engine': true } });
    expect(await gate.request('pixel', 'ocean-engine')).toBe(false);
    expect(gate.granted('pixel')).toBe(false);
    expect(gate.granted('pixel', 'ocean-engine')).toBe(false);
    expect(gate.get().choices.categories.pixel).toBeUndefined();
  });

  it('becoming a minor drops the forced categories for good: turning adult later does not bring them back', () => {
    const { gate } = setup();
    gate.acceptAll();
    gate.setAge('minor');
    expect(gate.granted('pixel')).toBe(false);
    expect(gate.granted('analytics')).toBe(true);
    gate.setAge('adult');
    expect(gate.granted('pixel')).toBe(false);
    expect(gate.granted('analytics')).toBe(true);
  });
});

describe('SPEC §5.3 guardians', () => {
  it('entering child without guardian consent drops to necessary only and fires `child`', () => {
    const { gate } = setup();
    gate.acceptAll();
    const child: unknown[] = [];
    const revoked: unknown[] = [];
    gate.on('child', detail => child.push(detail));
    gate.on('revoked', detail => revoked.push(detail));
    gate.setAge('child', { source: 'account' });
    expect(child).toEqual([{ guardianConsent: false, source: 'account' }]);
    expect(revoked).toEqual([{ categories: ['analytics', 'personalization', 'pixel', 'share'], services: ['baidu-tongji', 'cnzz', 'weibo-share', 'ocean-engine'] }]);
    expect(gate.get().prompt).toBe('guardian');
    // A click on "accept all" by the child does not end the wait for a guardian.
    gate.acceptAll();
    expect(gate.get().prompt).toBe('guardian');
    expect(gate.granted('analytics')).toBe(false);
  });

  it('a guardian refusing is a decision: nothing granted, not asked again, `child` fires', () => {
    const { gate, sent } = setup({ receipt: { url: '/receipts' } });
    gate.setAge('child');
    const child: unknown[] = [];
    gate.on('child', detail => child.push(detail));
    gate.setAge('child', { guardianConsent: false, source: 'guardian' });
    expect(child).toEqual([{ guardianConsent: false, source: 'guardian' }]);
    expect(gate.get()).toMatchObject({ prompt: null, decided: true, guardianConsent: false, age: 'child' });
    expect(sent.at(-1)).toMatchObject({ action: 'guardian', age: 'child', guardianConsent: false, source: 'guardian' });
  });

  // A child who then answers "adult" or "minor" in the minors view must not end the guardian's refusal: the banner
  // would come back with "accept all" for the same child (SPEC §5.3; 儿童个人信息网络保护规定 Art. 9).
  it.each<[string, AgeGroup]>([
    ['adult', 'adult'],
    ['a minor', 'minor'],
    ['unknown again', 'unknown'],
  ])('a guardian\'s refusal stays when the visitor then answers %s', (_, group) => {
    const { gate } = setup();
    gate.setAge('child');
    gate.setAge('child', { guardianConsent: false, source: 'guardian' });
    gate.setAge(group, { source: 'visitor' });
    expect(gate.get()).toMatchObject({ age: group, prompt: null, decided: true, banner: false, decision: { action: 'guardian' } });
    expect(gate.granted('analytics')).toBe(false);
    // The visitor may still choose in the preferences.
    gate.save({ categories: { analytics: true } });
    expect(gate.granted('analytics')).toBe(true);
  });

  it('a guardian agreeing asks for the guardian\'s choices, with nothing pre-ticked', () => {
    const { gate } = setup();
    gate.setAge('child');
    gate.show('guardian');
    gate.setAge('child', { guardianConsent: true, source: 'guardian' });
    expect(gate.get()).toMatchObject({ prompt: 'first-visit', guardianConsent: true, decided: false });
    expect(gate.get().choices.categories).toEqual({});
    gate.save({ categories: { analytics: true } });
    expect(gate.get().categories).toMatchObject({ analytics: true, share: false, pixel: false });
  });

  it('the SPA setting the same age on every page changes nothing', () => {
    const { gate } = setup();
    gate.setAge('child', { guardianConsent: true, source: 'account' });
    gate.show('guardian');
    gate.setAge('child', { guardianConsent: true, source: 'guardian' }); // the guardian, in the guardian view
    gate.acceptAll();
    const events: unknown[] = [];
    gate.on('change', e => events.push(e));
    gate.setAge('child', { guardianConsent: true, source: 'account' });
    expect(events).toEqual([]);
    expect(gate.granted('analytics')).toBe(true);
  });
});

describe('SPEC §5.4 a transfer abroad, by person', () => {
  const abroad = (minors?: boolean) => ({ crossBorder: minors === undefined ? {} : { minors } }) as unknown as Service;
  it.each<[string, AgeGroup, boolean, boolean, boolean | undefined, string | undefined]>([
    ['an adult', 'adult', false, false, undefined, undefined],
    ['a visitor of unknown age', 'unknown', false, false, undefined, undefined],
    ['a minor', 'minor', false, false, undefined, 'minor'],
    ['a minor, minors allowed', 'minor', false, false, true, undefined],
    ['youth mode', 'adult', true, false, undefined, 'youth'],
    // Never a child's, whatever a guardian says: not for minors, not "needs a guardian".
    ['a child', 'child', false, false, true, 'minor'],
    ['a child with a guardian\'s consent', 'child', false, true, true, 'minor'],
  ])('%s', (_, age, youthMode, guardianConsent, minors, reason) => {
    expect(crossBorderReason(abroad(minors), { age, youthMode, guardianConsent })).toBe(reason);
  });
  it('a service that stays in China has no reason', () => {
    expect(crossBorderReason({} as Service, { age: 'child', youthMode: true, guardianConsent: false })).toBeUndefined();
  });
});

describe('SPEC §5.2 DNT modes × signal × kind of grant (analytics, a tracking category)', () => {
  // [mode, signal on, accept-all grants analytics, explicit per-category grant grants analytics]
  const table: Array<[DntMode, boolean, boolean, boolean]> = [
    ['respect', false, true, true],
    ['respect', true, false, true],
    ['strict', false, true, true],
    ['strict', true, false, false],
    ['ignore', false, true, true],
    ['ignore', true, true, true],
  ];
  for (const [dnt, on, viaAcceptAll, viaExplicit] of table) {
    for (const signal of on ? (['dnt', 'gpc'] as const) : ([undefined] as const)) {
      const label = `${dnt}, ${signal ?? 'no signal'}`;
      it(`${label}: accept all → ${viaAcceptAll}, explicit grant → ${viaExplicit}`, () => {
        const signals = { dnt: signal === 'dnt', gpc: signal === 'gpc' };
        const a = setup({ dnt }, { signals });
        a.gate.acceptAll();
        expect(a.gate.granted('analytics')).toBe(viaAcceptAll);
        expect(a.gate.granted('share')).toBe(true); // not a tracking category
        const b = setup({ dnt }, { signals });
        b.gate.save({ categories: { analytics: true } });
        expect(b.gate.granted('analytics')).toBe(viaExplicit);
        expect(b.gate.get().forced.analytics).toBe(dnt === 'strict' && on ? 'dnt' : undefined);
      });
    }
  }

  it('respect: the explicit grant is recorded as a user-granted exception', () => {
    const { gate } = setup({}, { signals: { dnt: true, gpc: false } });
    gate.save({ categories: { analytics: true } });
    expect(gate.get().choices.exceptions).toEqual(['analytics']);
  });

  for (const dnt of ['respect', 'strict'] as const) {
    it(`${dnt}: a grant made without the signal is suspended while it is on, and turning it off restores exactly the visitor's choices`, () => {
      const first = setup({ dnt });
      first.gate.save({ categories: { analytics: true, pixel: false, share: true }, services: { cnzz: false } });
      const chosen = first.gate.get();
      // The next page load with DNT on.
      const during = setup({ dnt }, { storage: first.storage, signals: { dnt: true, gpc: false } });
      expect(during.gate.get().categories).toMatchObject({ analytics: false, pixel: false, share: true });
      expect(during.gate.get().prompt).toBe(null);
      // And with DNT off again.
      const after = setup({ dnt }, { storage: first.storage });
      expect(after.gate.get().categories).toEqual(chosen.categories);
      expect(after.gate.get().services).toEqual(chosen.services);
      expect(after.gate.get().services).toMatchObject({ 'baidu-tongji': true, cnzz: false });
    });
  }
});

describe('SPEC §4 expiry: accept vs refuse, one minute either side', () => {
  // [decision, days until asked again]
  const table: Array<['acceptAll' | 'rejectAll' | 'share only', number]> = [
    ['acceptAll', 365],
    ['share only', 365],
    ['rejectAll', 180],
  ];
  for (const [decision, days] of table) {
    for (const [offset, expired] of [[-MINUTE, false], [MINUTE, true]] as const) {
      it(`${decision}: ${offset < 0 ? 'one minute before' : 'one minute after'} ${days} days → ${expired ? 'asked again' : 'kept'}`, () => {
        const first = setup();
        if (decision === 'share only') first.gate.save({ categories: { share: true } });
        else first.gate[decision]();
        const later = setup({}, { storage: first.storage, clock: { now: T0 + days * DAY + offset } });
        expect(later.gate.get().prompt).toBe(expired ? 'expired' : null);
        expect(later.gate.granted('share')).toBe(decision !== 'rejectAll' && !expired);
      });
    }
  }

  it('honours configured acceptDays and rejectDays', () => {
    const first = setup({ cookie: { acceptDays: 30, rejectDays: 2 } });
    first.gate.rejectAll();
    expect(setup({ cookie: { acceptDays: 30, rejectDays: 2 } }, { storage: first.storage, clock: { now: T0 + 2 * DAY - MINUTE } }).gate.get().prompt).toBe(null);
    expect(setup({ cookie: { acceptDays: 30, rejectDays: 2 } }, { storage: first.storage, clock: { now: T0 + 2 * DAY + MINUTE } }).gate.get().prompt).toBe('expired');
  });

  it('a record past its own expiry is asked again, though the days configured now would keep it (what readConsent holds expired)', () => {
    // Regression: the page computed the expiry from today's config alone, and honoured a record the server read as expired.
    const first = setup({ cookie: { acceptDays: 30, rejectDays: 2 } });
    first.gate.acceptAll();
    const later = setup({ cookie: { acceptDays: 365, rejectDays: 180 } }, { storage: first.storage, clock: { now: T0 + 30 * DAY + MINUTE } });
    expect([later.gate.get().prompt, later.gate.granted('share')]).toEqual(['expired', false]);
    const before = setup({ cookie: { acceptDays: 365, rejectDays: 180 } }, { storage: first.storage, clock: { now: T0 + 30 * DAY - MINUTE } });
    expect([before.gate.get().prompt, before.gate.granted('share')]).toEqual([null, true]);
  });
});

describe('SPEC §5.1 when the banner shows', () => {
  it('first visit: banner, nothing optional granted', () => {
    const { gate } = setup();
    expect(gate.get()).toMatchObject({ prompt: 'first-visit', decided: false });
    expect(gate.get().categories).toEqual({ necessary: true, analytics: false, personalization: false, pixel: false, share: false });
  });

  it('a policy-version change suspends optional grants until the visitor decides again', () => {
    const first = setup({ policy: { version: '2024-04-23' } });
    first.gate.acceptAll();
    const updated = setup({ policy: { version: '2025-01-01' } }, { storage: first.storage });
    expect(updated.gate.get().prompt).toBe('policy');
    expect(updated.gate.granted('analytics')).toBe(false);
    expect(updated.gate.get().decided).toBe(false);
    updated.gate.acceptAll();
    expect(updated.gate.get().prompt).toBe(null);
    expect(updated.gate.granted('analytics')).toBe(true);
  });

  it('a refusal is not asked again when nothing changed (no nagging)', () => {
    const first = setup();
    first.gate.rejectAll();
    const next = setup({}, { storage: first.storage, clock: { now: T0 + 179 * DAY } });
    expect(next.gate.get().prompt).toBe(null);
  });

  it('a new service in a granted category asks again; the services already agreed keep running', () => {
    const first = setup({ services: ['baidu-tongji', 'weibo-share'] });
    first.gate.acceptAll();
    const next = setup({ services: ['baidu-tongji', 'cnzz', 'weibo-share'] }, { storage: first.storage });
    expect(next.gate.get().prompt).toBe('new-service');
    expect(next.gate.get().services).toEqual({ 'baidu-tongji': true, cnzz: false, 'weibo-share': true });
    next.gate.acceptAll();
    expect(next.gate.get().services.cnzz).toBe(true);
    expect(next.gate.get().prompt).toBe(null);
  });

  it('a new service in a category the visitor refused does not ask again', () => {
    const first = setup({ services: ['baidu-tongji'] });
    first.gate.save({ categories: { share: true } });
    expect(setup({ services: ['baidu-tongji', 'cnzz'] }, { storage: first.storage }).gate.get().prompt).toBe(null);
  });
});

/**
 * #9.6: pages on different policy versions bounced a visitor: during a staged rollout (new version on www., old on
 * m., a cached page) a record for a newer version was asked again and overwritten by a page carrying the older one.
 * Versions are ordered; only a record older than the page's is asked again (SPEC §5.1).
 */
describe('SPEC §5.1 policy versions are ordered', () => {
  it.each([
    ['2024-04-23', '2024-12-01', -1],
    ['2024-12-01', '2024-04-23', 1],
    ['2024-04-23', '2024-04-23', 0],
    ['3.9', '3.10', -1],
    ['3.10', '3.9', 1],
    ['2', '2.1', -1],
    ['v2', 'v10', -1], // the same words, numbers compared as numbers
    ['999', '1000', -1],
    ['1000', '999', 1],
    ['2024-04-23-b', '2024-04-23-b', 0],
    ['2.1', '2', 1],
    ['V3', 'v2', 1], // words are case-blind
    // Regression: a change of style was never asked again (the date's year outnumbered `3`), and the old
    // version stuck. Different styles have no order: the other one is newer, either way round.
    ['2024-04-23', '3.0', -1],
    ['3.0', '2024-04-23', -1],
    ['v2', '2025-01-01', -1],
    ['20240423', '2024-05-01', -1],
    ['2024-05-01', '20240423', -1],
    ['2024-04-23', '2024-04-23-b', -1],
    ['2024-04-23-b', '2024-04-23', -1],
  ])('comparePolicy(%j, %j) has the sign of %d', (a, b, sign) => {
    expect(Math.sign(comparePolicy(a, b))).toBe(sign);
  });

  it('a record for a newer policy is honoured by a page carrying the older one, and a decision there keeps the newer version', () => {
    const www = setup({ policy: { version: '2026-12-01' } });
    www.gate.save({ categories: { analytics: true } });
    const cached = setup({ policy: { version: '2024-04-23' } }, { storage: www.storage });
    expect(cached.gate.get().prompt).toBeNull();
    expect(cached.gate.granted('analytics')).toBe(true);
    cached.gate.save({ categories: { share: true } });
    const back = setup({ policy: { version: '2026-12-01' } }, { storage: www.storage });
    expect(back.gate.get().prompt).toBeNull();
    expect([back.gate.granted('analytics'), back.gate.granted('share')]).toEqual([true, true]);
  });

  // Regression: a refusal a sibling subdomain set on the parent domain with the policy version 9999-12-31 was kept
  // through the visitor's "accept all", and no later policy brought the banner back (SPEC §4: a forged record adds
  // nothing; §5.1). A record that grants nothing carries no version forward.
  it('a refusal for a newer policy carries no version forward: after "accept all" a later policy asks again', () => {
    const sibling = setup({ policy: { version: '9999-12-31' } });
    sibling.gate.rejectAll();
    const page = setup({ policy: { version: '2024-04-23' } }, { storage: sibling.storage });
    expect(page.gate.get().prompt).toBeNull();
    page.gate.acceptAll();
    expect(setup({ policy: { version: '2026-06-01' } }, { storage: sibling.storage }).gate.get().prompt).toBe('policy');
  });

  // The staged rollout that drops a vendor: the older page asks about a service the newer one does not list, and
  // accepting it there must not make the newer page ask about its policy again (nor, since a prompt holds the
  // choices off, drop that service and send the older page asking again: both pages asked on every visit).
  it('a new service accepted on the older page keeps the newer version: neither page asks again', () => {
    const www = setup({ policy: { version: '2026-12-01' }, services: ['baidu-tongji'] });
    www.gate.acceptAll();
    const m = setup({ policy: { version: '2024-04-23' }, services: ['baidu-tongji', 'cnzz'] }, { storage: www.storage });
    expect(m.gate.get().prompt).toBe('new-service');
    m.gate.acceptAll();
    expect(setup({ policy: { version: '2026-12-01' }, services: ['baidu-tongji'] }, { storage: www.storage }).gate.get().prompt).toBeNull();
    expect(setup({ policy: { version: '2024-04-23' }, services: ['baidu-tongji', 'cnzz'] }, { storage: www.storage }).gate.get().prompt).toBeNull();
  });

  it('a record for an older policy is asked again', () => {
    const old = setup({ policy: { version: '2024-04-23' } });
    old.gate.acceptAll();
    expect(setup({ policy: { version: '2026-12-01' } }, { storage: old.storage }).gate.get().prompt).toBe('policy');
  });
});

/*
 * Regression: what decides asked the page's `Array.prototype.some` (replaced after the SDK started: the page is not
 * trusted, SPEC §9). Answering nothing, it read a child's grant as a refusal that needs nobody, a guardian-consented
 * child's wider choice as no wider (儿童个人信息网络保护规定 Art. 14), a change of policy style as an older version,
 * and a new service in a granted category as none (PIPL Art. 23).
 */
describe('regression: Array.prototype.some answering nothing', () => {
  function withoutSome<T>(call: () => T): T {
    const own = Object.getOwnPropertyDescriptor(Array.prototype, 'some')!;
    Object.defineProperty(Array.prototype, 'some', { configurable: true, writable: true, value: () => undefined });
    try {
      return call();
    } finally {
      Object.defineProperty(Array.prototype, 'some', own);
    }
  }

  it('a child\'s save that grants something goes to the guardian view and stores nothing', () => {
    const { gate } = setup();
    gate.setAge('child');
    withoutSome(() => gate.save({ categories: { analytics: true } }));
    expect([gate.get().view, gate.get().decision, gate.get().choices?.categories.analytics]).toEqual(['guardian', undefined, undefined]);
  });

  it('a child with a guardian\'s consent granting more than the stored choices goes to the guardian view', () => {
    const { gate } = setup();
    gate.show('guardian');
    gate.setAge('child', { guardianConsent: true, source: 'guardian' });
    gate.save({ categories: { analytics: true } });
    gate.hide();
    expect([gate.get().view, gate.granted('analytics'), gate.granted('share')]).toEqual([undefined, true, false]);
    withoutSome(() => gate.save({ categories: { analytics: true, share: true } }));
    expect([gate.get().view, gate.granted('share')]).toEqual(['guardian', false]);
  });

  it('a policy version of another style is still newer either way round', () => {
    expect(withoutSome(() => [comparePolicy('2024-04-23', '3.0'), comparePolicy('3.0', '2024-04-23')].map(Math.sign))).toEqual([-1, -1]);
  });

  it('a new service in a granted category still asks again', () => {
    const first = setup({ services: ['baidu-tongji'] });
    first.gate.acceptAll();
    expect(withoutSome(() => setup({ services: ['baidu-tongji', 'cnzz'] }, { storage: first.storage }).gate.get().prompt)).toBe('new-service');
  });
});
