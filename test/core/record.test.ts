// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../src/core/config.js';
import { readRecords } from '../../src/core/read-records.js';
import { decodeRecord, encodeRecord } from '../../src/core/record.js';
import type { ConsentRecord } from '../../src/core/types.js';

const pickRecord = (values: string[]) => readRecords(values, normalizeConfig({}), Date.UTC(2026, 0, 3)).record;

const id = fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/);
const time = fc.integer({ min: Date.UTC(2020, 0, 2), max: Date.UTC(2199, 0, 1) });

/** Any record the controller could write. */
const record: fc.Arbitrary<ConsentRecord> = fc
  .record({
    id: fc.stringMatching(/^[a-z0-9]{16}$/),
    policy: fc.stringMatching(/^[A-Za-z0-9._-]{1,32}$/),
    updatedAt: time,
    decision: fc.option(fc.record({ at: time, action: fc.constantFrom('accept-all', 'reject-all', 'save', 'contextual', 'api', 'guardian') as fc.Arbitrary<NonNullable<ConsentRecord['decision']>['action']> }), { nil: undefined }),
    granted: fc.uniqueArray(id, { maxLength: 5 }),
    services: fc.dictionary(id, fc.boolean(), { maxKeys: 6 }),
    age: fc.constantFrom('unknown', 'adult', 'minor', 'child') as fc.Arbitrary<ConsentRecord['age']>,
    youthMode: fc.boolean(),
    guardianAt: fc.option(time, { nil: undefined }),
    dnt: fc.boolean(),
    gpc: fc.boolean(),
    exceptionCount: fc.nat(5),
    fromAccount: fc.boolean(),
    expires: fc.option(time, { nil: undefined }),
    // The effective categories are some of the granted ones (the page filters its choices; never more).
    effective: fc.record({ pick: fc.array(fc.boolean(), { maxLength: 5 }), off: fc.uniqueArray(id, { maxLength: 4 }) }),
    guardianMethod: fc.option(fc.constantFrom('account', 'guardian') as fc.Arbitrary<'account' | 'guardian'>, { nil: undefined }),
  })
  .map(({ granted, exceptionCount, decision, guardianAt, age, services, fromAccount, guardianMethod, expires, effective, ...rest }) => {
    const out: ConsentRecord = {
      format: 2,
      ...rest,
      effective: { categories: granted.filter((_, i) => effective.pick[i]), off: effective.off },
      age,
      categories: Object.fromEntries(granted.map(g => [g, true])),
      services: { ...services },
      exceptions: granted.slice(0, exceptionCount),
    };
    if (decision) out.decision = decision;
    if (guardianAt !== undefined && age === 'child') out.guardianAt = guardianAt;
    if (out.guardianAt !== undefined && guardianMethod) out.guardianMethod = guardianMethod;
    if (fromAccount) out.ageFromAccount = true;
    if (expires !== undefined) out.expires = expires;
    return out;
  });

const normalize = (r: ConsentRecord) => JSON.parse(JSON.stringify({ ...r, categories: { ...r.categories }, services: { ...r.services } }));

describe('consent record codec (SPEC §4)', () => {
  it('round-trips every record the controller can write', () => {
    fc.assert(fc.property(record, r => {
      expect(normalize(decodeRecord(encodeRecord(r))!)).toEqual(normalize(r));
    }));
  });

  it('stays compact: well under 300 bytes for the default five categories and ten services', () => {
    const services = ['baidu-tongji', 'cnzz', 'google-analytics', 'baidu-ocpc', 'ocean-engine', 'tencent-ads', 'wechat-jssdk', 'qq-share', 'weibo-share', 'xiaohongshu-share'];
    const value = encodeRecord({
      format: 1, id: 'k3j2h4g5f6d7s8a9', policy: '2024-04-23', updatedAt: Date.now(), decision: { at: Date.now(), action: 'accept-all' },
      categories: { analytics: true, personalization: true, pixel: true, share: true },
      services: Object.fromEntries(services.map(s => [s, true])), exceptions: [], age: 'adult', youthMode: false, dnt: false, gpc: false,
    });
    expect(value.length).toBeLessThan(300);
    // Only characters js-cookie writes as they are, so the server reads the value without decoding.
    expect(value).toMatch(/^[A-Za-z0-9._!&=-]+$/);
  });

  it('never throws on arbitrary strings and never grants from them', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), value => {
      expect(decodeRecord(value)).toBeUndefined();
    }), { numRuns: 2000 });
  });

  it('a mutated cookie never decodes to a grant that was not encoded', () => {
    const mutation = fc.record({ at: fc.nat(), char: fc.constantFrom(...'abcxyz019.!&=-_h'.split('')), kind: fc.constantFrom('replace', 'insert', 'delete') });
    fc.assert(fc.property(record, fc.array(mutation, { minLength: 1, maxLength: 3 }), (r, mutations) => {
      let value = encodeRecord(r);
      const original = value;
      for (const m of mutations) {
        const i = m.at % (value.length + 1);
        value = m.kind === 'insert' ? value.slice(0, i) + m.char + value.slice(i)
          : m.kind === 'delete' ? value.slice(0, i) + value.slice(i + 1)
          : value.slice(0, i) + m.char + value.slice(i + 1);
      }
      const decoded = decodeRecord(value);
      if (value !== original && decoded) {
        // Only a change that restores an equivalent encoding may decode; it then grants nothing new.
        for (const c of Object.keys(decoded.categories)) expect(r.categories[c]).toBe(true);
        for (const s of Object.keys(decoded.services)) if (decoded.services[s]) expect(r.services[s]).toBe(true);
      }
    }), { numRuns: 3000 });
  });

  it('rejects structurally valid values that break the rules, even with a correct checksum', async () => {
    const { checksum } = await import('../../src/core/record.js');
    const sign = (body: string) => `${body}&h=${checksum(body)}`;
    const base = 'v=1&i=abcdefgh12345678&p=2024-04-23&u=' + Date.UTC(2026, 0, 1).toString(36);
    expect(decodeRecord(sign(`${base}&g=adult`))).toBeDefined();
    expect(decodeRecord(sign(`${base}&g=adult&x=analytics`))).toBeUndefined(); // exception without a grant
    expect(decodeRecord(sign(`${base}&g=adult&c=__proto__`))).toBeUndefined();
    expect(decodeRecord(sign(`${base}&g=adult&__proto__=1`))).toBeUndefined();
    expect(decodeRecord(sign(`${base}&g=adult&c=analytics.analytics`))).toBeUndefined();
    expect(decodeRecord(sign(`${base}&g=adult&t=zzzzzzzzzz&a=save`))).toBeUndefined(); // a time we never wrote
    expect(decodeRecord(sign(`${base}&g=adult&t=${Date.UTC(2026, 0, 1).toString(36)}`))).toBeUndefined(); // time without action
    expect(decodeRecord(sign(`${base}&g=adult&gt=${Date.UTC(2026, 0, 1).toString(36)}`))).toBeUndefined(); // guardian for an adult
    expect(decodeRecord(sign(`${base}&g=teen`))).toBeUndefined();
    expect(decodeRecord(sign(`${base}&g=adult&g=adult`))).toBeUndefined();
    expect(decodeRecord(sign(`v=3&i=abcdefgh12345678&p=x&u=${Date.UTC(2026, 0, 1).toString(36)}&g=adult`))).toBeUndefined();
    // Keys of version 2 in a version 1 record, and a guardian method without guardian consent.
    expect(decodeRecord(sign(`${base}&g=adult&e=analytics`))).toBeUndefined();
    const v2 = base.replace('v=1', 'v=2');
    expect(decodeRecord(sign(`${v2}&g=child&gm=g`))).toBeUndefined();
    expect(decodeRecord(sign(`${v2}&g=child&gt=${Date.UTC(2026, 0, 1).toString(36)}&gm=g`))?.guardianMethod).toBe('guardian');
    // Effective categories beyond the chosen ones: a page never applies more than the visitor chose.
    expect(decodeRecord(sign(`${v2}&c=analytics&e=analytics&g=adult`))).toBeDefined();
    expect(decodeRecord(sign(`${v2}&c=analytics&e=analytics.pixel&g=adult`))).toBeUndefined();
  });

  it('decoded maps have no prototype, so `__proto__`-style keys are plain data', () => {
    const r = decodeRecord(encodeRecord({ format: 1, id: 'abcdefgh12345678', policy: 'p', updatedAt: Date.UTC(2026, 0, 1), categories: { analytics: true }, services: {}, exceptions: [], age: 'unknown', youthMode: false, dnt: false, gpc: false }))!;
    expect(Object.getPrototypeOf(r.categories)).toBeNull();
    expect(Object.getPrototypeOf(r.services)).toBeNull();
  });

  it('of several cookies of one name that agree, the newest valid one wins and garbage never hides it', () => {
    const older = encodeRecord({ format: 1, id: 'abcdefgh12345678', policy: 'p', updatedAt: Date.UTC(2026, 0, 1), categories: {}, services: {}, exceptions: [], age: 'unknown', youthMode: false, dnt: false, gpc: false });
    const newer = encodeRecord({ format: 1, id: 'abcdefgh12345678', policy: 'p', updatedAt: Date.UTC(2026, 0, 2), categories: {}, services: {}, exceptions: [], age: 'unknown', youthMode: false, dnt: false, gpc: false });
    expect(pickRecord(['garbage', newer, older])?.updatedAt).toBe(Date.UTC(2026, 0, 2));
    expect(pickRecord([older, 'x=1', newer])?.updatedAt).toBe(Date.UTC(2026, 0, 2));
    expect(pickRecord(['%E0%A4%A', ''])).toBeUndefined();
  });
});
