// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { encodeRecord } from '../../src/core/record.js';
import type { ConsentRecord } from '../../src/core/types.js';
import { readConsent } from '../../src/server/read-consent.js';

/** #13.2: the back end reads what the page applies (SPEC §4), with a reference reader it can port. */
const NOW = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;
const record = (over: Partial<ConsentRecord> = {}): ConsentRecord => ({
  format: 2, id: 'abcdefgh12345678', policy: '2024-04-23', updatedAt: NOW - DAY, decision: { at: NOW - DAY, action: 'accept-all' },
  expires: NOW - DAY + 365 * DAY,
  categories: { analytics: true, personalization: true, pixel: true, share: true }, services: { 'baidu-tongji': true, cnzz: false },
  exceptions: [], age: 'adult', youthMode: false, dnt: false, gpc: false,
  ...over,
});
const cookie = (...records: ConsentRecord[]) => ['session=xyz', ...records.map(r => `cg_consent=${encodeURIComponent(encodeRecord(r))}`)].join('; ');
const read = (header: string | undefined, headers: Record<string, string> = {}, options = {}) => readConsent(header, headers, { now: NOW, ...options });

describe('readConsent: the server\'s reading rule', () => {
  it('a current record: its effective categories, its services, its id', () => {
    const reading = read(cookie(record()));
    expect([reading.decided, reading.consentId, reading.categories]).toEqual([true, 'abcdefgh12345678', ['necessary', 'analytics', 'personalization', 'pixel', 'share']]);
    expect([reading.granted('analytics', 'baidu-tongji'), reading.granted('analytics', 'cnzz'), reading.granted('necessary')]).toEqual([true, false, true]);
  });

  it('what the page held off stays off: effective categories (e) and services held inside them (eo)', () => {
    const held = record({ effective: { categories: ['share'], off: [] } });
    expect(read(cookie(held)).categories).toEqual(['necessary', 'share']);
    const abroad = record({ services: { 'google-analytics': true }, effective: { categories: ['analytics'], off: ['google-analytics'] } });
    expect(read(cookie(abroad)).granted('analytics', 'google-analytics')).toBe(false);
  });

  it.each([
    ['DNT: 1', { dnt: '1' }, ['necessary', 'share']],
    ['Sec-GPC: 1', { 'sec-gpc': '1' }, ['necessary', 'share']],
    ['no signal', {}, ['necessary', 'analytics', 'personalization', 'pixel', 'share']],
  ])('the request\'s own %s holds the tracking categories off', (_, headers, categories) => {
    expect(read(cookie(record()), headers).categories).toEqual(categories);
  });

  it('a category granted as an exception under DNT stays on (respect), not under strict; ignore reads no signal', () => {
    const exception = record({ exceptions: ['analytics'] });
    expect(read(cookie(exception), { dnt: '1' }).categories).toEqual(['necessary', 'analytics', 'share']);
    expect(read(cookie(exception), { dnt: '1' }, { dnt: 'strict' }).categories).toEqual(['necessary', 'share']);
    expect(read(cookie(record()), { dnt: '1' }, { dnt: 'ignore' }).categories).toHaveLength(5);
    expect(read(cookie(record()), new Headers({ DNT: '1' }) as unknown as Record<string, string>).categories).toEqual(['necessary', 'share']);
  });

  it.each<[string, string | undefined, object]>([
    ['no cookie', undefined, {}],
    ['a damaged value', 'cg_consent=v=2&i=x&h=0', {}],
    ['an expired record', cookie(record({ expires: NOW - 1 })), {}],
    ['an expiry beyond its decision plus the days', cookie(record({ expires: NOW + 900 * DAY })), {}],
    ['a decision dated ahead', cookie(record({ decision: { at: NOW + 3 * DAY, action: 'accept-all' }, updatedAt: NOW + 3 * DAY, expires: NOW + 300 * DAY })), {}],
    ['an older policy than the site\'s', cookie(record()), { policyVersion: '2026-01-01' }],
    ['no decision (an age alone)', cookie(record({ decision: undefined })), {}],
  ])('%s grants nothing but necessary', (_, header, options) => {
    const reading = read(header, {}, options);
    expect([reading.decided, reading.categories, reading.granted('analytics')]).toEqual([false, ['necessary'], false]);
  });

  it('a record written before 0.2 (no expiry) expires after acceptDays; a newer policy than the site\'s is honoured', () => {
    const old = record({ format: 1, expires: undefined, effective: undefined, decision: { at: NOW - 100 * DAY, action: 'accept-all' }, updatedAt: NOW - 100 * DAY });
    expect(read(cookie(old), {}, { acceptDays: 90 }).decided).toBe(false);
    expect(read(cookie(old)).categories).toHaveLength(5);
    expect(read(cookie(record({ policy: '2026-12-01' })), {}, { policyVersion: '2024-04-23' }).decided).toBe(true);
  });

  it('several copies are intersected, and no copy\'s identity is taken', () => {
    const refused = record({ id: 'mine0000mine0000', decision: { at: NOW - DAY, action: 'reject-all' }, categories: {}, services: {}, expires: NOW - DAY + 180 * DAY });
    const tossed = record({ id: 'evilevilevil0000' });
    const reading = read(cookie(refused, tossed));
    expect([reading.categories, reading.consentId, reading.granted('analytics', 'baidu-tongji')]).toEqual([['necessary'], undefined, false]);
  });
});
