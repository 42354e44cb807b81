import { COOKIE_DEFAULTS, DEFAULT_CATEGORIES, OOOPIC_OPERATOR, OOOPIC_POLICY } from './defaults.js';
import type {
  Category,
  CategoryConfig,
  ConsentGateConfig,
  LocalText,
  Preset,
  ResolvedConfig,
  Service,
  ServiceConfig,
} from './types.js';

/** Ids of categories and services: safe in the compact cookie encoding and never `__proto__`-like. */
export const ID_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
/** Policy versions travel in the cookie unencoded, so they keep to URL-safe characters. */
const POLICY_VERSION_PATTERN = /^[A-Za-z0-9._-]{1,32}$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
// RFC 6265 cookie-name token: no separators, no controls.
const COOKIE_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
const DOMAIN_PATTERN = /^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/i;
const LANGS = ['zh-CN', 'zh-TW', 'en'];
const TOP_KEYS = [
  'policy', 'operator', 'categories', 'services', 'cookie', 'dnt', 'minors', 'lang', 'texts', 'ui',
  'reloadOnRevoke', 'receipt', 'gcm', 'dataLayer',
];

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  if (value instanceof RegExp) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return String(value);
}

const at = (path: string) => (path ? `config.${path}` : 'config');

/** Throws the error SPEC §9 asks for: the exact config path, what it must be, and what it got. */
export function fail(path: string, expected: string, value: unknown): never {
  throw new TypeError(`consent-gate: ${at(path)} must be ${expected}, got ${describe(value)}`);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp);

function object(path: string, value: unknown, keys?: string[]): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isObject(value)) fail(path, 'an object', value);
  if (keys) {
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) {
        throw new TypeError(`consent-gate: ${at(path ? `${path}.${key}` : key)} is not a known option (known: ${keys.join(', ')})`);
      }
    }
  }
  return value;
}

function string(path: string, value: unknown, pattern?: RegExp, expected = 'a non-empty string'): string {
  if (typeof value !== 'string' || value.trim() === '' || (pattern && !pattern.test(value))) {
    fail(path, expected, value);
  }
  return value;
}

function optional<T>(value: unknown, read: (value: unknown) => T): T | undefined {
  return value === undefined ? undefined : read(value);
}

function boolean(path: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(path, 'true or false', value);
  return value;
}

function positive(path: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail(path, 'a positive number', value);
  return value;
}

function oneOf<T extends string>(path: string, value: unknown, options: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!options.includes(value as T)) fail(path, `one of ${options.map(o => `'${o}'`).join(', ')}`, value);
  return value as T;
}

/** http(s) only: a `javascript:` or `data:` link in the banner would run in the host page. */
export function url(path: string, value: unknown): string {
  const text = string(path, value, undefined, 'an http(s) URL');
  let protocol: string;
  try {
    protocol = new URL(text, 'https://consent-gate.invalid/').protocol;
  } catch {
    return fail(path, 'an http(s) URL', value);
  }
  if (protocol !== 'https:' && protocol !== 'http:') fail(path, 'an http(s) URL', value);
  return text;
}

function localText(path: string, value: unknown): LocalText {
  if (typeof value === 'string') return value;
  const map = object(path, value, LANGS);
  for (const lang of Object.keys(map)) string(`${path}.${lang}`, map[lang], undefined, 'a string');
  if (Object.keys(map).length === 0) fail(path, 'a string or an object of strings by language', value);
  return map as LocalText;
}

function date(path: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  const text = string(path, value, DATE_PATTERN, 'a date written YYYY-MM-DD');
  if (Number.isNaN(Date.parse(text))) fail(path, 'a real date written YYYY-MM-DD', value);
  return text;
}

function patterns(path: string, value: unknown): RegExp[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(path, 'an array of names or patterns', value);
  return value.map((entry, index) => {
    const at = `${path}[${index}]`;
    if (entry instanceof RegExp) return entry;
    const text = string(at, entry, undefined, 'a name, a "^pattern" string or a RegExp');
    if (!text.startsWith('^')) return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    try {
      return new RegExp(text);
    } catch {
      return fail(at, 'a valid regular expression', entry);
    }
  });
}

function categories(value: unknown): Category[] {
  const input = object('categories', value);
  const merged: Record<string, CategoryConfig> = { ...DEFAULT_CATEGORIES };
  for (const id of Object.keys(input)) {
    const path = `categories.${id}`;
    if (!ID_PATTERN.test(id)) fail(path, 'named with lower-case letters, digits, "_" or "-" (id)', id);
    const entry = object(path, input[id], ['label', 'description', 'tracking', 'minors']);
    if (id === 'necessary' && (entry.tracking === true || entry.minors === false)) {
      fail(`${path}.tracking`, 'false: necessary cookies are never tracking', entry.tracking);
    }
    merged[id] = {
      ...merged[id],
      label: optional(entry.label, v => localText(`${path}.label`, v)),
      description: optional(entry.description, v => localText(`${path}.description`, v)),
      tracking: boolean(`${path}.tracking`, entry.tracking, merged[id]?.tracking ?? false),
      minors: boolean(`${path}.minors`, entry.minors, merged[id]?.minors ?? true),
    };
  }
  return Object.keys(merged).map(id => {
    const entry = merged[id]!;
    return {
      id,
      label: entry.label ?? '',
      description: entry.description ?? '',
      tracking: entry.tracking ?? false,
      minors: entry.minors ?? true,
      readOnly: id === 'necessary',
    };
  });
}

const SERVICE_KEYS = [
  'id', 'preset', 'category', 'name', 'provider', 'purpose', 'data', 'policyUrl', 'cookies', 'storage', 'hosts', 'src',
];

function service(
  path: string,
  input: unknown,
  presets: Record<string, Preset>,
  categoryIds: string[],
): Service {
  const known = (id: string) => Object.prototype.hasOwnProperty.call(presets, id);
  if (typeof input === 'string') {
    if (!known(input)) fail(path, `a preset id (${Object.keys(presets).join(', ') || 'none bundled'})`, input);
    input = { id: input };
  }
  const entry = object(path, input) as ServiceConfig;
  const id = string(`${path}.id`, entry.id, ID_PATTERN, 'an id of lower-case letters, digits, "_" or "-"');
  const presetId = entry.preset ?? (known(id) ? id : undefined);
  if (presetId !== undefined && (typeof presetId !== 'string' || !known(presetId))) {
    fail(`${path}.preset`, `a preset id (${Object.keys(presets).join(', ') || 'none bundled'})`, presetId);
  }
  const preset: Partial<Preset> = presetId ? presets[presetId]! : {};
  const options: Record<string, unknown> = {};
  for (const key of Object.keys(entry)) if (!SERVICE_KEYS.includes(key)) options[key] = entry[key];
  for (const key of preset.required ?? []) {
    if (options[key] === undefined || options[key] === '') fail(`${path}.${key}`, `set for the ${presetId} preset`, options[key]);
  }
  const category = string(`${path}.category`, entry.category ?? preset.category, undefined, 'a configured category');
  if (!categoryIds.includes(category)) fail(`${path}.category`, `one of ${categoryIds.join(', ')}`, category);
  const text = (key: 'name' | 'provider' | 'purpose' | 'data', fallback: LocalText): LocalText =>
    entry[key] === undefined ? (preset[key] ?? fallback) : localText(`${path}.${key}`, entry[key]);
  const src = entry.src === undefined ? preset.src?.(options) : url(`${path}.src`, entry.src);
  return {
    id,
    category,
    name: text('name', id),
    provider: text('provider', ''),
    purpose: text('purpose', ''),
    data: text('data', ''),
    policyUrl: entry.policyUrl === undefined ? preset.policyUrl : url(`${path}.policyUrl`, entry.policyUrl),
    cookies: [...patterns(`${path}.cookies`, preset.cookies), ...patterns(`${path}.cookies`, entry.cookies)],
    storage: [...patterns(`${path}.storage`, preset.storage), ...patterns(`${path}.storage`, entry.storage)],
    hosts: entry.hosts === undefined
      ? (preset.hosts ?? [])
      : (Array.isArray(entry.hosts) ? entry.hosts : fail(`${path}.hosts`, 'an array of host names', entry.hosts))
          .map((host, i) => string(`${path}.hosts[${i}]`, host, DOMAIN_PATTERN, 'a host name')),
    src,
    loader: preset.loader,
    options,
  };
}

/**
 * Validates a page's config and fills in the ooopic defaults. Throws a `TypeError` naming the exact path and
 * value (SPEC §9); never returns a half-valid config.
 */
export function normalizeConfig(input: unknown = {}, presets: Record<string, Preset> = {}): ResolvedConfig {
  if (!isObject(input)) fail('', 'an object', input);
  const config = object('', input, TOP_KEYS) as ConsentGateConfig & Record<string, unknown>;
  const policy = object('policy', config.policy, ['version', 'updated', 'effective', 'url', 'childrenUrl', 'sdkListUrl', 'changes']);
  const operator = object('operator', config.operator, ['name', 'contact']);
  const cookie = object('cookie', config.cookie, ['name', 'domain', 'acceptDays', 'rejectDays']);
  const minors = object('minors', config.minors, ['youthModeUrl']);
  const cats = categories(config.categories);
  const categoryIds = cats.map(c => c.id);

  if (config.services !== undefined && !Array.isArray(config.services)) fail('services', 'an array', config.services);
  const services = (config.services ?? []).map((entry, index) => service(`services[${index}]`, entry, presets, categoryIds));
  const seen = new Set<string>();
  services.forEach((s, index) => {
    if (seen.has(s.id)) fail(`services[${index}].id`, 'unique', s.id);
    seen.add(s.id);
  });

  let ui: ResolvedConfig['ui'] = { floatingButton: false, theme: {} };
  if (config.ui === false) ui = false;
  else if (config.ui !== undefined) {
    const entry = object('ui', config.ui, ['floatingButton', 'theme']);
    const theme = object('ui.theme', entry.theme);
    for (const key of Object.keys(theme)) {
      if (!/^--cg-[a-z0-9-]+$/.test(key)) fail(`ui.theme.${key}`, 'a CSS custom property named --cg-*', key);
      string(`ui.theme.${key}`, theme[key], /^[^;{}<>]*$/, 'a CSS value without ; { } < >');
    }
    ui = { floatingButton: boolean('ui.floatingButton', entry.floatingButton, false), theme: theme as Record<string, string> };
  }

  let dataLayer: ResolvedConfig['dataLayer'] = false;
  if (config.dataLayer === true) dataLayer = 'dataLayer';
  else if (config.dataLayer !== undefined && config.dataLayer !== false) {
    dataLayer = string('dataLayer', config.dataLayer, /^[A-Za-z_$][\w$]*$/, 'true, false or a global variable name');
  }

  const texts = object('texts', config.texts);
  for (const key of Object.keys(texts)) {
    const value = texts[key];
    if (typeof value === 'string') continue;
    if (!LANGS.includes(key)) fail(`texts.${key}`, 'a string, or a language (zh-CN, zh-TW, en) holding strings', value);
    const strings = object(`texts.${key}`, value);
    for (const name of Object.keys(strings)) string(`texts.${key}.${name}`, strings[name], undefined, 'a string');
  }

  return {
    policy: {
      version: policy.version === undefined
        ? OOOPIC_POLICY.version
        : string('policy.version', policy.version, POLICY_VERSION_PATTERN, 'a version of 1–32 letters, digits, ".", "_" or "-"'),
      updated: date('policy.updated', policy.updated, OOOPIC_POLICY.updated),
      effective: date('policy.effective', policy.effective, OOOPIC_POLICY.effective),
      url: policy.url === undefined ? OOOPIC_POLICY.url : url('policy.url', policy.url),
      childrenUrl: policy.childrenUrl === undefined ? OOOPIC_POLICY.childrenUrl : url('policy.childrenUrl', policy.childrenUrl),
      sdkListUrl: optional(policy.sdkListUrl, v => url('policy.sdkListUrl', v)),
      changes: optional(policy.changes, v => localText('policy.changes', v)),
    },
    operator: {
      name: operator.name === undefined ? OOOPIC_OPERATOR.name : localText('operator.name', operator.name),
      contact: operator.contact === undefined ? OOOPIC_OPERATOR.contact : localText('operator.contact', operator.contact),
    },
    categories: cats,
    services,
    cookie: {
      name: cookie.name === undefined ? COOKIE_DEFAULTS.name : string('cookie.name', cookie.name, COOKIE_NAME_PATTERN, 'a cookie name (letters, digits, no spaces or ;=,)'),
      domain: cookie.domain === undefined || cookie.domain === 'auto'
        ? (cookie.domain as string | undefined)
        : string('cookie.domain', cookie.domain, DOMAIN_PATTERN, "a domain such as '.ooopic.com', or 'auto'"),
      acceptDays: positive('cookie.acceptDays', cookie.acceptDays, COOKIE_DEFAULTS.acceptDays),
      rejectDays: positive('cookie.rejectDays', cookie.rejectDays, COOKIE_DEFAULTS.rejectDays),
    },
    dnt: oneOf('dnt', config.dnt, ['respect', 'strict', 'ignore'] as const, 'respect'),
    minors: { youthModeUrl: optional(minors.youthModeUrl, v => url('minors.youthModeUrl', v)) },
    lang: oneOf('lang', config.lang, ['auto', 'zh-CN', 'zh-TW', 'en'] as const, 'auto'),
    texts,
    ui,
    reloadOnRevoke: boolean('reloadOnRevoke', config.reloadOnRevoke, true),
    receipt: config.receipt === undefined
      ? undefined
      : { url: url('receipt.url', object('receipt', config.receipt, ['url']).url) },
    gcm: boolean('gcm', config.gcm, false),
    dataLayer,
  };
}
