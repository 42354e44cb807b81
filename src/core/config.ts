import { COOKIE_DEFAULTS, DEFAULT_CATEGORIES, OOOPIC_OPERATOR, OOOPIC_POLICY } from './defaults.js';
import { COOKIE_DOMAIN_PATTERN, COOKIE_NAME_PATTERN, CROSS_BORDER_ITEMS, ID_PATTERN, LANGS, POLICY_PATTERN } from './lists.js';
import type { Category, ConsentGateConfig, LocalText, Preset, ResolvedConfig, Service } from './types.js';
import { isGoogle } from './google.js';
import { isHttp } from './http-url.js';
import { stringify } from './json.js';

/*
 * Config validation as a small schema of checkers. A checker returns the value it accepts or throws the error
 * SPEC §9 asks for: the exact config path, what it must be, and what it got. A schema costs far fewer bytes
 * than a hand-written check per key, and every visitor downloads it.
 *
 * The page is not trusted (SPEC §9): every object read is read through its own properties, and every object made
 * has no prototype, so a polluted `Object.prototype` (`?__proto__[category]=necessary` through an old query parser
 * or jQuery < 3.4 `$.extend`) changes no value and no default — a missing key reads `undefined`, never an inherited
 * `necessary`, `ignore` or vendor URL.
 */

type Check<T = unknown> = (value: unknown, path: string) => T;
type Loose = Record<string, unknown>;

/** An object without a prototype: nothing it lacks can be inherited. */
export const bare = <T extends object = Record<string, unknown>>(...parts: Array<object | undefined>): T => Object.assign(Object.create(null), ...parts);

/** A property of the page's own, never one it inherits. */
const own = (value: unknown, key: string) =>
  value && Object.prototype.hasOwnProperty.call(value, key) ? (value as Loose)[key] : undefined;

const at = (path: string) => `config${path && path[0] != '[' ? '.' : ''}${path}`;
// A key that is no identifier (a theme's `--cg-bg`, a category id `my-pixel`) in brackets, as code would reach it.
const join = (path: string, key: string) => (/^[a-z_$][\w$]*$/i.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${stringify(key)}]`);

function describe(value: unknown): string {
  if (typeof value === 'string') return stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  return Array.isArray(value) ? 'an array' : value && typeof value === 'object' ? 'an object' : typeof value === 'function' ? 'a function' : String(value);
}

/**
 * The words of a message: what a value must be, the options there are. The script tag's bundle is built without them
 * (rollup.config.ts, `configWords`): its check keeps the verdict, the path and the value, and `config-check.js`, the
 * same check with its words, says a refused config in full. Only a page whose config is wrong loads it (SPEC §9, §10).
 */
const words = (parts: TemplateStringsArray, ...values: unknown[]) => parts.reduce((text, part, i) => text + values[i - 1] + part);
/** Words only an app built from npm can need: `config-check.js` beside the bundle always has the bundle's presets. */
const npmWords = words;

/** Throws `consent-gate: config.<path> must be <expected>, got <value>` (`is not valid` where the words were dropped). */
function fail(path: string, expected: string, value: unknown): never {
  throw new TypeError(`consent-gate: ${at(path)} ${expected ? `must be ${expected}` : 'is not valid'}, got ${describe(value)}`);
}

const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp);

const string = (pattern?: RegExp, expected = words`a non-empty string`): Check<string> => (value, path) =>
  typeof value === 'string' && value.trim() !== '' && (!pattern || pattern.test(value)) ? value : fail(path, expected, value);

const boolean: Check<boolean> = (value, path) => (typeof value === 'boolean' ? value : fail(path, words`true or false`, value));

/** Days a cookie lives: browsers keep one 400 days at most (Chrome), and under a day is no record at all. */
const days: Check<number> = (value, path) =>
  typeof value === 'number' && value >= 1 && value <= 400 ? value : fail(path, words`a number of days from 1 to 400`, value);

const oneOf = (...options: string[]): Check<string> => (value, path) =>
  options.includes(value as string) ? (value as string) : fail(path, words`one of ${options.map(o => `'${o}'`).join(', ')}`, value);

/** http(s) only: a `javascript:` or `data:` link in the banner would run in the host page. */
const url: Check<string> = (value, path) => (isHttp(string()(value, path)) ? (value as string) : fail(path, words`an http(s) URL`, value));

/** A day of the calendar written YYYY-MM-DD: `Date.parse` takes 2024-02-30 for 1 March, and 1970-01-01 for 0. */
const calendarDay = (value: unknown) =>
  // Read back as written, or no such day: only YYYY-MM-DD can, and what Date.parse refuses reads back as 1970-01-01.
  typeof value == 'string' && new Date(Date.parse(value) || 0).toISOString().slice(0, 10) == value;

const date: Check<string> = (value, path) => (calendarDay(value) ? (value as string) : fail(path, words`a date written YYYY-MM-DD`, value));

/** An object with known keys; `undefined` values are left out, so defaults can be put under it. */
const object = (shape: Record<string, Check>): Check<Loose> => (value, path) => {
  if (!isObject(value)) fail(path, words`an object`, value);
  const out: Loose = bare();
  for (const key of Object.keys(value)) {
    const check = own(shape, key) as Check | undefined;
    if (!check) throw new TypeError(`consent-gate: ${at(join(path, key))} is not a known option${words` (known: ${Object.keys(shape).join(', ')})`}`);
    if (value[key] !== undefined) out[key] = check(value[key], join(path, key));
  }
  return out;
};

/** An object whose own keys are data (ids, languages): each key checked, each value checked. */
const entries = (key: Check, check: Check): Check<Loose> => (value, path) => {
  if (!isObject(value)) fail(path, words`an object`, value);
  const out: Loose = bare();
  for (const name of Object.keys(value)) out[key(name, join(path, name)) as string] = check(value[name], join(path, name));
  return out;
};

const localText: Check<LocalText> = (value, path) =>
  typeof value === 'string'
    ? value
    : isObject(value)
      ? (object({ 'zh-CN': string(), 'zh-TW': string(), en: string() })(value, path) as LocalText)
      : fail(path, words`a text, or an object of texts by language ({ "zh-CN": …, en: … })`, value);

const id = (what: string) => string(ID_PATTERN, words`${what} of lower-case letters, digits, "_" or "-"`);
// Every index, holes too (`['a', , 'b']`, a typo of a hand-written config): `map` skips them, unchecked.
const list = <T>(check: Check<T>, expected: string): Check<T[]> => (value, path) =>
  Array.isArray(value) ? Array.from(value, (entry, i) => check(entry, `${path}[${i}]`)) : fail(path, expected, value);

/** Exact names, `^patterns` and RegExps, all as RegExps. */
const patterns = list<RegExp>((value, path) => {
  if (value instanceof RegExp) return value;
  const text = string(undefined, words`a name, a "^pattern" string or a RegExp`)(value, path);
  try {
    return new RegExp(text.startsWith('^') ? text : `^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  } catch {
    return fail(path, words`a valid regular expression`, value);
  }
}, words`an array of names or patterns`);

/** A host name (international names too), or `*.` / `.` and a domain for its subdomains, and a path prefix. */
const host: Check<string> = (value, path) => {
  const expected = words`a host name ("*." and a domain for its subdomains), with a path prefix if needed`;
  // Labels without `*` and none empty: `*baidu.com`, `hm.*.com`, `hm.baidu.com.` matched no URL, and the guard held
  // nothing of that service without a word.
  const name = string(/^(\*?\.)?[^\s/:?#@[\]\\*.]+(\.[^\s/:?#@[\]\\*.]+)*(\/\S*)?$/, expected)(value, path);
  try {
    new URL(`http://${name.replace(/^\*?\./, '')}`);
    return name;
  } catch {
    return fail(path, expected, value);
  }
};

/**
 * Theme values are colours and lengths (and a font list for `--cg-font`), never a function that fetches: a
 * `url(https://…)` in a custom property would be a third-party request on first paint (SPEC §9).
 */
const themeValue = string(
  /^(#[\da-f]{3,8}|[a-z]+|(rgba?|hsla?|hwb|(ok)?l(ab|ch))\([\d\s.,%/+-]*(deg[\d\s.,%/+-]*)?\)|-?[\d.]+(px|r?em|%|v(h|w|min|max)|ch)?|[\w\s,"'-]+)$/i,
  words`a colour, a length or a font list (no url() or other function)`,
);

const CATEGORY = object({ label: localText, description: localText, tracking: boolean, minors: boolean });

const SCHEMA = object({
  policy: object({
    version: string(POLICY_PATTERN, words`a version of 1–32 letters, digits, ".", "_" or "-"`),
    updated: date,
    effective: date,
    url,
    childrenUrl: url,
    sdkListUrl: url,
    changes: localText,
  }),
  operator: object({ name: localText, contact: localText }),
  categories: entries(id(words`an id`), CATEGORY),
  // Each entry is checked by `service` in `checkConfig`; a hole is one, undefined (`list`).
  services: list(value => value, words`an array`),
  cookie: object({
    name: string(COOKIE_NAME_PATTERN, words`a cookie name (letters, digits, no spaces or ;=,)`),
    domain: (value, path) => (value === 'auto' ? value : string(COOKIE_DOMAIN_PATTERN, words`a domain such as '.ooopic.com', or 'auto'`)(value, path)),
    acceptDays: days,
    rejectDays: days,
  }),
  dnt: oneOf('respect', 'strict', 'ignore'),
  minors: object({ youthModeUrl: url }),
  lang: oneOf('auto', ...LANGS),
  // Either `texts.<key>` for every language or `texts['zh-CN'].<key>` for one.
  texts: entries(string(), (value, path) =>
    typeof value === 'string' || (LANGS.some(lang => path == join('texts', lang)) && isObject(value))
      ? (isObject(value) ? entries(string(), string(undefined, words`a string`))(value, path) : value)
      : fail(path, words`a string, or a language (zh-CN, zh-TW, en) holding strings`, value)),
  ui: (value, path) =>
    value === false
      ? value
      : object({
          floatingButton: boolean,
          theme: entries(string(/^--cg-(accent|on-accent|bg|fg|muted|line|radius|font)$/, words`one of --cg-accent, --cg-on-accent, --cg-bg, --cg-fg, --cg-muted, --cg-line, --cg-radius, --cg-font`), themeValue),
        })(value, path),
  reloadOnRevoke: boolean,
  receipt: (value, path) => {
    const receipt = object({ url })(value, path);
    return receipt.url ? receipt : fail(join(path, 'url'), words`an http(s) URL`, undefined);
  },
  gcm: boolean,
  guard: boolean,
  dataLayer: (value, path) =>
    typeof value === 'boolean' ? value : string(/^[a-z_$][\w$]*$/i, words`true, false or a global variable name`)(value, path),
});

const CROSS_BORDER = (value: unknown, path: string) => {
  // Its keys are the items of CROSS_BORDER_ITEMS, each a text, and `minors`.
  const shape: Record<string, Check> = bare();
  for (const key of CROSS_BORDER_ITEMS) shape[key] = localText;
  shape.minors = boolean;
  const given = object(shape)(value, path);
  // PIPL Art. 39, and the policy's promise for any transfer: the visitor is told every one of these before a separate consent.
  for (const key of CROSS_BORDER_ITEMS) {
    if (given[key] === undefined) fail(join(path, key), words`set: ${key == 'safeguards' || key == 'risks' ? 'the privacy policy promises' : 'PIPL Art. 39 requires'} it to be told`, undefined);
  }
  return given;
};

const SERVICE_KEYS: Record<string, Check> = bare({
  id: id(words`an id`),
  preset: string(),
  category: string(),
  name: localText,
  provider: localText,
  purpose: localText,
  data: localText,
  policyUrl: url,
  cookies: patterns,
  storage: patterns,
  hosts: list(host, words`an array of host names`),
  src: url,
  contact: localText,
  retention: localText,
  crossBorder: CROSS_BORDER,
});

/** Edit distance, for "did you mean": a misspelt preset id lists the known ones closest first. */
function distance(a: string, b: string): number {
  let row = [...Array(b.length + 1).keys()];
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** The message for an id that is no preset: the known ones, closest first, or how to make them known. */
function unknownPreset(path: string, name: unknown, presets: Record<string, Preset>): never {
  const known = () => Object.keys(presets).sort((a, b) => distance(String(name), a) - distance(String(name), b));
  throw new TypeError(
    `consent-gate: ${at(path)} ${describe(name)} is not a known preset` +
      words`${known().length
        ? ` (closest first: ${known().join(', ')})`
        : npmWords` (none are bundled here: from npm, import the presets you use from consent-gate/presets and pass them, e.g. createConsentGate(config, { presets: [baiduTongji] }))`}; a service of your own needs an id and a category`,
  );
}

function service(input: unknown, path: string, presets: Record<string, Preset>, categoryIds: string[]): Service {
  const known = (name: unknown) => typeof name === 'string' && Object.prototype.hasOwnProperty.call(presets, name);
  if (typeof input === 'string' && !known(input)) unknownPreset(path, input, presets);
  const entry: Loose = typeof input === 'string' ? bare({ id: input }) : isObject(input) ? bare(input) : fail(path, words`a preset id or an object`, input);
  // Keys the service schema does not know are options of its preset (e.g. `siteId` of baidu-tongji).
  const options: Loose = bare();
  for (const key of Object.keys(entry)) {
    const check = own(SERVICE_KEYS, key) as Check | undefined;
    if (check) entry[key] = check(entry[key], join(path, key));
    else options[key] = entry[key];
  }
  const serviceId = SERVICE_KEYS.id!(entry.id, join(path, 'id')) as string;
  const presetId = entry.preset ?? (known(serviceId) ? serviceId : undefined);
  const custom = presetId === undefined;
  // A misspelt key is no option: `crossborder` dropped the transfer's separate consent, `host` the guard's hosts,
  // `catgory` made a service of one's own an unknown preset. A key a letter or two from a known one is taken for a
  // typo of it even on a preset that reads options.
  for (const key of Object.keys(options)) {
    const meant = Object.keys(SERVICE_KEYS).find(name => distance(key.toLowerCase(), name.toLowerCase()) <= (name.length > 4 ? 2 : 1));
    if (meant) fail(join(path, key), words`spelt ${meant}`, options[key]);
  }
  // A misspelt preset id with no category of its own is the preset that was meant, not a custom service: said before
  // its options are (`{ id: 'baidu_tongji', siteId }` blamed `siteId`).
  if (custom && entry.category === undefined) unknownPreset(join(path, 'id'), serviceId, presets);
  if (!custom && !known(presetId)) unknownPreset(join(path, 'preset'), presetId, presets);
  const preset: Loose = bare(presetId ? presets[presetId as string] : undefined);
  // Only a preset's `src` and `loader` read options (or an app's code, where its preset lists them as `required`): a
  // service of one's own has none, nor has a preset with none of these
  // (`{ id: 'weibo-share', appKey }` took the appKey nowhere). One whose URL is built from one option takes that one
  // only: a misspelt `siteid` left it without a URL, and nothing loaded, without a word.
  const option = (preset.src as Preset['src'])?.option;
  for (const key of Object.keys(options)) {
    if (option ? key !== option : !preset.src && !preset.loader && !preset.required) {
      fail(join(path, key), option ? words`the ${presetId} preset's option ${option}` : words`one of the service keys (${Object.keys(SERVICE_KEYS).join(', ')})`, options[key]);
    }
  }
  for (const key of (preset.required as string[] | undefined) ?? []) {
    if (options[key] === undefined || options[key] === '') fail(join(path, key), words`set for the ${presetId} preset`, options[key]);
  }
  // The vendor's URL or its whole snippet pasted where the id goes (`"siteId": "https://hm.baidu.com/hm.js?…"`) built a
  // URL that loads nothing, and the statistics stopped without a word.
  // Text or a number, which the URL takes encoded: a lone surrogate (a JSON escape cut in half) threw a URIError.
  const given = option && options[option];
  if (given != null && !(/^(string|number)$/.test(typeof given) && !/[\s/?<>\ud800-\udfff]/.test(given as string))) {
    fail(join(path, option!), words`the id alone, not a URL or a snippet`, given);
  }
  const category = entry.category ?? preset.category;
  if (!categoryIds.includes(category as string)) fail(join(path, 'category'), words`one of ${categoryIds.join(', ')}`, category);
  // A transfer abroad needs its own separate consent (PIPL Art. 39): never a necessary service, granted to everyone.
  if (category == 'necessary' && (entry.crossBorder ?? preset.crossBorder)) {
    fail(join(path, 'category'), words`not necessary for a cross-border service (PIPL Art. 39: a separate consent)`, category);
  }
  const src = preset.src as Preset['src'];
  const hosts = (entry.hosts as string[]) ?? (preset.hosts as string[]) ?? [];
  const url = (entry.src as string) ?? src?.(options);
  const crossBorder = (entry.crossBorder ?? preset.crossBorder) as Service['crossBorder'];
  // A Google tag sends what it collects out of China: without `crossBorder` "accept all" would grant the transfer
  // with its category, where it needs its own 单独同意 (PIPL Art. 39).
  if (!crossBorder && isGoogle({ hosts, src: url })) fail(join(path, 'crossBorder'), words`set for a Google tag, which sends data abroad (PIPL Art. 39)`, crossBorder);
  return bare({
    name: serviceId,
    provider: '',
    purpose: '',
    data: '',
    ...(preset as Partial<Service>),
    ...(entry as Partial<Service>),
    id: serviceId,
    preset: presetId as string | undefined,
    category: category as string,
    cookies: [...patterns(preset.cookies ?? [], ''), ...((entry.cookies as RegExp[]) ?? [])],
    storage: [...patterns(preset.storage ?? [], ''), ...((entry.storage as RegExp[]) ?? [])],
    hosts,
    src: url,
    loader: preset.loader as Service['loader'],
    crossBorder,
    options,
  }) as Service;
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
 * value (SPEC §9); never returns a half-valid config. Every object of the result has no prototype.
 */
export function normalizeConfig(input?: unknown, presets?: Record<string, Preset>): ResolvedConfig {
  const { config, categories, services } = checkConfig(input, presets);
  const { ui, dataLayer } = config;
  // Bare where the page gave none: `{}` read a polluted Object.prototype's `version` or `updated` (SPEC §9).
  const policy = bare(config.policy) as Partial<ResolvedConfig['policy']>;
  // A version of the page's own without its dates showed the built-in policy's in the updated banner (SPEC §2: the
  // new version's): a version written as a date is its date, `effective` is `updated` unless said, else none is known.
  const version = policy.version ?? OOOPIC_POLICY.version;
  const updated = policy.updated ?? (version == OOOPIC_POLICY.version ? OOOPIC_POLICY.updated : calendarDay(version) ? version : '');
  // Frozen: the controller hands this out as `config`, and a page writing `category.minors = true` or a
  // service's category would otherwise rewrite the rules.
  return deepFreeze(
    bare<ResolvedConfig>({
      policy: bare<ResolvedConfig['policy']>(OOOPIC_POLICY, policy, { updated, effective: policy.effective ?? updated }),
      operator: bare<ResolvedConfig['operator']>(OOOPIC_OPERATOR, config.operator),
      categories,
      services,
      cookie: bare<ResolvedConfig['cookie']>(COOKIE_DEFAULTS, config.cookie),
      dnt: config.dnt ?? 'respect',
      minors: bare(config.minors),
      lang: config.lang ?? 'auto',
      texts: bare(config.texts),
      ui: ui === false ? false : bare<Exclude<ResolvedConfig['ui'], false>>({ floatingButton: false, theme: bare() }, ui),
      reloadOnRevoke: config.reloadOnRevoke ?? true,
      receipt: config.receipt,
      // Without Consent Mode signals Google treats its ad signals as granted, so any configured Google tag (Google
      // Analytics, a Tag Manager container, an ads tag) turns them on unless the site says otherwise.
      gcm: config.gcm ?? services.some(isGoogle),
      dataLayer: dataLayer === true ? 'dataLayer' : dataLayer || false,
      guard: config.guard,
    }),
  );
}

/** The config's checks, each throwing the `TypeError` of SPEC §9, and the categories and services they resolve. */
export function checkConfig(input: unknown = {}, presets: Record<string, Preset> = {}) {
  const config = SCHEMA(input, '') as ConsentGateConfig;
  const defined = bare(DEFAULT_CATEGORIES, config.categories);
  const categories: Category[] = Object.keys(defined).map(categoryId => {
    const entry = bare(own(DEFAULT_CATEGORIES, categoryId) as Loose, own(defined, categoryId) as Loose);
    if (categoryId === 'necessary' && entry.tracking) fail('categories.necessary.tracking', words`false: necessary cookies are never tracking`, entry.tracking);
    if (categoryId === 'necessary' && entry.minors === false) {
      fail('categories.necessary.minors', words`true: necessary cookies serve minors too`, entry.minors);
    }
    // 未成年人网络保护条例 Art. 24: no automated-decision marketing to minors, whatever the site says.
    if ((categoryId === 'personalization' || categoryId === 'pixel') && entry.minors === true) {
      fail(`categories.${categoryId}.minors`, words`false: automated-decision marketing to minors is forbidden (未成年人网络保护条例 Art. 24)`, true);
    }
    // Minors' rules fail closed (SPEC §5.3): a tracking category a site adds is off for minors unless it says so.
    const minors = entry.minors ?? !entry.tracking;
    return bare<Category>({ label: '', description: '', tracking: false }, entry, { minors, id: categoryId, readOnly: categoryId === 'necessary' });
  });
  const categoryIds = categories.map(c => c.id);
  const services = ((config.services as unknown[] | undefined) ?? []).map((entry, i) => service(entry, `services[${i}]`, presets, categoryIds));
  services.forEach((s, i) => {
    if (services.findIndex(other => other.id === s.id) < i) fail(`services[${i}].id`, words`unique`, s.id);
  });
  // The cookie lists categories and services by id: the categories chosen, effective or excepted from DNT (`c`, `e`,
  // `x`, 400 characters each) and every service chosen (`s`, a refusal marked `!id`, 600 characters; record.ts). Ids
  // that could overflow any, and no record could be read back: the banner would come back on every page (SPEC §4).
  // Services keep format 2's 400 characters too (its `eo` listed them again), which format 3 no longer needs.
  for (const [key, list] of [['categories', categories], ['services', services]] as const) {
    const length = list.reduce((sum, each) => sum + each.id.length + 1, -1);
    if (length > 400 || length + list.length > 600) {
      fail(key, words`ids that fit the consent cookie (400 characters, one between ids: shorter ids or fewer ${key}; these take ${length})`, `${list.length} ${key}`);
    }
  }
  return { config, categories, services };
}
