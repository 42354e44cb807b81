import { MERGED_IDS } from '../core/lists.js';
import type { Receipt } from '../core/receipt.js';
import { printable } from './printable.js';

/** The outcome of checking a parsed body: the receipt rebuilt from its known keys, or why it is refused. */
export type ReceiptCheck = { ok: true; receipt: Receipt } | { ok: false; reason: string };

type Check<T> = (value: unknown, path: string) => T;

/** Thrown inside the checks, caught by validateReceipt: the first problem found is the answer. */
class Invalid extends Error {}

// Id shapes are the SDK's own (src/core/config.ts, record.ts): a receipt outside them was not made by the SDK.
const ID = /^[a-z][a-z0-9_-]{0,31}$/;
const CONSENT_ID = /^[a-z0-9]{8,32}$/;
const POLICY_VERSION = /^[A-Za-z0-9._-]{1,32}$/;
const NOTICE_HASH = /^[A-Za-z0-9+/=_-]{1,128}$/;
const SDK_VERSION = /^\d{1,4}\.\d{1,4}\.\d{1,4}(?:[-+][0-9A-Za-z.-]{1,40})?$/;
const LANG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}$/;
// `setAge(…, { source })` is `account`, `guardian` or `visitor` since 0.2 (free text before); the log keeps it only
// as a short token, so that it cannot carry a name, an e-mail address or a sentence (PIPL Art. 6: collect no more
// than the purpose needs).
const SOURCE = /^[A-Za-z0-9._:-]{1,64}$/;
// Date.toISOString() with an optional offset; Date.parse alone accepts far more (e.g. "1", "March 7").
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](\d{2}):(\d{2}))$/;
/** Keys that name the prototype machinery: refused anywhere, even where the id pattern would let them through. */
const PROTO_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/**
 * The most ids the SDK can carry in one map: the consent cookie lists services in 400 characters, one "." between
 * ids (src/core/config.ts refuses a config whose ids take more; record.ts reads categories in as many), and the
 * shortest distinct ids — 26 of one letter, then 116 of two characters — make 142 of them. A lower limit here would
 * refuse every receipt of a config the SDK accepts.
 */
const MAX_ENTRIES = 142;
const MAX_PAGE = 2048;

const fail = (path: string, expected: string, value: unknown): never => {
  throw new Invalid(`${path} must be ${expected}, got ${describe(value)}`);
};

/** The type of a refused value, never the value itself: a bad field may hold personal data the log must not echo. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const string = (pattern: RegExp, expected: string): Check<string> => (value, path) =>
  typeof value === 'string' && pattern.test(value) ? value : fail(path, expected, value);

const boolean: Check<boolean> = (value, path) => (typeof value === 'boolean' ? value : fail(path, 'true or false', value));

const oneOf = <T extends string>(...values: T[]): Check<T> => (value, path) =>
  typeof value === 'string' && (values as string[]).includes(value) ? (value as T) : fail(path, `one of ${values.join(', ')}`, value);

const isoTime: Check<string> = (value, path) =>
  isRealTime(value) ? value : fail(path, 'an ISO 8601 time such as 2026-11-29T08:30:00.000Z', value);

/**
 * A time whose every field is in range. Date.parse rolls 2026-02-30 over to March 2 where PostgreSQL refuses it: a
 * receipt the log accepted and then failed to store would be answered 5xx and sent again for ever. For the same
 * reason an offset is at most ±15:59, PostgreSQL's limit (the world's run from −12:00 to +14:00).
 */
function isRealTime(value: unknown): value is string {
  const match = typeof value === 'string' ? ISO_TIME.exec(value) : null;
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = match.slice(1).map(Number) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  return year! >= 1970 && date.getUTCMonth() === month! - 1 && date.getUTCDate() === day! && hour! < 24 && minute! < 60 && second! < 60 &&
    (Number.isNaN(offsetHour) || (offsetHour! <= 15 && offsetMinute! < 60));
}

/**
 * A refused key, quoted where it reads as a field's name (`"ip"`, `"__proto__"`, `"Analytics"`: what a developer needs
 * to see), left out where it could be someone's data (`"Zhang San 13800138000"`, `"zhangsan_13800138000"`, an e-mail
 * address, a Chinese name): the reason reaches the log's events and `log serve`'s output, which carry no receipt
 * content. A run of four digits or more (a phone, QQ or ID number, a date of birth) is no field's name.
 */
const named = (key: string, lead = ' ') => (/^[A-Za-z_$][\w$-]{0,39}$/.test(key) && !/\d{4}/.test(key) ? `${lead}${printable(key, 40)}` : '');

/** A map of category or service ids to values: fresh object, own keys only, each key an SDK id. */
/** An array of at most `most` entries, each checked. */
const list = <T>(entry: Check<T>, most: number): Check<T[]> => (value, path) =>
  Array.isArray(value) && value.length > 0 && value.length <= most
    ? value.map((item, i) => entry(item, `${path}[${i}]`))
    : fail(path, `a list of 1 to ${most} entries`, value);

const record = <T>(entry: Check<T>): Check<Record<string, T>> => (value, path) => {
  if (!isPlainObject(value)) return fail(path, 'an object', value);
  const keys = Object.keys(value);
  if (keys.length > MAX_ENTRIES) throw new Invalid(`${path} has ${keys.length} entries, at most ${MAX_ENTRIES} are accepted`);
  const out: Record<string, T> = {};
  for (const key of keys) {
    if (PROTO_KEYS.has(key) || !ID.test(key)) throw new Invalid(`${path} has a key that is not an id (${ID})${named(key, ': ')}`);
    out[key] = entry(value[key], `${path}.${key}`);
  }
  return out;
};

/** An object with exactly these keys (the optional ones may be absent), rebuilt from them alone. */
function shape<T>(fields: { [K in keyof T]-?: Check<T[K]> }, optional: ReadonlySet<keyof T> = new Set()): Check<T> {
  return (value, path) => {
    if (!isPlainObject(value)) return fail(path, 'an object', value);
    for (const key of Object.keys(value)) {
      if (PROTO_KEYS.has(key) || !Object.prototype.hasOwnProperty.call(fields, key)) {
        throw new Invalid(`${path} has an unknown key${named(key)} (a receipt carries only the keys of SPEC §7.4)`);
      }
    }
    const out = {} as T;
    for (const key of Object.keys(fields) as Array<keyof T>) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) {
        if (optional.has(key)) continue;
        throw new Invalid(`${path}.${String(key)} is missing`);
      }
      out[key] = fields[key](value[key as string], `${path}.${String(key)}`);
    }
    return out;
  };
}

const page: Check<string> = (value, path) => {
  // The SDK sends location.origin + location.pathname (src/core/receipt.ts): a query or fragment may carry search
  // terms or click ids, so a receipt with one is refused rather than stored. Requiring the URL's own serialization
  // also keeps out control characters and credentials. '' is what a page without `location` sends.
  if (value === '') return value;
  const expected = `'' or an http(s) origin and path of at most ${MAX_PAGE} characters, with no query, fragment or ";" parameters (they may carry personal data or a session)`;
  if (typeof value !== 'string' || value.length > MAX_PAGE) return fail(path, expected, value);
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // refused below
  }
  const isOriginAndPath = url !== undefined && (url.protocol === 'https:' || url.protocol === 'http:') && url.origin + url.pathname === value && !value.includes(';');
  return isOriginAndPath ? value : fail(path, expected, value);
};

/**
 * The receipt schema, one check per key of `Receipt` (src/core/receipt.ts). The mapped type makes a new key of the
 * interface a compile error here until the log knows how to check it.
 */
const RECEIPT_FIELDS: { [K in keyof Receipt]-?: Check<Receipt[K]> } = {
  id: string(CONSENT_ID, 'a receipt id of 8 to 32 lowercase letters and digits'),
  consentId: string(CONSENT_ID, 'a consent id of 8 to 32 lowercase letters and digits'),
  time: isoTime,
  action: oneOf('accept-all', 'reject-all', 'save', 'contextual', 'api', 'guardian', 'age', 'reset', 'delete-interests', 'merge'),
  policyVersion: string(POLICY_VERSION, 'a policy version of 1 to 32 letters, digits, ".", "_" or "-"'),
  categories: record(boolean),
  services: record(boolean),
  choices: shape<NonNullable<Receipt['choices']>>({ categories: record(boolean), services: record(boolean) }),
  // `cross-border` comes with SPEC §5.4 in the 0.2 SDK.
  forced: record(oneOf('minor', 'child', 'youth', 'dnt', 'cross-border')),
  age: oneOf('unknown', 'adult', 'minor', 'child'),
  youthMode: boolean,
  guardianConsent: boolean,
  guardianMethod: oneOf('account', 'guardian'),
  dnt: boolean,
  gpc: boolean,
  lang: string(LANG, 'a language tag such as zh-CN'),
  page,
  sdkVersion: string(SDK_VERSION, 'a version such as 0.1.0'),
  source: string(SOURCE, 'a short token of letters, digits, ".", "_", ":" or "-" (at most 64)'),
  notice: shape<NonNullable<Receipt['notice']>>({
    policy: string(POLICY_VERSION, 'a policy version of 1 to 32 letters, digits, ".", "_" or "-"'),
    hash: string(NOTICE_HASH, 'a short hash (1 to 128 base64 or hex characters)'),
  }),
  expires: isoTime,
  merged: list(string(CONSENT_ID, 'a consent id of 8 to 32 lowercase letters and digits'), MERGED_IDS),
};

/** Keys older SDKs omit ("since 0.2" in the interface), and the two the SDK leaves out when it has no value. */
const OPTIONAL_FIELDS = new Set<keyof Receipt>(['id', 'choices', 'guardianMethod', 'lang', 'source', 'notice', 'expires', 'merged']);

const checkFields = shape<Receipt>(RECEIPT_FIELDS, OPTIONAL_FIELDS);

/**
 * What no SDK writes, however its fields are typed: a log kept as proof stores none of it. Rules of the SDK's own that
 * hold for every config and every version (test/core/compliance.test.ts sends the controller's receipts through them):
 * `necessary` is never refused, and "reject all" leaves no optional category in effect. Only the grants in effect: the
 * visitor's own choices may keep what a rule holds off (DNT under `strict` keeps them for when the signal goes), a
 * service's category is not in a receipt (the necessary sign-in and payment services stay granted), and a contextual
 * allow keeps the time of the decision before it (its `expires` may be earlier than its `time`). A real receipt refused
 * is proof lost: the SDK sends it again for 30 days, and it is refused each time.
 */
function checkReceipt(value: unknown, path: string): Receipt {
  const receipt = checkFields(value, path);
  if (receipt.categories.necessary === false) throw new Invalid(`${path}.categories.necessary must be true (it is never refused), got false`);
  const granted = receipt.action === 'reject-all' && Object.keys(receipt.categories).find(id => id != 'necessary' && receipt.categories[id]);
  if (granted) throw new Invalid(`${path}.categories.${granted} must be false in a reject-all receipt, got true`);
  return receipt;
}

/**
 * Checks a parsed body against the receipt schema (SPEC §7.4): every key known, every value of its type and shape,
 * nothing else. The receipt returned is rebuilt from the checked keys, so nothing of the input's own objects (or
 * their prototypes) reaches the store. Reasons name the field and what it must be, never the refused value.
 */
export function validateReceipt(value: unknown): ReceiptCheck {
  try {
    return { ok: true, receipt: checkReceipt(value, 'receipt') };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The receipt's keys in the order of the interface: the order the log keeps and prints them in. */
export const RECEIPT_KEYS = Object.keys(RECEIPT_FIELDS) as ReadonlyArray<keyof Receipt>;
