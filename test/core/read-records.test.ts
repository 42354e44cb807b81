// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../src/core/config.js';
import { readRecords } from '../../src/core/read-records.js';
import { checksum, encodeRecord } from '../../src/core/record.js';
import { promptReason } from '../../src/core/rules.js';
import type { ConsentRecord } from '../../src/core/types.js';
import { DAY, T0 } from './helpers.js';

/**
 * #10.3: a cookie tossed from a sibling subdomain won for good. After a refusal on www., a `cg_consent` written by
 * evil. onto the parent domain with a later decision time (valid checksum: the checksum is no signature) granted
 * everything on the next page view. SPEC §4: records that disagree are intersected (least privilege), time bounds
 * make a record invalid, and nothing is inherited from a record that is not the page's own.
 */
const config = normalizeConfig({});
const record = (over: Partial<ConsentRecord> = {}): ConsentRecord => ({
  format: 2,
  id: 'abcdefgh12345678',
  policy: '2024-04-23',
  updatedAt: T0,
  decision: { at: T0, action: 'reject-all' },
  categories: {},
  services: {},
  exceptions: [],
  age: 'adult',
  youthMode: false,
  dnt: false,
  gpc: false,
  ...over,
});
const read = (...records: ConsentRecord[]) => readRecords(records.map(encodeRecord), T0 + DAY);
const everything = { categories: { analytics: true, personalization: true, pixel: true, share: true }, services: { 'baidu-tongji': true } };

describe('several consent cookies of one name (SPEC §4)', () => {
  it('one record is the record', () => {
    expect(read(record()).record?.id).toBe('abcdefgh12345678');
    expect(read(record()).merged).toBe(false);
  });

  it('copies that agree: the newest, not merged', () => {
    const result = read(record({ updatedAt: T0 - DAY }), record());
    expect([result.record?.updatedAt, result.merged]).toEqual([T0, false]);
  });

  // Regression (found by the codec's property test, seed 782854712): a record voided in the millisecond it was written
  // read back, beside the copy it voided, as that copy with its decision.
  it('regression: of two copies written in the same millisecond, the one without its decision', () => {
    const decided = record({ decision: { at: T0, action: 'accept-all' }, categories: {} });
    const voided = record({ decision: undefined, categories: {} });
    expect(read(decided, voided).record!.decision).toBeUndefined();
    expect(read(voided, decided).record!.decision).toBeUndefined();
  });

  it('a later forged grant next to a refusal grants nothing: the intersection applies', () => {
    const forged = record({ id: 'evilevilevil0000', updatedAt: T0 + 1000, decision: { at: T0 + 1000, action: 'accept-all' }, ...everything });
    const result = read(record(), forged);
    expect(result.merged).toBe(true);
    expect(result.record!.categories).toEqual({});
    expect(result.record!.services['baidu-tongji']).toBe(false);
  });

  // Found by a review: the merge and the record's checks asked the page's `every` and `some`; with `every` answering
  // `true` (replaced after the SDK started), the forged copy was taken for a copy of the refusal, and being newer, it
  // was the record: every grant. A record naming an effective grant it does not make read as valid too.
  it.each([
    ['every and some answering true', true],
    ['every and some answering false', false],
  ])('regression: %s: a later forged grant next to a refusal still grants nothing, a record that contradicts itself is still none', (_, answer) => {
    const forged = encodeRecord(record({ id: 'evilevilevil0000', updatedAt: T0 + 1000, decision: { at: T0 + 1000, action: 'accept-all' }, ...everything }));
    const refusal = encodeRecord(record());
    const body = encodeRecord(record({ categories: { analytics: true }, decision: { at: T0, action: 'save' } })).replace(/&h=.*/, '');
    // `e` (what the page let through) naming a category the record does not grant: no record (SPEC §4).
    const contradicting = `${body.replace(/&e=[^&]*/, '')}&e=pixel`;
    // Without a shim: the record itself reads, its contradiction does not.
    expect([readRecords([`${body}&h=${checksum(body)}`], T0 + DAY).record?.categories, readRecords([`${contradicting}&h=${checksum(contradicting)}`], T0 + DAY).record]).toEqual([{ analytics: true }, undefined]);
    const own = (['every', 'some'] as const).map(key => [key, Object.getOwnPropertyDescriptor(Array.prototype, key)!] as const);
    for (const [key] of own) Object.defineProperty(Array.prototype, key, { configurable: true, writable: true, value: () => answer });
    let results: unknown;
    try {
      results = [readRecords([refusal, forged], T0 + DAY).record?.categories, readRecords([`${contradicting}&h=${checksum(contradicting)}`], T0 + DAY).record];
    } finally {
      for (const [key, descriptor] of own) Object.defineProperty(Array.prototype, key, descriptor);
    }
    expect(results).toEqual([{}, undefined]);
  });

  // A record naming an effective grant or a 单独同意 it does not make is none whatever the page's `includes` answers:
  // each is looked up with an index loop.
  it('Array.prototype.includes answering true: a record that contradicts itself is still none', () => {
    const body = encodeRecord(record({ categories: { analytics: true }, decision: { at: T0, action: 'save' } })).replace(/&h=.*/, '');
    const contradicting = `${body.replace(/&e=[^&]*/, '')}&e=pixel`;
    const own = Object.getOwnPropertyDescriptor(Array.prototype, 'includes')!;
    Object.defineProperty(Array.prototype, 'includes', { configurable: true, writable: true, value: () => true });
    let read: unknown;
    try {
      read = readRecords([`${contradicting}&h=${checksum(contradicting)}`], T0 + DAY).record;
    } finally {
      Object.defineProperty(Array.prototype, 'includes', own);
    }
    expect(read).toBeUndefined();
  });

  // Regression: the merge asked the page's `some` whether any copy records youth mode,
  // a DNT or GPC signal, or an account's age lock. With `some` answering nothing, a merge dropped them: youth mode's
  // refusal of personalisation was lifted, and a minor whose account set the age could declare an adult (SPEC §5.3).
  it('regression: Array.prototype.some answering nothing: a merge keeps youth mode, the signals and the account lock', () => {
    const minor = { age: 'minor' as const, ageFromAccount: true, youthMode: true, dnt: true, gpc: true };
    const copies = [record(), record({ id: 'evilevilevil0000', updatedAt: T0 + 1000, decision: { at: T0 + 1000, action: 'reject-all' }, ...minor })];
    const merged = (r = read(...copies).record!) => [r.age, r.ageFromAccount, r.youthMode, r.dnt, r.gpc];
    expect(merged()).toEqual(['minor', true, true, true, true]);
    const own = Object.getOwnPropertyDescriptor(Array.prototype, 'some')!;
    Object.defineProperty(Array.prototype, 'some', { configurable: true, writable: true, value: () => undefined });
    let results: unknown;
    try {
      results = merged();
    } finally {
      Object.defineProperty(Array.prototype, 'some', own);
    }
    expect(results).toEqual(['minor', true, true, true, true]);
  });

  // Regression (back-end probe): a sibling's copy of the same grants under its own id was read as a copy of the
  // visitor's decision, and the newest one's id (the sibling's) became the visitor's.
  it('the same grants under another consent id are another record: merged, so that neither id is taken', () => {
    const sibling = record({ id: 'evilevilevil0000', updatedAt: T0 + 1000, decision: { at: T0 + 1000, action: 'reject-all' } });
    expect(read(record(), sibling).merged).toBe(true);
    expect(read(record(), record({ updatedAt: T0 + 1000 })).merged).toBe(false);
  });

  it('the merged decision keeps the soonest time and the action of a record that grants what the merge grants, else the one all share, else save', () => {
    const forged = record({ id: 'evilevilevil0000', updatedAt: T0 + 1000, decision: { at: T0 + 1000, action: 'accept-all' }, ...everything });
    expect(read(record(), forged).record!.decision).toEqual({ at: T0, action: 'reject-all' });
    const saved = record({ decision: { at: T0 + 2, action: 'save' }, categories: { analytics: true } });
    const other = record({ id: 'evilevilevil0000', updatedAt: T0 + 1, decision: { at: T0 + 1, action: 'contextual' }, categories: { share: true } });
    // Regression: neither grants what the merge grants, and the merge said "contextual" (or "accept-all") of a selection.
    expect(read(saved, other).record!.decision).toEqual({ at: T0 + 1, action: 'save' });
    const accepted = (id: string, categories: Record<string, boolean>, at: number) => record({ id, updatedAt: T0 + at, decision: { at: T0 + at, action: 'accept-all' }, categories });
    expect(read(accepted('aaaaaaaaaaaaaaaa', { analytics: true }, 1), accepted('bbbbbbbbbbbbbbbb', { share: true }, 2)).record!.decision).toEqual({ at: T0 + 1, action: 'accept-all' });
  });

  it('grants both give stay; a grant one lacks goes', () => {
    const mine = record({ decision: { at: T0, action: 'save' }, categories: { analytics: true, share: true }, services: { 'baidu-tongji': true } });
    const other = record({ decision: { at: T0 + 5, action: 'save' }, categories: { analytics: true }, services: { 'baidu-tongji': true } });
    expect(Object.keys(read(mine, other).record!.categories)).toEqual(['analytics']);
  });

  it('the strictest age, spoken for by the copies of that age: guardian consent if every child copy has it, the account\'s lock if one carries it', () => {
    const child = record({ age: 'child', guardianAt: T0, guardianMethod: 'guardian' });
    const adult = record({ age: 'adult', ageFromAccount: true, ...everything });
    const merged = read(child, adult).record!;
    // The adult's lock is of another age group; the adult's copy says nothing of a child's guardian.
    expect([merged.age, merged.ageFromAccount, merged.guardianAt, merged.guardianMethod]).toEqual(['child', undefined, T0, 'guardian']);
    expect(Object.keys(merged.categories)).toEqual([]);
    const unconsented = read(record({ age: 'child' }), record({ age: 'child', guardianAt: T0, youthMode: true })).record!;
    expect([unconsented.guardianAt, unconsented.youthMode]).toEqual([undefined, true]);
  });

  // Found by a minors probe: an SPA's host-only copy (the account's minor, or a child with the account's guardian
  // consent) beside the parent-domain copy of another page (an unknown visitor's accept-all) lost the account's lock
  // and its guardian consent in the merge: the minor could then declare an adult and be granted pixel.
  it('regression: the account\'s lock and guardian consent survive a merge with a copy of an unknown visitor', () => {
    const visitor = record({ id: 'aaaaaaaaaaaaaaaa', age: 'unknown', decision: { at: T0, action: 'accept-all' }, ...everything });
    const minor = record({ id: 'bbbbbbbbbbbbbbbb', updatedAt: T0 + 5, age: 'minor', ageFromAccount: true, decision: { at: T0 + 5, action: 'accept-all' }, categories: { analytics: true } });
    const merged = read(visitor, minor).record!;
    expect([merged.age, merged.ageFromAccount]).toEqual(['minor', true]);
    const child = record({ id: 'bbbbbbbbbbbbbbbb', updatedAt: T0 + 5, age: 'child', ageFromAccount: true, guardianAt: T0 + 5, guardianMethod: 'account' });
    const withGuardian = read(visitor, child).record!;
    expect([withGuardian.age, withGuardian.ageFromAccount, withGuardian.guardianAt, withGuardian.guardianMethod]).toEqual(['child', true, T0 + 5, 'account']);
  });

  // Regression: a newer copy identical but for the account's lock was "the same decision", and the newest (without it) won.
  it('regression: a copy without the account\'s lock is no copy of one with it: merged, the lock stays', () => {
    const locked = record({ age: 'minor', ageFromAccount: true });
    const newer = record({ age: 'minor', updatedAt: T0 + 9 });
    expect(read(locked, newer)).toMatchObject({ merged: true, record: { age: 'minor', ageFromAccount: true } });
  });

  it('the oldest policy and the soonest decision win where the newest grants more than the merge: asked again rather than kept longer', () => {
    const newer = record({ id: 'evilevilevil0000', policy: '2024-04-23', decision: { at: T0 + 50, action: 'accept-all' }, ...everything });
    const merged = read(record({ policy: '2023-01-01' }), newer).record!;
    expect([merged.policy, merged.decision]).toEqual(['2023-01-01', { at: T0, action: 'reject-all' }]);
  });

  // Regression (returning-visit probe): a copy an older build left on a path (an accept 400 days old, expired; or one
  // under an older policy) beside the visitor's refusal of a minute ago: the merge took the stale copy's date or policy,
  // and the refusal written back was expired or outdated on every subdomain, asked again at once (SPEC §4: no nagging).
  it.each([
    ['an expired accept', record({ id: 'oldoldoldold0000', updatedAt: T0 - 400 * DAY, decision: { at: T0 - 400 * DAY, action: 'accept-all' }, expires: T0 - 35 * DAY, ...everything })],
    ['an accept under an older policy', record({ id: 'oldoldoldold0000', policy: '2023-01-01', updatedAt: T0 - 100 * DAY, decision: { at: T0 - 100 * DAY, action: 'accept-all' }, ...everything })],
  ])('regression: the newest decision that grants what the merge grants keeps its time and policy (beside %s)', (_, stale) => {
    const refusal = record({ updatedAt: T0 + 60_000, decision: { at: T0 + 60_000, action: 'reject-all' } });
    const { record: merged } = read(stale, refusal);
    expect([merged!.policy, merged!.decision, merged!.categories]).toEqual(['2024-04-23', { at: T0 + 60_000, action: 'reject-all' }, {}]);
    expect(promptReason(config, merged, T0 + DAY)).toBeNull();
  });

  it('a sibling\'s fresh accept-all beside the visitor\'s expired refusal grants nothing and is asked again', () => {
    const expired = record({ updatedAt: T0 - 200 * DAY, decision: { at: T0 - 200 * DAY, action: 'reject-all' } });
    const forged = record({ id: 'evilevilevil0000', updatedAt: T0, decision: { at: T0, action: 'accept-all' }, ...everything });
    const { record: merged } = read(expired, forged);
    expect([merged!.categories, merged!.decision?.at, promptReason(config, merged, T0 + DAY)]).toEqual([{}, T0 - 200 * DAY, 'expired']);
  });

  // Regression (returning-visit probe): a record set to expire later than its decision plus this page's days (a site
  // that shortened acceptDays / rejectDays, a sibling with longer ones) was no record: the first-visit banner at once.
  it('a record set to expire after its decision plus the days is read, and expires by the days', () => {
    const long = record({ decision: { at: T0, action: 'accept-all' }, expires: T0 + 400 * DAY, ...everything });
    expect(read(long).record?.categories).toEqual(everything.categories);
    expect(promptReason(config, read(long).record, T0 + DAY)).toBeNull();
    expect(promptReason(config, read(long).record, T0 + 366 * DAY)).toBe('expired');
  });

  it.each([
    ['decided more than a day from now', record({ updatedAt: T0 + 3 * DAY, decision: { at: T0 + 3 * DAY, action: 'accept-all' }, ...everything })],
  ])('a record %s is invalid: it neither grants nor takes away', (_, bad) => {
    expect(read(record(), bad).record?.categories).toEqual({});
    expect(read(record(), bad).merged).toBe(false);
    expect(read(bad).record).toBeUndefined();
  });
});

/**
 * Regression: a staged change of `cookie.domain` (www. writing to the parent domain, m. still host-only) had m. read the
 * visitor's two decisions of the same choices under two consent ids, merge them under a new id and remove every copy:
 * www. asked again after each visit to m. The copy whose id the page's origin noted as written (`own`) is the page's.
 */
describe("the page's own copy among several (SPEC §4: a staged change of cookie.domain)", () => {
  const MINE = 'mine000000000001';
  const THEIRS = 'theirs0000000001';
  const accepted = { decision: { at: T0, action: 'accept-all' as const }, categories: { analytics: true }, services: { 'baidu-tongji': true } };
  // m. never asks the age; www. may.
  const own = record({ id: MINE, ...accepted, age: 'unknown' });
  const later = { updatedAt: T0 + 1000, decision: { at: T0 + 1000, action: 'accept-all' as const } };
  // m. configures analytics and share, Baidu Tongji and CNZZ; www. also pixel and a service of its own.
  const M = { id: MINE, categories: ['necessary', 'analytics', 'share'], services: ['baidu-tongji', 'cnzz'] };
  const readOwn = (...records: ConsentRecord[]) => readRecords(records.map(encodeRecord), T0 + DAY, () => M);
  /** What the server reads of the same cookies: `readConsent` merges them knowing no page's own copy. */
  const server = (...records: ConsentRecord[]) => readRecords(records.map(encodeRecord), T0 + DAY).record!;

  it.each([
    ['the same choices decided later there', record({ id: THEIRS, ...accepted, ...later })],
    ['the same choices decided earlier there', record({ id: THEIRS, ...accepted, updatedAt: T0 - DAY, decision: { at: T0 - DAY, action: 'save' } })],
    ['more of what only the sibling configures: a category and a service', record({ id: THEIRS, ...accepted, categories: { analytics: true, pixel: true }, services: { 'baidu-tongji': true, 'www-only': true } })],
    ['a refusal of a service only the sibling configures', record({ id: THEIRS, ...accepted, services: { 'baidu-tongji': true, 'www-only': false } })],
    ['DNT exceptions of a category only the sibling configures', record({ id: THEIRS, ...accepted, exceptions: ['pixel'] })],
    ['an age group its page set where this one never asked (adult, from the account)', record({ id: THEIRS, ...accepted, age: 'adult', ageFromAccount: true })],
    ['an older policy version, decided later', record({ id: THEIRS, ...accepted, ...later, policy: '2023-01-01' })],
  ])('a sibling copy giving %s: its own id and grants, nothing to write, and the server grants no more', (_, theirs) => {
    for (const order of [[own, theirs], [theirs, own]]) {
      const { record: read, merged } = readOwn(...order);
      expect([read?.id, merged, read?.categories.analytics, read?.services['baidu-tongji'], read?.age]).toEqual([MINE, false, true, true, 'unknown']);
      // The time and the policy are the intersection's, as the server takes them.
      expect([read?.decision?.at, read?.policy]).toEqual([server(...order).decision?.at, server(...order).policy]);
      for (const id of ['analytics', 'pixel', 'share']) if (server(...order).categories[id]) expect(read?.categories[id]).toBe(true);
    }
  });

  // A service m. configures and www. does not: www.'s record names none, and took it away from m. after one merge.
  it("a service the sibling's copy does not name stays as the own copy says", () => {
    const mine = record({ id: MINE, ...accepted, services: { 'baidu-tongji': true, cnzz: true } });
    const { record: read, merged } = readOwn(mine, record({ id: THEIRS, ...accepted }));
    expect([read?.services.cnzz, merged]).toEqual([true, false]);
  });

  it.each([
    ['refuses a category', record({ id: THEIRS, ...accepted, categories: {} }), { analytics: false, tongji: true }],
    ['refuses a service', record({ id: THEIRS, ...accepted, services: { 'baidu-tongji': false } }), { analytics: true, tongji: false }],
  ])('a sibling copy that %s takes it away: merged under the own id, to be written', (_, theirs, expected) => {
    const { record: read, merged } = readOwn(own, theirs);
    expect([read?.id, !!read?.categories.analytics, !!read?.services['baidu-tongji'], merged]).toEqual([MINE, expected.analytics, expected.tongji, true]);
    expect(read?.mergedFrom).toEqual([MINE, THEIRS]);
  });

  it('a stricter person there is a merge, under the own id', () => {
    expect(readOwn(own, record({ id: THEIRS, ...accepted, age: 'minor' }))).toMatchObject({ merged: true, record: { id: MINE, age: 'minor' } });
  });

  // A forged "accept all" tossed onto the parent domain beside the page's refusal, if left there, would be the record
  // once the refusal's cookie expired: a copy giving more of what the page configures is merged, so that it goes.
  it.each([
    ['a category', { categories: { analytics: true, share: true } }],
    ['a service', { services: { 'baidu-tongji': true, cnzz: true } }],
    ['a DNT exception', { exceptions: ['analytics'] }],
    ['a looser person', { age: 'adult' as const }],
  ])('a sibling copy giving more (%s) is merged under the own id, granting nothing more', (_, more) => {
    const mineOnly = record({ id: MINE, ...accepted, services: { 'baidu-tongji': true, cnzz: false }, age: 'minor' });
    const theirs = record({ id: THEIRS, ...accepted, services: { 'baidu-tongji': true, cnzz: false }, age: 'minor', ...more });
    const { record: read, merged } = readOwn(mineOnly, theirs);
    expect([read?.id, read?.categories, read?.age, read?.exceptions, !!read?.services.cnzz, merged]).toEqual([MINE, { analytics: true }, 'minor', [], false, true]);
  });

  it('a forged copy under the own id granting more beside the own copy grants nothing more', () => {
    const forged = record({ id: MINE, ...accepted, ...later, categories: { analytics: true, share: true } });
    const { record: read, merged } = readOwn(own, forged);
    expect([read?.id, read?.categories, merged]).toEqual([MINE, { analytics: true }, true]);
  });

  // Regression (a fuzz probe): the own copy's services filled the others' gaps, and the newest copy under the own id
  // was taken for it. A copy forged under that id (readable in the cookie) naming a service the visitor's copy never
  // named (added to the site since, to be asked) granted it, where the server, merging without an own copy, did not.
  it('a forged copy under the own id naming a service the own copy never named grants it not, as the server reads it', () => {
    const forged = record({ id: MINE, ...accepted, ...later, services: { 'baidu-tongji': true, cnzz: true } });
    for (const order of [[own, forged], [forged, own]]) {
      const { record: read, merged } = readOwn(...order);
      expect([read?.id, read?.services['baidu-tongji'], !!read?.services.cnzz, merged]).toEqual([MINE, true, false, true]);
      expect(!!server(...order).services.cnzz).toBe(false);
    }
  });

  // The page takes a merge without an own copy under a new consent id (reader.ts; controller.test.ts "records that
  // disagree"); the record itself stays the same for the same copies, so that reading them again is no change.
  it('without an own copy among them (another id noted, none noted) the copies are merged, the same way each time', () => {
    const theirs = record({ id: THEIRS, ...accepted });
    for (const noted of ['other00000000001', undefined]) {
      const read = () => readRecords([own, theirs].map(encodeRecord), T0 + DAY, () => (noted ? { ...M, id: noted } : undefined));
      expect(read().merged).toBe(true);
      expect(read().record?.mergedFrom).toEqual([MINE, THEIRS]);
      expect(read().record).toEqual(read().record);
    }
  });

  it("guardian consent recorded twice (the account's, the guardian's view) is no disagreement", () => {
    const child = { ...accepted, categories: { analytics: true }, age: 'child' as const };
    const mine = record({ id: MINE, ...child, guardianAt: T0 - DAY, guardianMethod: 'account' });
    const theirs = record({ id: THEIRS, ...child, guardianAt: T0, guardianMethod: 'guardian' });
    expect(readOwn(mine, theirs)).toMatchObject({ merged: false, record: { id: MINE, guardianAt: T0 - DAY, guardianMethod: 'account' } });
    expect(readOwn(mine, record({ id: THEIRS, ...child }))).toMatchObject({ merged: true, record: { guardianAt: undefined } });
  });

  // The server reads the copies as they are (it knows no page's own): the decision's time and the policy version are
  // taken as it takes them, also where the own copy names a service the sibling's list lacks.
  it("the decision's time and the policy are the server's, where the own copy names a service the other lacks", () => {
    const mine = record({ id: MINE, ...accepted, ...later, services: { 'baidu-tongji': true, cnzz: true } });
    const theirs = record({ id: THEIRS, ...accepted, policy: '2023-01-01' });
    const { record: read } = readOwn(mine, theirs);
    expect([read?.decision?.at, read?.policy, read?.services.cnzz]).toEqual([server(mine, theirs).decision?.at, server(mine, theirs).policy, true]);
  });
});
