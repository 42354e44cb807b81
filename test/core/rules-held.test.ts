// Promises of SPEC §4, §5, §6.6 and §9 that no test held: each of these fails on a plausible one-line change of the rule
// it names (a hand-made mutation audit of the pure modules: rules, record, read-records, state, decision, config, host
// matching and the server's reader), and passed on the code as it was.
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../src/core/config.js';
import { comparePolicy, promptReason, resolveGrants } from '../../src/core/rules.js';
import { checksum, decodeRecord, encodeRecord } from '../../src/core/record.js';
import { isPlausible, readRecords } from '../../src/core/read-records.js';
import { createHostMatcher } from '../../src/guard/hosts.js';
import { readConsent } from '../../src/server/read-consent.js';
import { PRESETS as ALL } from '../../src/presets/index.js';
import type { ConsentRecord } from '../../src/core/types.js';
import { DAY, setup, T0 } from '../core/helpers.js';
import { encodeFormat1 } from '../core/old-formats.js';

const rec = (over: Partial<ConsentRecord> = {}): ConsentRecord => ({
  format: 3, id: 'abcdefgh12345678', policy: '2024-04-23', updatedAt: T0, decision: { at: T0, action: 'accept-all' },
  categories: { analytics: true }, services: { 'baidu-tongji': true }, exceptions: [], age: 'adult', youthMode: false, dnt: false, gpc: false,
  ...over,
});
const site = { cookie: { acceptDays: 365, rejectDays: 180 }, policy: { version: '2024-04-23' }, services: [] };
const body = (b: string) => `${b}&h=${checksum(b)}`;

describe('rules', () => {
  it('expiry runs from the decision, not from the last rewrite (an age set later renews nothing, SPEC §4)', () => {
    const first = setup();
    first.gate.acceptAll();
    const mid = setup({}, { storage: first.storage, clock: { now: T0 + 300 * DAY } });
    mid.gate.setAge('adult');
    const later = setup({}, { storage: first.storage, clock: { now: T0 + 366 * DAY } });
    expect(later.gate.get().prompt).not.toBe(null);
    expect(later.gate.granted('analytics')).toBe(false);
  });
  it('a decision is expired at exactly acceptDays', () => {
    const first = setup();
    first.gate.acceptAll();
    expect(setup({}, { storage: first.storage, clock: { now: T0 + 365 * DAY } }).gate.get().prompt).toBe('expired');
  });
  it('a decision dated more than a day ahead is expired (a clock gone back, a forged record)', () => {
    expect(promptReason(site, rec({ decision: { at: T0 + 2 * DAY, action: 'accept-all' } }), T0)).toBe('expired');
  });
  it('a minor\'s record carrying a transfer abroad is not granted it (SPEC §5.4)', () => {
    const config = normalizeConfig({ services: ['baidu-tongji', 'google-analytics'] }, ALL);
    const g = resolveGrants(config, rec({ age: 'minor', services: { 'baidu-tongji': true, 'google-analytics': true } }), { now: T0, signals: { dnt: false, gpc: false } });
    expect(g.services['google-analytics']).toBe(false);
  });
  it('policy versions compare as numbers where they are numbers (100.1 after 99.1)', () => {
    expect(comparePolicy('100.1', '99.1')).toBeGreaterThan(0);
    expect(comparePolicy('99.1', '100.1')).toBeLessThan(0);
  });
  it('necessary is never reported forced off (a child\'s receipts)', () => {
    const { gate } = setup();
    gate.setAge('child');
    expect(gate.get().forced.necessary).toBeUndefined();
  });
});

describe('record', () => {
  it('a record whose e repeats a category is no record, and reading it never throws (SPEC §9)', () => {
    const v = body('v=3&i=abcdefgh12345678&p=2024-04-23&u=1&a=save&c=analytics&e=analytics.analytics');
    expect(() => decodeRecord(v)).not.toThrow();
    expect(decodeRecord(v)).toBeUndefined();
  });
  it('an expiry past the year 2200 is no record', () => {
    const v = body(`v=3&i=abcdefgh12345678&p=2024-04-23&u=1&a=save&ex=${(7258118400000 + 1).toString(36)}`);
    expect(decodeRecord(v)).toBeUndefined();
  });
});

describe('read-records', () => {
  it('a record decided more than a day ahead is implausible', () => {
    expect(isPlausible(rec({ decision: { at: T0 + 2 * DAY, action: 'accept-all' } }), T0)).toBe(false);
  });
  it('a forged copy beside the visitor\'s cannot add a DNT exception (SPEC §4, §5.2)', () => {
    const mine = rec({ updatedAt: T0, decision: { at: T0, action: 'save' } });
    const forged = rec({ id: 'evilevilevil0000', updatedAt: T0 - 1000, decision: { at: T0 - 1000, action: 'save' }, exceptions: ['analytics'] });
    const { record } = readRecords([encodeRecord(mine), encodeRecord(forged)], T0 + 1);
    expect(record!.exceptions).toEqual([]);
  });
});

describe('state', () => {
  afterEach(() => { delete (Object.prototype as Record<string, unknown>).foo; delete (Object.prototype as Record<string, unknown>).categories; });
  it('a polluted Object.prototype grants no category (SPEC §9)', () => {
    const { gate } = setup();
    (Object.prototype as Record<string, unknown>).foo = true;
    expect(gate.get().categories.foo).toBeUndefined();
    expect(gate.granted('foo')).toBe(false);
  });
  it('after a policy update, a save naming one category grants only it: the old choices are not live (SPEC §5.1)', () => {
    const first = setup({ policy: { version: '2024-04-23' } });
    first.gate.acceptAll();
    const next = setup({ policy: { version: '2025-01-01' } }, { storage: first.storage });
    expect(next.gate.get().choices.categories).toEqual({});
    next.gate.save({ categories: { analytics: true } });
    expect(next.gate.get().categories.pixel).toBe(false);
  });
  it('a polluted Object.prototype.categories adds no choice to a save (SPEC §9)', () => {
    const { gate } = setup();
    (Object.prototype as Record<string, unknown>).categories = { pixel: true };
    gate.save({ services: {} });
    delete (Object.prototype as Record<string, unknown>).categories;
    expect(gate.get().categories.pixel).toBe(false);
  });
});

describe('decision', () => {
  it('a grant made again without the signal is suspended when the signal returns (SPEC §5.2)', () => {
    const a = setup({}, { signals: { dnt: true, gpc: false } });
    a.gate.save({ categories: { analytics: true } });
    const b = setup({}, { storage: a.storage, signals: { dnt: false, gpc: false } });
    b.gate.acceptAll();
    const c = setup({}, { storage: a.storage, signals: { dnt: true, gpc: false } });
    expect(c.gate.get().categories.analytics).toBe(false);
  });
  it('a child cannot widen the guardian\'s choice of services once the guardian has left (SPEC §5.3)', () => {
    const { gate } = setup();
    gate.setAge('child', { guardianConsent: true, source: 'account' });
    gate.show('guardian');
    gate.setAge('child', { guardianConsent: true, source: 'guardian' });
    gate.save({ categories: { analytics: true }, services: { 'baidu-tongji': true, cnzz: false } });
    gate.hide();
    gate.save({ services: { cnzz: true } });
    expect(gate.granted('analytics', 'cnzz')).toBe(false);
  });
  it('a category switched on again on m. does not grant a service only www. lists (a new recipient needs consent, SPEC §5.1)', () => {
    const www = setup({ services: ['baidu-tongji', 'cnzz', { id: 'extra', category: 'analytics' }] });
    www.gate.acceptAll();
    const m = setup({}, { storage: www.storage });
    m.gate.save({ categories: { analytics: false } });
    m.gate.save({ categories: { analytics: true } });
    const back = setup({ services: ['baidu-tongji', 'cnzz', { id: 'extra', category: 'analytics' }] }, { storage: www.storage });
    expect(back.gate.granted('analytics', 'extra')).toBe(false);
  });
  it('an age confirmed keeps a DNT exception', () => {
    const { gate } = setup({}, { signals: { dnt: true, gpc: false } });
    gate.save({ categories: { analytics: true } });
    gate.setAge('adult');
    expect(gate.get().categories.analytics).toBe(true);
  });
  it('a category refused wins over a service of it named in the same save', () => {
    const { gate } = setup();
    gate.save({ categories: { share: false }, services: { 'weibo-share': true } });
    expect(gate.granted('share')).toBe(false);
  });
});

describe('config', () => {
  it.each<[string, unknown]>([
    ['a constructor key', { constructor: {} }],
    ['a single-label cookie domain', { cookie: { domain: 'ooopic' } }],
    ['a host written with its scheme (the guard would never match it)', { services: [{ id: 'x', category: 'analytics', hosts: ['https://hm.baidu.com'] }] }],
    ['a blank text in one language', { texts: { en: { title: '   ' } } }],
  ])('%s is refused', (_, input) => {
    expect(() => normalizeConfig(input)).toThrow(TypeError);
  });
});

describe('hosts', () => {
  const config = normalizeConfig({ services: ['baidu-tongji', { id: 'own-stats', category: 'analytics', hosts: ['*.ooopic.com'] }] }, ALL);
  it('the page\'s own host is never matched, even under a wildcard (SPEC §6.6)', () => {
    const match = createHostMatcher(config.services, { hostname: 'www.ooopic.com', href: 'https://www.ooopic.com/' });
    expect(match('https://www.ooopic.com/x')).toBeUndefined();
    expect(match('https://tj.ooopic.com/x')?.id).toBe('own-stats');
  });
  it('a page address that does not parse lets nothing by (fails closed)', () => {
    const match = createHostMatcher(config.services, { hostname: 'www.ooopic.com', href: 'no url' });
    expect(match.elsewhere()).toBe(true);
    expect(match('https://hm.baidu.com/hm.js')?.id).toBe('baidu-tongji');
  });
});

describe('readConsent', () => {
  const NOW = T0;
  const c = (...rs: string[]) => rs.map(v => `cg_consent=${encodeURIComponent(v)}`).join('; ');
  const read = (header: string, headers: Record<string, string> = {}, options = {}) => readConsent(header, headers, { policyVersion: '2024-04-23', now: NOW + 1, ...options });
  it('another cookie whose name starts with cg_consent is not read', () => {
    const refusal = encodeRecord(rec({ categories: {}, services: {}, decision: { at: T0, action: 'reject-all' } }));
    expect(read(`cg_consent2=${refusal}; ${c(encodeRecord(rec()))}`).granted('analytics')).toBe(true);
  });
  it('a child without guardian consent has nothing optional, whatever the action says (SPEC §5.3)', () => {
    expect(read(c(encodeRecord(rec({ age: 'child', decision: { at: T0, action: 'guardian' } })))).categories).toEqual(['necessary']);
  });
  it('a format 1 minor\'s record grants nothing optional', () => {
    const config = { categories: { analytics: true, heatmap: true } };
    expect(read(c(encodeFormat1(rec({ format: 1, age: 'minor', ...config })))).categories).toEqual(['necessary']);
  });
  it('DNT given in a plain object with capitals is read', () => {
    expect(read(c(encodeRecord(rec())), { DNT: '1' }).granted('analytics')).toBe(false);
  });
  it('an implausible copy changes nothing on the server, as on the page', () => {
    const ahead = encodeRecord(rec({ categories: {}, services: {}, updatedAt: T0 + 3 * DAY, decision: { at: T0 + 3 * DAY, action: 'reject-all' } }));
    expect(read(c(encodeRecord(rec()), ahead)).granted('analytics')).toBe(true);
  });
  it('notForMinors adds to personalization and pixel, never replaces them', () => {
    const minor = rec({ age: 'minor', categories: { analytics: true, pixel: true }, effective: { categories: ['analytics', 'pixel'] } });
    expect(read(c(encodeRecord(minor)), {}, { notForMinors: ['heatmap'] }).categories).not.toContain('pixel');
  });
  it('a refusal older than 180 days (the default rejectDays) is no decision', () => {
    const old = encodeRecord(rec({ categories: {}, services: {}, updatedAt: T0 - 181 * DAY, decision: { at: T0 - 181 * DAY, action: 'reject-all' } }));
    expect(read(c(old)).decided).toBe(false);
  });
});
