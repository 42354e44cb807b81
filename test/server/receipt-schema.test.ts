// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Receipt } from '../../src/core/receipt.js';
import { RECEIPT_KEYS, validateReceipt } from '../../src/server/receipt-schema.js';
import { fullReceipt, receipt } from './fixtures.js';

// The receipt schema (SPEC §7.4, src/core/receipt.ts), field by field: values refused, with the reason's start,
// and values accepted that a stricter check might wrongly refuse.
const BAD: Record<keyof Receipt, Array<[value: unknown, reason: string]>> = {
  id: [['short', 'receipt.id must be a receipt id'], ['ABCDEFGH12345678', 'receipt.id must be'], [12345678, 'receipt.id must be'], [null, 'receipt.id must be']],
  consentId: [['', 'receipt.consentId must be'], ['x'.repeat(33), 'receipt.consentId must be'], ['abc def 12345', 'receipt.consentId must be'], [{}, 'receipt.consentId must be']],
  time: [
    ['yesterday', 'receipt.time must be an ISO 8601 time'], ['2026-02-30T00:00:00Z', 'receipt.time must be'], ['2026-11-29', 'receipt.time must be'],
    ['2026-11-29T24:00:00Z', 'receipt.time must be'], ['2026-11-29T08:30:00', 'receipt.time must be'], [1764405000000, 'receipt.time must be'],
    // Regression: offsets beyond PostgreSQL's ±15:59 passed the check, then failed the insert: 500 instead of 422.
    ['2026-11-30T10:00:00.000+16:00', 'receipt.time must be'], ['2026-11-30T10:00:00-23:59', 'receipt.time must be'],
    // Before any browser's clock could write one (mutation probe): year 0001 went into the proof log.
    ['1969-12-31T23:59:59Z', 'receipt.time must be'], ['0001-01-01T00:00:00Z', 'receipt.time must be'],
  ],
  action: [['accept', 'receipt.action must be one of accept-all'], ['ACCEPT-ALL', 'receipt.action must be'], [true, 'receipt.action must be']],
  policyVersion: [['', 'receipt.policyVersion must be'], ['2024 04 23', 'receipt.policyVersion must be'], ['v'.repeat(33), 'receipt.policyVersion must be'], [20240423, 'receipt.policyVersion must be']],
  categories: [
    [[], 'receipt.categories must be an object, got an array'], [{ analytics: 'yes' }, 'receipt.categories.analytics must be true or false'],
    [{ Analytics: true }, 'receipt.categories has a key that is not an id'], [{ constructor: true }, 'receipt.categories has a key that is not an id'],
    [Object.fromEntries(Array.from({ length: 143 }, (_, i) => [`c${i}`, true])), 'receipt.categories has 143 entries'],
  ],
  services: [[null, 'receipt.services must be an object, got null'], [{ 'baidu-tongji': 1 }, 'receipt.services.baidu-tongji must be true or false'], [{ 'a b': true }, 'receipt.services has a key']],
  choices: [
    [{ categories: {} }, 'receipt.choices.services is missing'], [{ categories: {}, services: {}, exceptions: [] }, 'receipt.choices has an unknown key "exceptions"'],
    ['all', 'receipt.choices must be an object'],
  ],
  forced: [[{ pixel: 'minors' }, 'receipt.forced.pixel must be one of minor, child'], [{ pixel: true }, 'receipt.forced.pixel must be'], [{ prototype: 'child' }, 'receipt.forced has a key']],
  age: [['teen', 'receipt.age must be one of unknown, adult, minor, child'], [16, 'receipt.age must be']],
  youthMode: [['false', 'receipt.youthMode must be true or false'], [0, 'receipt.youthMode must be']],
  guardianConsent: [[null, 'receipt.guardianConsent must be true or false']],
  guardianMethod: [['parent', 'receipt.guardianMethod must be one of account, guardian']],
  dnt: [['1', 'receipt.dnt must be true or false']],
  gpc: [[1, 'receipt.gpc must be true or false']],
  lang: [['中文', 'receipt.lang must be a language tag'], ['zh_CN', 'receipt.lang must be'], [null, 'receipt.lang must be']],
  page: [
    ['https://www.ooopic.com/search?q=%E7%8C%AB', 'receipt.page must be'], ['https://www.ooopic.com/#top', 'receipt.page must be'],
    ['javascript:alert(1)', 'receipt.page must be'], ['https://user:pw@www.ooopic.com/', 'receipt.page must be'], ['/relative/path', 'receipt.page must be'],
    ['https://www.ooopic.com/a\u0000b', 'receipt.page must be'], [`https://www.ooopic.com/${'a'.repeat(2100)}`, 'receipt.page must be'],
    // Regression (server attack): a servlet's session in the path was stored for years beside the proof.
    ['https://www.ooopic.com/vip/pay;jsessionid=0A1B2C3D4E5F', 'receipt.page must be'], ['http://a.com/%00/,x;=y', 'receipt.page must be'],
  ],
  sdkVersion: [['latest', 'receipt.sdkVersion must be a version'], ['1.0', 'receipt.sdkVersion must be']],
  source: [['an e-mail@example.com', 'receipt.source must be a short token'], ['', 'receipt.source must be'], ['x'.repeat(65), 'receipt.source must be']],
  notice: [[{ policy: '2024-04-23' }, 'receipt.notice.hash is missing'], [{ policy: '2024-04-23', hash: 'a b' }, 'receipt.notice.hash must be'], ['2024-04-23', 'receipt.notice must be an object']],
  expires: [['2027-13-01T00:00:00Z', 'receipt.expires must be an ISO 8601 time'], [false, 'receipt.expires must be']],
  merged: [
    [[], 'receipt.merged must be a list of 1 to 16 entries'], ['abcdefgh12345678', 'receipt.merged must be a list'],
    [['abcdefgh12345678', 'NOT AN ID'], 'receipt.merged[1] must be a consent id'], [Array.from({ length: 17 }, () => 'abcdefgh12345678'), 'receipt.merged must be a list'],
  ],
};

const GOOD: Array<[field: keyof Receipt, value: unknown]> = [
  ['time', '2026-11-29T16:30:00+08:00'], ['time', '2026-11-29T08:30:00Z'], ['time', '2024-02-29T00:00:00.123456Z'],
  ['time', '2026-11-29T16:30:00+14:00'], ['time', '2026-11-29T16:30:00-12:00'], ['time', '2026-11-29T16:30:00+15:59'],
  ['forced', { pixel: 'cross-border', personalization: 'minor', analytics: 'dnt', share: 'youth' }],
  ['page', ''], ['page', 'http://127.0.0.1:4173/ui/plain.html'], ['page', 'https://xn--fiqs8s.example/%E5%9B%BE'],
  ['lang', 'en'], ['lang', 'zh-Hant-TW'], ['sdkVersion', '0.2.0-beta.1'], ['action', 'delete-interests'], ['action', 'reset'], ['action', 'merge'],
  ['source', 'qa'], ['notice', { policy: 'v7', hash: 'q9Z_-+/=' }], ['categories', {}], ['merged', ['s2wp4ej11ogyrc93', 'oldm0000oldm0000']],
];

describe('validateReceipt (SPEC §7.4)', () => {
  it('covers every key of the Receipt interface in its table of refusals', () => {
    expect(Object.keys(BAD).sort()).toEqual([...RECEIPT_KEYS].sort());
  });

  it('accepts a receipt of the 0.1 SDK (without the "since 0.2" fields) and one of the 0.2 SDK with all of them', () => {
    expect(validateReceipt(receipt())).toEqual({ ok: true, receipt: receipt() });
    expect(validateReceipt(fullReceipt())).toEqual({ ok: true, receipt: fullReceipt() });
  });

  const bad = Object.entries(BAD).flatMap(([field, rows]) => rows.map(([value, reason]) => [field, value, reason] as const));
  it.each(bad)('refuses %s = %j', (field, value, reason) => {
    const result = validateReceipt(fullReceipt({ [field]: value }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });

  it.each(GOOD)('accepts %s = %j', (field, value) => {
    expect(validateReceipt(fullReceipt({ [field]: value })).ok).toBe(true);
  });

  it.each([
    ['a missing required key', (() => { const r: Record<string, unknown> = { ...receipt() }; delete r.page; return r; })(), 'receipt.page is missing'],
    ['an extra key', { ...receipt(), ip: '203.0.113.9' }, 'receipt has an unknown key "ip"'],
    ['__proto__ at the top', JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(receipt()).slice(1)}`), 'receipt has an unknown key "__proto__"'],
    ['constructor at the top', { ...receipt(), constructor: {} }, 'receipt has an unknown key "constructor"'],
    ['__proto__ in a map', { ...receipt(), categories: JSON.parse('{"necessary": true, "__proto__": true}') }, 'receipt.categories has a key that is not an id (/^[a-z][a-z0-9_-]{0,31}$/): "__proto__"'],
    ['__proto__ in a nested object', { ...fullReceipt(), notice: JSON.parse('{"policy": "v1", "hash": "ab", "__proto__": {}}') }, 'receipt.notice has an unknown key "__proto__"'],
    ['an array', [receipt()], 'receipt must be an object, got an array'],
    ['a string', JSON.stringify(receipt()), 'receipt must be an object, got a string'],
    ['null', null, 'receipt must be an object, got null'],
  ])('refuses %s', (_, value, reason) => {
    const result = validateReceipt(value);
    expect(!result.ok && result.reason).toContain(reason);
  });

  // Regression (back-end probe): fields of the right types that no SDK writes together were stored as proof, and
  // `log stats --by action` counted a reject-all that granted everything as a refusal.
  it.each<[string, Partial<Receipt>, string]>([
    ['necessary refused', { categories: { necessary: false, analytics: true } }, 'receipt.categories.necessary must be true (it is never refused), got false'],
    ['a reject-all granting a category', { action: 'reject-all', categories: { necessary: true, analytics: true }, services: {}, choices: { categories: {}, services: {} } }, 'receipt.categories.analytics must be false in a reject-all receipt, got true'],
  ])('refuses what no SDK writes: %s', (_, overrides, reason) => {
    const result = validateReceipt(fullReceipt(overrides));
    expect(!result.ok && result.reason).toContain(reason);
  });

  it.each<[string, Partial<Receipt>]>([
    ['a reject-all that grants nothing optional', { action: 'reject-all', categories: { necessary: true, analytics: false }, services: { cnzz: false }, choices: { categories: {}, services: { cnzz: false } } }],
    // Regression (QA probe): every reject-all of the demo was refused: its necessary services (sign-in, payment) stay
    // granted, and a receipt does not say which category a service is in.
    ['a reject-all with its necessary services granted', { action: 'reject-all', categories: { necessary: true, analytics: false }, services: { alipay: true, 'wechat-login': true, cnzz: false }, choices: { categories: {}, services: { alipay: true } } }],
    ['a reset, without expiry', { action: 'reset', expires: undefined }],
    ['an age group recorded on an older decision, whose expiry has passed', { action: 'age', time: '2026-11-29T08:30:00.000Z', expires: '2026-01-01T00:00:00.000Z' }],
    ['categories without necessary (the 0.1 SDK)', { categories: { analytics: true } }],
    // Regression: under `dnt: 'strict'` a reject-all keeps the choices DNT holds off, for when the signal goes.
    ['a reject-all whose choices keep what DNT holds off', { action: 'reject-all', categories: { necessary: true, analytics: false }, services: {}, choices: { categories: { analytics: true }, services: {} }, forced: { analytics: 'dnt' } }],
    // Regression: a contextual allow keeps the time of the decision before it, so its expiry may come first.
    ['a contextual allow whose expiry is before its time', { action: 'contextual', time: '2026-11-29T08:30:00.000Z', expires: '2026-09-01T00:00:00.000Z' }],
  ])('accepts %s', (_, overrides) => {
    const value = JSON.parse(JSON.stringify(fullReceipt(overrides)));
    expect(validateReceipt(value).ok).toBe(true);
  });

  it('never echoes a refused value (it may be personal data): only its type', () => {
    const result = validateReceipt(receipt({ source: 'zhang.wei@example.com 13800138000' }));
    expect(!result.ok && result.reason).toBe(
      'receipt.source must be a short token of letters, digits, ".", "_", ":" or "-" (at most 64), got a string of 33 characters',
    );
  });

  // Regression (server attack): a key that read as a field's name was quoted even with a phone number in it, and the
  // reason reaches `log serve`'s output.
  it.each([
    ['an unknown key', { ...receipt(), zhangsan_13800138000: 1 }, 'receipt has an unknown key (a receipt'],
    ['a map key', { ...receipt(), categories: { necessary: true, ZhangSan13800138000: true } }, 'receipt.categories has a key that is not an id (/^[a-z][a-z0-9_-]{0,31}$/)'],
  ])('regression: never quotes a key with a number in it (%s)', (_, value, reason) => {
    const result = validateReceipt(value);
    expect(!result.ok && result.reason).toContain(reason);
    expect(!result.ok && result.reason).not.toMatch(/1380013/);
  });

  it('rebuilds the receipt from its known keys: plain objects, nothing of the input kept by reference', () => {
    const input = JSON.parse(JSON.stringify(fullReceipt())) as Receipt;
    const result = validateReceipt(input);
    if (!result.ok) throw new Error(result.reason);
    expect(result.receipt.categories).not.toBe(input.categories);
    expect(Object.getPrototypeOf(result.receipt.notice)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
