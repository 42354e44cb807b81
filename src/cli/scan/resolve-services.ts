import type { ServiceSpec } from './service-catalogue.js';
import { isPublicSuffix } from './site-of.js';

/** A config error naming the exact path and the value found, like the SDK's own (SPEC §9). */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DOMAIN = /^(\*\.|\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/i;
/** A host rule as the SDK's config takes it: a domain, with a path prefix where two services share a host. */
const HOST = /^(\*\.|\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(\/[^\s?#]*)?$/i;
const ID = /^[a-z0-9_-]{1,64}$/;

const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value));
const fail = (path: string, expected: string, value: unknown): never => {
  throw new ConfigError(`${path} must be ${expected}, got ${show(value)}`);
};
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const own = (object: Record<string, unknown>, key: string) =>
  Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;

/** A list of names: `what` is singular ("a host name"), `like` an example shown in the message. */
/** A name, or a `^pattern` that compiles: a broken one in QA's own `--config` would silently match nothing. */
const NAME_OR_PATTERN = {
  test(entry: string) {
    try {
      return !entry.startsWith('^') || !!new RegExp(entry);
    } catch {
      return false;
    }
  },
};

function strings(value: unknown, path: string, check: { test(entry: string): boolean } | undefined, what: string, like: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(path, `an array of ${what.replace(/^an? /, '')}s like ${like}`, value);
  return value.map((entry, i) =>
    typeof entry === 'string' && entry !== '' && (!check || check.test(entry)) ? entry : fail(`${path}[${i}]`, `${what} like ${like}`, entry),
  );
}

function hostOfUrl(src: unknown): string[] {
  try {
    return typeof src === 'string' ? [new URL(src).hostname] : [];
  } catch {
    return [];
  }
}

/**
 * One service entry of a config, as the SDK reads it (src/core/config.ts): a preset id, or an object whose `hosts`
 * replace the preset's and whose `cookies` / `storage` add to them; keys the scan does not use (names, preset
 * options such as `siteId`) are left alone, so a site can pass its own consent config as `--config`. A custom
 * service without `hosts` is known by the host of its `src`.
 */
export function resolveService(input: unknown, path: string, presets: Record<string, ServiceSpec>): ServiceSpec {
  const preset = (id: unknown) =>
    typeof id === 'string' && Object.prototype.hasOwnProperty.call(presets, id) ? presets[id] : undefined;
  const presetList = `a preset id (${Object.keys(presets).join(', ')})`;
  if (typeof input === 'string') return preset(input) ?? fail(path, presetList, input);
  if (!isObject(input)) return fail(path, `${presetList} or an object { id, category, hosts, cookies, storage }`, input);
  const id = own(input, 'id');
  if (typeof id !== 'string' || !ID.test(id)) fail(`${path}.id`, 'an id of lower-case letters, digits, "_" or "-"', id);
  const presetId = own(input, 'preset');
  if (presetId !== undefined && !preset(presetId)) fail(`${path}.preset`, presetList, presetId);
  const base = preset(presetId ?? id);
  const category = own(input, 'category') ?? base?.category;
  if (typeof category !== 'string' || !ID.test(category)) {
    fail(`${path}.category`, 'a category id such as "necessary" or "analytics"', category);
  }
  const hosts = own(input, 'hosts');
  return {
    id: id as string,
    category: category as string,
    hosts:
      hosts !== undefined
        ? strings(hosts, `${path}.hosts`, HOST, 'a host name', '"static.example.com", "*.example.com", ".example.com" or "example.com/path/"')
        : base?.hosts ?? hostOfUrl(own(input, 'src')),
    cookies: [...(base?.cookies ?? []), ...strings(own(input, 'cookies'), `${path}.cookies`, NAME_OR_PATTERN, 'a cookie name', '"_ga" or a pattern "^Hm_" that compiles')],
    storage: [...(base?.storage ?? []), ...strings(own(input, 'storage'), `${path}.storage`, NAME_OR_PATTERN, 'a storage key', '"meiqia_visit" or a pattern "^Hm_" that compiles')],
  };
}

/** A config's `services`; `lenient` (a page's own config, which the SDK validates, not the scan) skips bad entries. */
export function resolveServices(
  input: unknown,
  path: string,
  presets: Record<string, ServiceSpec>,
  lenient = false,
): { services: ServiceSpec[]; problems: string[] } {
  if (input === undefined) return { services: [], problems: [] };
  if (!Array.isArray(input)) {
    if (lenient) return { services: [], problems: [`${path} is not an array`] };
    return fail(path, 'an array of preset ids or service objects', input);
  }
  const services: ServiceSpec[] = [];
  const problems: string[] = [];
  input.forEach((entry, i) => {
    try {
      services.push(resolveService(entry, `${path}[${i}]`, presets));
    } catch (error) {
      if (!lenient || !(error instanceof ConfigError)) throw error;
      problems.push(error.message);
    }
  });
  return { services, problems };
}

/** What the scan takes from a config: the cookie domain that declares the site, the consent cookie, receipts, services. */
export interface ScanConfig {
  cookieDomain?: string;
  cookieName?: string;
  receiptUrl?: string;
  services: ServiceSpec[];
}

/**
 * `--config`: `{ cookie: { domain, name }, receipt: { url }, services: [...] }`, the SDK's own config shape, so the site's config
 * file works as is (other keys are ignored). `cookie.domain: 'auto'` says nothing about the site and is ignored.
 */
export function parseScanConfig(input: unknown, presets: Record<string, ServiceSpec>): ScanConfig {
  if (!isObject(input)) return fail('the file', 'a JSON object { cookie: { domain }, services: [...] }', input);
  const found = own(input, 'cookie');
  const cookie = found === undefined ? {} : isObject(found) ? found : fail('cookie', 'an object { domain, name }', found);
  const domain = own(cookie, 'domain');
  if (domain !== undefined && domain !== 'auto' && (typeof domain !== 'string' || !DOMAIN.test(domain) || domain.startsWith('*'))) {
    fail('cookie.domain', 'a domain like ".ooopic.com"', domain);
  }
  if (typeof domain === 'string' && domain !== 'auto' && isPublicSuffix(domain)) {
    fail('cookie.domain', 'the site\'s own domain like ".ooopic.com", not a public suffix every site shares', domain);
  }
  const name = own(cookie, 'name');
  if (name !== undefined && (typeof name !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/.test(name))) {
    fail('cookie.name', 'a cookie name', name);
  }
  const receipt = own(input, 'receipt');
  const receiptUrl = isObject(receipt) ? own(receipt, 'url') : undefined;
  if (receiptUrl !== undefined && (typeof receiptUrl !== 'string' || !/^https?:\/\//i.test(receiptUrl))) fail('receipt.url', 'an http(s) URL', receiptUrl);
  return {
    ...(typeof domain === 'string' && domain !== 'auto' ? { cookieDomain: domain } : {}),
    ...(typeof name === 'string' ? { cookieName: name } : {}),
    ...(typeof receiptUrl === 'string' ? { receiptUrl } : {}),
    services: resolveServices(own(input, 'services'), 'services', presets).services,
  };
}
