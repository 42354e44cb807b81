import { COOKIE_DEFAULTS, DEFAULT_CATEGORIES, OOOPIC_OPERATOR, OOOPIC_POLICY } from './defaults.js';
import type { Category, ConsentGateConfig, LocalText, Preset, ResolvedConfig, Service } from './types.js';

/*
 * Config validation as a small schema of checkers. A checker returns the value it accepts or throws the error
 * SPEC §9 asks for: the exact config path, what it must be, and what it got. A schema costs far fewer bytes
 * than a hand-written check per key, and every visitor downloads it.
 */

type Check<T = unknown> = (value: unknown, path: string) => T;
type Loose = Record<string, unknown>;

/** Ids of categories and services: safe in the compact cookie encoding and never `__proto__`-like. */
export const ID_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
const LANGS = ['zh-CN', 'zh-TW', 'en'];

const at = (path: string) => (path ? `config.${path}` : 'config');
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  return Array.isArray(value) ? 'an array' : value && typeof value === 'object' ? 'an object' : typeof value === 'function' ? 'a function' : String(value);
}

/** Throws `consent-gate: config.<path> must be <expected>, got <value>`. */
export function fail(path: string, expected: string, value: unknown): never {
  throw new TypeError(`consent-gate: ${at(path)} must be ${expected}, got ${describe(value)}`);
}

const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp);

const string = (pattern?: RegExp, expected = 'a non-empty string'): Check<string> => (value, path) =>
  typeof value === 'string' && value.trim() !== '' && (!pattern || pattern.test(value)) ? value : fail(path, expected, value);

const boolean: Check<boolean> = (value, path) => (typeof value === 'boolean' ? value : fail(path, 'true or false', value));

/** Days a cookie lives: browsers keep one 400 days at most (Chrome), and under a day is no record at all. */
const days: Check<number> = (value, path) =>
  typeof value === 'number' && value >= 1 && value <= 400 ? value : fail(path, 'a number of days from 1 to 400', value);

const oneOf = (...options: string[]): Check<string> => (value, path) =>
  options.includes(value as string) ? (value as string) : fail(path, `one of ${options.map(o => `'${o}'`).join(', ')}`, value);

/** http(s) only: a `javascript:` or `data:` link in the banner would run in the host page. */
export const url: Check<string> = (value, path) => {
  let protocol = '';
  try {
    protocol = new URL(string()(value, path), 'https://consent-gate.invalid/').protocol;
  } catch {
    // Not a URL at all: reported below like any other wrong scheme.
  }
  return /^https?:$/.test(protocol) ? (value as string) : fail(path, 'an http(s) URL', value);
};

const date: Check<string> = (value, path) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value as string) && Date.parse(value as string) ? (value as string) : fail(path, 'a date written YYYY-MM-DD', value);

/** An object with known keys; `undefined` values are left out, so defaults can be spread under it. */
const object = (shape: Record<string, Check>): Check<Loose> => (value, path) => {
  if (!isObject(value)) fail(path, 'an object', value);
  const out: Loose = {};
  for (const key of Object.keys(value)) {
    const check = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
    if (!check) throw new TypeError(`consent-gate: ${at(join(path, key))} is not a known option (known: ${Object.keys(shape).join(', ')})`);
    if (value[key] !== undefined) out[key] = check(value[key], join(path, key));
  }
  return out;
};

/** An object whose own keys are data (ids, languages): each key checked, each value checked. */
const entries = (key: Check, check: Check): Check<Loose> => (value, path) => {
  if (!isObject(value)) fail(path, 'an object', value);
  const out: Loose = Object.create(null);
  for (const name of Object.keys(value)) out[key(name, join(path, name)) as string] = check(value[name], join(path, name));
  return out;
};

const localText: Check<LocalText> = (value, path) =>
  typeof value === 'string' ? value : (object({ 'zh-CN': string(), 'zh-TW': string(), en: string() })(value, path) as LocalText);

const id = (what: string) => string(ID_PATTERN, `${what} of lower-case letters, digits, "_" or "-"`);
const list = <T>(check: Check<T>, expected: string): Check<T[]> => (value, path) =>
  Array.isArray(value) ? value.map((entry, i) => check(entry, `${path}[${i}]`)) : fail(path, expected, value);

/** Exact names, `^patterns` and RegExps, all as RegExps. */
const patterns = list<RegExp>((value, path) => {
  if (value instanceof RegExp) return value;
  const text = string(undefined, 'a name, a "^pattern" string or a RegExp')(value, path);
  try {
    return new RegExp(text.startsWith('^') ? text : `^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  } catch {
    return fail(path, 'a valid regular expression', value);
  }
}, 'an array of names or patterns');

const host = string(/^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/i, 'a host name');

const CATEGORY = object({ label: localText, description: localText, tracking: boolean, minors: boolean });

const SCHEMA = object({
  policy: object({
    version: string(/^[A-Za-z0-9._-]{1,32}$/, 'a version of 1–32 letters, digits, ".", "_" or "-"'),
    updated: date,
    effective: date,
    url,
    childrenUrl: url,
    sdkListUrl: url,
    changes: localText,
  }),
  operator: object({ name: localText, contact: localText }),
  categories: entries(id('an id'), CATEGORY),
  services: (value, path) => (Array.isArray(value) ? value : fail(path, 'an array', value)),
  cookie: object({
    // RFC 6265 cookie-name token: no separators, no controls.
    name: string(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/, 'a cookie name (letters, digits, no spaces or ;=,)'),
    domain: (value, path) => (value === 'auto' ? value : string(/^\.?[a-z0-9-]+(\.[a-z0-9-]+)+$/i, "a domain such as '.ooopic.com', or 'auto'")(value, path)),
    acceptDays: days,
    rejectDays: days,
  }),
  dnt: oneOf('respect', 'strict', 'ignore'),
  minors: object({ youthModeUrl: url }),
  lang: oneOf('auto', ...LANGS),
  // Either `texts.<key>` for every language or `texts['zh-CN'].<key>` for one.
  texts: entries(string(), (value, path) =>
    typeof value === 'string' || (LANGS.includes(path.slice(6)) && isObject(value))
      ? (isObject(value) ? entries(string(), string(undefined, 'a string'))(value, path) : value)
      : fail(path, 'a string, or a language (zh-CN, zh-TW, en) holding strings', value)),
  ui: (value, path) =>
    value === false
      ? value
      : object({
          floatingButton: boolean,
          theme: entries(string(/^--cg-[a-z0-9-]+$/, 'a CSS custom property named --cg-*'), string(/^[^;{}<>]*$/, 'a CSS value without ; { } < >')),
        })(value, path),
  reloadOnRevoke: boolean,
  receipt: (value, path) => {
    const receipt = object({ url })(value, path);
    return receipt.url ? receipt : fail(join(path, 'url'), 'an http(s) URL', undefined);
  },
  gcm: boolean,
  guard: boolean,
  dataLayer: (value, path) =>
    typeof value === 'boolean' ? value : string(/^[A-Za-z_$][\w$]*$/, 'true, false or a global variable name')(value, path),
});

const SERVICE_KEYS: Record<string, Check> = {
  id: id('an id'),
  preset: string(),
  category: string(),
  name: localText,
  provider: localText,
  purpose: localText,
  data: localText,
  policyUrl: url,
  cookies: patterns,
  storage: patterns,
  hosts: list(host, 'an array of host names'),
  src: url,
};

function service(input: unknown, path: string, presets: Record<string, Preset>, categoryIds: string[]): Service {
  const known = (name: unknown) => typeof name === 'string' && Object.prototype.hasOwnProperty.call(presets, name);
  const presetList = `a preset id (${Object.keys(presets).join(', ') || 'none bundled'})`;
  if (typeof input === 'string' && !known(input)) fail(path, presetList, input);
  const entry: Loose = typeof input === 'string' ? { id: input } : isObject(input) ? { ...input } : fail(path, 'a preset id or an object', input);
  // Keys the service schema does not know are options of its preset (e.g. `siteId` of baidu-tongji).
  const options: Loose = {};
  for (const key of Object.keys(entry)) {
    // Own keys only: a `"__proto__"` option must not find Object.prototype's members (API review).
    if (Object.prototype.hasOwnProperty.call(SERVICE_KEYS, key)) entry[key] = SERVICE_KEYS[key]!(entry[key], join(path, key));
    else options[key] = entry[key];
  }
  const serviceId = SERVICE_KEYS.id!(entry.id, join(path, 'id')) as string;
  const presetId = entry.preset ?? (known(serviceId) ? serviceId : undefined);
  if (presetId !== undefined && !known(presetId)) fail(join(path, 'preset'), presetList, presetId);
  const preset: Partial<Preset> = presetId ? presets[presetId as string]! : {};
  for (const key of preset.required ?? []) {
    if (options[key] === undefined || options[key] === '') fail(join(path, key), `set for the ${presetId} preset`, options[key]);
  }
  const category = entry.category ?? preset.category;
  if (!categoryIds.includes(category as string)) fail(join(path, 'category'), `one of ${categoryIds.join(', ')}`, category);
  return {
    name: serviceId,
    provider: '',
    purpose: '',
    data: '',
    ...preset,
    ...(entry as Partial<Service>),
    id: serviceId,
    preset: presetId as string | undefined,
    category: category as string,
    cookies: [...patterns(preset.cookies ?? [], ''), ...((entry.cookies as RegExp[]) ?? [])],
    storage: [...patterns(preset.storage ?? [], ''), ...((entry.storage as RegExp[]) ?? [])],
    hosts: (entry.hosts as string[]) ?? preset.hosts ?? [],
    src: (entry.src as string) ?? preset.src?.(options),
    loader: preset.loader,
    options,
  } as Service;
}

/** Freezes a resolved config all the way down (RegExps and loaders aside): the rules read it, nobody may edit it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof RegExp) && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates a page's config and fills in the ooopic defaults. Throws a `TypeError` naming the exact path and
 * value (SPEC §9); never returns a half-valid config.
 */
export function normalizeConfig(input: unknown = {}, presets: Record<string, Preset> = {}): ResolvedConfig {
  const config = SCHEMA(input, '') as ConsentGateConfig;
  const defined = { ...DEFAULT_CATEGORIES, ...config.categories };
  const categories: Category[] = Object.keys(defined).map(categoryId => {
    const entry = { ...DEFAULT_CATEGORIES[categoryId], ...defined[categoryId] };
    if (categoryId === 'necessary' && entry.tracking) fail('categories.necessary.tracking', 'false: necessary cookies are never tracking', entry.tracking);
    if (categoryId === 'necessary' && entry.minors === false) {
      fail('categories.necessary.minors', 'true: necessary cookies serve minors too', entry.minors);
    }
    return { label: '', description: '', tracking: false, minors: true, ...entry, id: categoryId, readOnly: categoryId === 'necessary' } as Category;
  });
  const categoryIds = categories.map(c => c.id);
  const services = ((config.services as unknown[] | undefined) ?? []).map((entry, i) => service(entry, `services[${i}]`, presets, categoryIds));
  services.forEach((s, i) => {
    if (services.findIndex(other => other.id === s.id) < i) fail(`services[${i}].id`, 'unique', s.id);
  });
  const { ui, dataLayer } = config;
  // Frozen: the controller hands this out as `config`, and a page writing `category.minors = true` or a
  // service's category would otherwise rewrite the rules (review R8).
  return deepFreeze({
    policy: { ...OOOPIC_POLICY, ...config.policy } as ResolvedConfig['policy'],
    operator: { ...OOOPIC_OPERATOR, ...config.operator } as ResolvedConfig['operator'],
    categories,
    services,
    cookie: { ...COOKIE_DEFAULTS, ...config.cookie } as ResolvedConfig['cookie'],
    dnt: config.dnt ?? 'respect',
    minors: config.minors ?? {},
    lang: config.lang ?? 'auto',
    texts: config.texts ?? {},
    ui: ui === false ? false : { floatingButton: false, theme: {}, ...ui },
    reloadOnRevoke: config.reloadOnRevoke ?? true,
    receipt: config.receipt,
    // Without Consent Mode signals Google treats its ad signals as granted, so a configured Google Analytics
    // turns them on unless the site says otherwise.
    gcm: config.gcm ?? services.some(s => s.preset === 'google-analytics'),
    dataLayer: dataLayer === true ? 'dataLayer' : dataLayer || false,
    guard: config.guard,
  });
}
