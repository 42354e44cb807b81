import { SHORT_IDS } from './lists.js';
import { any, has, matches } from './natives.js';
import type { AgeGroup, ConsentRecord, DecisionAction } from './types.js';

/*
 * The consent record travels in one first-party cookie that the server reads too (SPEC §4). The value is a
 * query string of URL-safe characters only, so it is written as is and any server's query parser reads it:
 *
 *   v=3&i=<consent id>&p=<policy version>&u=<updated, base 36 ms>[&a=<action>[&t=<decided, base 36 ms, when not u>]]
 *   [&ex=<expires, base 36 ms>][&c=<chosen categories>][&s=<services, "!" marks a refusal>][&x=<DNT exceptions>]
 *   [&e=<effective categories, when not c; 0: none>][&g=<age group, when not unknown>][&y=1][&gt=<guardian consent,
 *   base 36 ms>][&gm=a|g][&d=1][&gp=1][&ga=1][&b=<services granted by their own 单独同意>]&h=<checksum>
 *
 * Lists are "."-separated ids. `c`, `s` and `x` are the visitor's choices; `e` the categories the page applied when it
 * wrote the record (after DNT, minors' rules and a pending policy update), so a server applies exactly that. `gm` says
 * how guardian consent was obtained: `a` the site's account, `g` the guardian view. `ga=1`: the age group came from the
 * account. `b` lists the services `s` grants by the dialog of their own 单独同意 (a transfer abroad, SPEC §5.4): no
 * other grant of such a service counts, on the page or on the server (format 3 only).
 *
 * Format 3 keeps the cookie compact (SPEC §4: well under 300 bytes; format 2 took up to 355 with the ooopic
 * profile): the ids of the default categories and of the catalogue's presets, which nearly every record names, are
 * written as one capital letter (`SHORT_IDS`; an id is lower case, so neither is taken for the other); the decision
 * time only where it differs from `u`; the age group only when known; and no `eo`. Format 2's `eo` listed the services
 * held off inside an effective category, each of which `s` already refuses or leaves out (decision.ts drops what a rule
 * forbids, such as a transfer abroad without its 单独同意): both readers take a service for granted only when `s`
 * grants it. Records of formats 1 (no `ex`, `e`, `eo`, `gm`) and 2 (`t` with every `a`, `g` always, ids in full)
 * still decode.
 *
 * `h` is FNV-1a (32 bit, base 36) of everything before `&h=`. A value that fails any check is "no record": a
 * hand-edited or truncated cookie can never decode to a grant that was not encoded. The checksum is no signature:
 * a sibling subdomain can write a valid record, which is why several records are intersected (read-records.ts).
 */

const ID = /^[a-z][a-z0-9_-]{0,31}$/;
const TIME = /^[0-9a-z]{1,10}$/;
const LIST = /^[A-Za-z0-9_.-]{1,400}$/;
const FIELDS: Record<string, RegExp> = {
  v: /^[123]$/,
  i: /^[a-z0-9]{8,32}$/,
  p: /^[A-Za-z0-9._-]{1,32}$/,
  u: TIME,
  t: TIME,
  a: /^(accept-all|reject-all|save|contextual|api|guardian)$/,
  c: LIST,
  s: /^[A-Za-z0-9_.!-]{1,600}$/,
  x: LIST,
  ex: TIME,
  e: /^(0|[A-Za-z0-9_.-]{1,400})$/,
  eo: LIST,
  g: /^(unknown|adult|minor|child)$/,
  y: /^1$/,
  gt: TIME,
  gm: /^[ag]$/,
  d: /^1$/,
  gp: /^1$/,
  ga: /^1$/,
  b: LIST,
  h: /^[0-9a-z]{1,7}$/,
};
const REQUIRED = ['v', 'i', 'p', 'u', 'h'];
/** Keys a format does not have: a record carrying one is no record that format's writer made. */
const NOT_IN: Record<string, string[]> = { 1: ['ex', 'e', 'eo', 'gm', 'b'], 2: ['b'], 3: ['eo'] };

/** FNV-1a, 32 bit: tiny, and enough to tell a written value from a damaged one (not a signature). */
export function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

const time = (ms: number) => Math.max(0, Math.floor(ms)).toString(36);

/**
 * An id as format 3 writes it: its letter in `SHORT_IDS`, or itself: A for the first, as base 36 writes 10. Not
 * `String.fromCharCode`: `decide.js` evaluates after the page's scripts, and a page's `var String` left 全部接受 storing
 * nothing (SPEC §9).
 */
const short = (id: string) => {
  const at = SHORT_IDS.indexOf(id);
  return at < 0 ? id : (at + 10).toString(36).toUpperCase();
};
const list = (ids: string[]) => ids.map(short).join('.');

export function encodeRecord(record: ConsentRecord): string {
  const parts = [`v=3`, `i=${record.id}`, `p=${record.policy}`, `u=${time(record.updatedAt)}`];
  const decided = record.decision && time(record.decision.at);
  if (decided) parts.push(`a=${record.decision!.action}`);
  if (decided && decided != time(record.updatedAt)) parts.push(`t=${decided}`);
  if (record.expires !== undefined) parts.push(`ex=${time(record.expires)}`);
  const granted = Object.keys(record.categories).filter(id => record.categories[id]);
  if (granted.length) parts.push(`c=${list(granted)}`);
  const services = Object.keys(record.services).map(id => (record.services[id] ? '' : '!') + short(id));
  if (services.length) parts.push(`s=${services.join('.')}`);
  if (record.exceptions.length) parts.push(`x=${list(record.exceptions)}`);
  // The effective categories only where they differ from the chosen ones (`0`: none), to keep the cookie short.
  const effective = record.effective?.categories;
  if (effective && effective.join() != granted.join()) parts.push(`e=${list(effective) || '0'}`);
  if (record.age != 'unknown') parts.push(`g=${record.age}`);
  if (record.youthMode) parts.push('y=1');
  if (record.guardianAt !== undefined) parts.push(`gt=${time(record.guardianAt)}`);
  if (record.guardianMethod && record.guardianAt !== undefined) parts.push(`gm=${record.guardianMethod[0]}`);
  if (record.dnt) parts.push('d=1');
  if (record.gpc) parts.push('gp=1');
  if (record.ageFromAccount) parts.push('ga=1');
  // Only what `s` grants: a grant dropped since (an age group that may not give it) takes its 单独同意 along.
  const separate = record.separate?.filter(id => record.services[id]) ?? [];
  if (separate.length) parts.push(`b=${list(separate)}`);
  const body = parts.join('&');
  return `${body}&h=${checksum(body)}`;
}

/**
 * The record with its decision taken out (SPEC §4, §9): the same consent id, policy and person, nothing granted. The
 * script tag writes it over the stored record when a decision that takes grants away cannot be stored (its code could
 * not load, or the page went away before it arrived): every page and the server then grant nothing optional and the
 * banner asks again, instead of the next page applying what the visitor took away. Made here, without `encodeRecord`,
 * which only `decide.js` carries.
 */
export function undecided(record: ConsentRecord, at: number): string {
  const person = `${record.age != 'unknown' ? `&g=${record.age}` : ''}${record.youthMode ? '&y=1' : ''}${record.ageFromAccount ? '&ga=1' : ''}`;
  const body = `v=3&i=${record.id}&p=${record.policy}&u=${time(at)}${person}`;
  return `${body}&h=${checksum(body)}`;
}

/**
 * The ids of a list, each with the `!` of a refusal it carries (only `s` can: the other lists' patterns have none); in
 * format 3 a capital letter stands for its `SHORT_IDS` entry. `undefined` when one is no id, or one comes twice.
 */
function ids(text: string | undefined, format: string): string[] | undefined {
  if (text === undefined) return [];
  const bare: string[] = [];
  const out = text.split('.').map(entry => {
    const refused = entry[0] == '!';
    const id = refused ? entry.slice(1) : entry;
    bare.push(format == '3' && matches(/^[A-Z]$/, id) ? (SHORT_IDS[id.charCodeAt(0) - 65] ?? '') : id);
    return (refused ? '!' : '') + bare[bare.length - 1];
  });
  return !any(bare, id => !matches(ID, id)) && new Set(bare).size == bare.length ? out : undefined;
}

function readTime(value: string): number | undefined {
  const ms = parseInt(value, 36);
  // Any time from 0: a page's clock may stand anywhere before now (a test runner's fake clock starts at 0), and what it
  // wrote is read on that clock (an old time reads as expired, never as granted longer). Past 2200 is no time this SDK
  // wrote.
  return ms < 7258118400000 ? ms : undefined;
}

/** Decodes a cookie value; anything that does not validate is `undefined` ("no record"). Never throws. */
export function decodeRecord(given: unknown): ConsentRecord | undefined {
  if (typeof given !== 'string' || given.length > 2000) return undefined;
  // RFC 6265 §4.1.1: a cookie's value may be written in double quotes, which are not part of it (Python's
  // `SimpleCookie` quotes a value with `=` in it): a back end that set the cookie again so lost every decision.
  const value = matches(/^".*"$/, given) ? given.slice(1, -1) : given;
  const cut = value.lastIndexOf('&h=');
  if (cut < 0 || checksum(value.slice(0, cut)) !== value.slice(cut + 3)) return undefined;
  // A null-prototype map: a key such as `__proto__` is data here, never a prototype.
  const fields: Record<string, string> = Object.create(null);
  for (const pair of value.split('&')) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq);
    const text = pair.slice(eq + 1);
    const pattern = eq > 0 && Object.prototype.hasOwnProperty.call(FIELDS, key) ? FIELDS[key] : undefined;
    if (!pattern || key in fields || !matches(pattern, text)) return undefined;
    fields[key] = text;
  }
  const format = fields.v!;
  if (any(REQUIRED, key => !(key in fields)) || any(NOT_IN[format] ?? [], key => key in fields)) return undefined;
  // Formats 1 and 2 write `g` and `t` always, format 3 only when they say more than `unknown` and `u`.
  if (format != '3' && !('g' in fields)) return undefined;
  if ('t' in fields ? !('a' in fields) : 'a' in fields && format != '3') return undefined;

  const updatedAt = readTime(fields.u!);
  const decidedAt = fields.a === undefined ? undefined : readTime(fields.t ?? fields.u!);
  const guardianAt = fields.gt === undefined ? undefined : readTime(fields.gt);
  const expires = fields.ex === undefined ? undefined : readTime(fields.ex);
  const granted = ids(fields.c, format);
  const exceptions = ids(fields.x, format);
  const effective = fields.e === '0' ? [] : fields.e === undefined ? granted : ids(fields.e, format);
  const off = ids(fields.eo, format);
  const serviceList = ids(fields.s, format);
  const separate = ids(fields.b, format);
  if (updatedAt === undefined || !granted || !exceptions || !effective || !off || !serviceList || !separate) return undefined;
  if ((fields.a !== undefined && decidedAt === undefined) || (fields.ex !== undefined && expires === undefined)) return undefined;
  if (fields.gm !== undefined && fields.gt === undefined) return undefined;
  if (fields.gt !== undefined && (guardianAt === undefined || fields.g !== 'child')) return undefined;
  // An exception is a grant made under DNT, and the effective categories are what the page let through of the chosen
  // ones: neither can name a category that is not granted (a server trusting `e` would grant more than the page).
  const ungranted = (id: string) => !has(granted, id);
  if (any(exceptions, ungranted) || any(effective, ungranted)) return undefined;
  // A 单独同意 is a grant's: `b` names only services `s` grants.
  if (any(separate, id => !has(serviceList, id))) return undefined;

  const categories: Record<string, boolean> = Object.create(null);
  for (const id of granted) categories[id] = true;
  const services: Record<string, boolean> = Object.create(null);
  for (const entry of serviceList) services[entry.replace('!', '')] = entry[0] != '!';

  const record: ConsentRecord = {
    format: Number(format) as ConsentRecord['format'],
    id: fields.i!,
    policy: fields.p!,
    updatedAt,
    age: (fields.g ?? 'unknown') as AgeGroup,
    youthMode: fields.y === '1',
    dnt: fields.d === '1',
    gpc: fields.gp === '1',
    categories,
    services,
    exceptions,
    // Every field its own, undefined where the cookie has none: one left out is read through the prototype chain, and
    // a page's `Object.prototype.expires` (an old query parser) expired the record, `.decision` or `.ageFromAccount`
    // (true) refused a child's "under 14" or locked the age group (SPEC §9).
    decision: decidedAt !== undefined ? { at: decidedAt, action: fields.a as DecisionAction } : undefined,
    guardianAt,
    guardianMethod: fields.gm ? (fields.gm === 'a' ? 'account' : 'guardian') : undefined,
    ageFromAccount: fields.ga === '1' || undefined,
    expires,
    separate: separate.length ? separate : undefined,
    // What the page applied, from format 2 on (format 2 also listed services held off: `eo`).
    effective: format == '2' ? { categories: effective, off } : format == '3' ? { categories: effective } : undefined,
  };
  return record;
}

/** A random consent id: identifies a decision in receipts, never a person. */
export function createConsentId(random: () => number = Math.random): string {
  let id = '';
  const bytes = typeof crypto !== 'undefined' && crypto.getRandomValues ? crypto.getRandomValues(new Uint8Array(16)) : undefined;
  for (let i = 0; i < 16; i++) id += ((bytes ? bytes[i]! : Math.floor(random() * 256)) % 36).toString(36);
  return id;
}
