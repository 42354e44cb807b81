import { removeEverywhere } from './cookie-places.js';
import { cookieReplaced, cookieURL, writeJar } from './jar.js';
import { COOKIE_DOMAIN_PATTERN, COOKIE_NAME_PATTERN } from './lists.js';
import { matches, suffixes } from './natives.js';
import { landedKey, landing, memoryStorage, mineOf, ownKey, readCookies, renewalOf, type ConsentStorage } from './storage.js';
import { stringify } from './json.js';

interface CookieAttributes {
  domain?: string;
  /** Days until it expires; none: a session cookie. */
  days?: number;
  secure?: boolean;
}

/**
 * Writes `name=value` with `path=/` and `SameSite=Lax` (SPEC §4). The attributes are read from the object given,
 * own properties only: a `for … in` over them would also see what a page adds to `Object.prototype` (legacy code's
 * `Object.prototype.extend`) and write it as an attribute. `value` is written as it is: the record is URL-safe by
 * construction (`record.ts`).
 */
function writeCookie(name: string, value: string, { domain, days, secure }: CookieAttributes) {
  // `max-age`, not `expires`: the browser counts it on its own clock, so a page that sets `Date` back or freezes it (a
  // time-mocking library, an A/B tool previewing a date) cannot have the record written already expired and dropped at
  // once. Whole seconds: the browser ignores a max-age with a fraction (RFC 6265 §5.2.2), making a session cookie.
  const age = days === undefined ? '' : `;max-age=${Math.round(days * 86400)}`;
  writeJar(`${name}=${value};path=/${domain ? `;domain=${domain}` : ''}${age};samesite=lax${secure ? ';secure' : ''}`);
}

/**
 * The broadest domain this browser lets the page set a cookie on, found by probing from the top down: the
 * browser refuses public suffixes (`com.cn`, `github.io`), so no suffix list is needed. `undefined` on a
 * single-label host or an IP address, where only a host-only cookie works.
 */
export function probeCookieDomain(hostname: string): string | undefined {
  if (!hostname.includes('.') || matches(/^[\d.]+$/, hostname) || hostname.includes(':')) return undefined;
  const levels = suffixes(hostname);
  const probe = `cg_probe_${Math.random().toString(36).slice(2, 8)}`;
  for (let i = 1; i < levels.length; i++) {
    const domain = `.${levels[i]}`;
    writeCookie(probe, '1', { domain });
    const stuck = readCookies(probe).length > 0;
    writeJar(`${probe}=;max-age=0;path=/;domain=${domain}`);
    if (stuck) return domain;
  }
  return undefined;
}

export interface CookieStorageOptions {
  name: string;
  /** A domain such as `.ooopic.com`, `'auto'` to probe, or nothing for a host-only cookie. */
  domain?: string;
}

/**
 * The record as a first-party cookie: `path=/`, `SameSite=Lax`, `Secure` on https (SPEC §4). Nothing is written
 * until the first decision: every cookie access waits on the browser's cookie store, and a page view that only
 * reads the choice should not pay for probes (`'auto'` is resolved at the first write).
 */
export function cookieStorage(options: CookieStorageOptions = {} as CookieStorageOptions): ConsentStorage {
  // Checked as the config's `cookie` is (SPEC §9): a name left out wrote a cookie named "undefined", and a domain no
  // browser takes was refused at each write, said as cookies being off.
  const { name, domain } = options;
  const refuse = (option: string, expected: string, value: unknown) => {
    throw new TypeError(`consent-gate: cookieStorage(): ${option} must be ${expected}, got ${typeof value == 'string' ? stringify(value) : String(value)}`);
  };
  if (typeof name != 'string' || !matches(COOKIE_NAME_PATTERN, name)) refuse('name', 'a cookie name (letters, digits, no spaces or ;=,)', name);
  if (domain !== undefined && domain !== 'auto' && !(typeof domain == 'string' && matches(COOKIE_DOMAIN_PATTERN, domain))) refuse('domain', "a domain such as '.ooopic.com', 'auto' or nothing (a host-only cookie)", domain);
  return cookieJar(options);
}

/** `cookieStorage` of options the config's check has taken already (`browserStorage`). */
function cookieJar({ name, domain }: CookieStorageOptions): ConsentStorage {
  /** Notes `id` as the record this origin wrote (`ConsentStorage.mine`); none: forgets it. */
  const own = (id?: string) => {
    try {
      id ? localStorage.setItem(ownKey(name), id) : localStorage.removeItem(ownKey(name));
    } catch {}
  };
  /**
   * Notes `value` where this tab is a landing's (`ConsentStorage.renewal`): a page in another tab writes it again.
   * Elsewhere, or with none, forgets the note.
   */
  const landed = (value?: string) => {
    try {
      value && landing() ? localStorage.setItem(landedKey(name), value) : localStorage.removeItem(landedKey(name));
    } catch {}
  };
  let attributes: { domain?: string; secure: boolean } | undefined;
  const where = () => (attributes ??= { domain: domain === 'auto' ? probeCookieDomain(cookieURL().hostname) : domain, secure: cookieURL().protocol === 'https:' });
  /** A probe cookie of the record's attributes, written, read and removed (`ConsentStorage.readsBack`). */
  const readsBack = () => {
    try {
      const probe = `${name}_probe`;
      writeCookie(probe, '1', { ...where(), days: 1 });
      const works = readCookies(probe).length > 0;
      writeCookie(probe, '', { ...where(), days: -1 });
      return works;
    } catch {
      return false;
    }
  };
  const read = () => {
    try {
      return readCookies(name);
    } catch {
      // document.cookie throws in a sandboxed iframe without allow-same-origin: no record.
      return [];
    }
  };
  return {
    read,
    write(value, days, id) {
      try {
        writeCookie(name, value, { ...where(), days });
      } catch {
        return false;
      }
      // A write without one (a storage of the app's own wrapping this one) leaves the note as it was.
      if (id) own(id);
      // Safari may keep what a landing's tab writes for a day (`landing`): a page in another tab writes it again.
      landed(value);
      return true;
    },
    // The read-back waits on the browser's cookie store (3–4 ms at 4× CPU after a write): not inside the click.
    stuck(value) {
      try {
        // Another tab or a sibling subdomain may have written the name since (its record then reaches this page by
        // tab sync or the next read): whether a cookie sticks at all is asked with a probe of the same attributes,
        // so that a write that raced another is not taken for cookies being off (and the next decision kept in
        // memory only).
        return readCookies(name).includes(value) || readsBack();
      } catch {
        return false;
      }
    },
    readsBack,
    remove(replacing) {
      try {
        // Every domain level and path the name could sit on, partitioned copies included: a copy tossed onto the
        // parent domain, set on a sub-path or as a partitioned cookie by a sibling subdomain would otherwise outlive a
        // reset or a refusal (SPEC §4). Before a write (`replacing`), the copy it overwrites stays: removed first,
        // another tab or subdomain reading in between found no record, took it for a reset, showed its banner and
        // withdrew what ran.
        removeEverywhere(name, domain, replacing ? { domain: where().domain?.replace(/^\./, '') } : undefined);
      } catch {
        // Nothing to remove where cookies cannot be touched.
      }
      // A reset: the consent id it ends is kept nowhere.
      if (!replacing) own(), landed();
    },
    persistent: true,
    mine: mineOf(name),
    renewal: renewalOf(name, read),
  };
}

/**
 * Cookie storage unless the browser says cookies are off, then memory (SPEC §4: `state.persisted === false`).
 * A cookie that silently does not stick is caught when it is read back after a write (`stuck`), where the controller
 * falls back to memory.
 */
export function browserStorage(options: CookieStorageOptions, warn: (message: string) => void): ConsentStorage {
  if (typeof navigator === 'undefined' || navigator.cookieEnabled !== false) return cookieJar(options);
  warn('consent-gate: cookies are unavailable; choices apply to this page only');
  return memoryStorage();
}

/**
 * What the console says where the browser did not keep the record (SPEC §4: choices apply to this page only). The
 * usual cause on a test host is a cookie domain that does not cover it (the browser drops such a cookie without an
 * error): said so, not "cookies are unavailable", which sends the developer to the browser's settings.
 */
export function unstoredWarning({ domain, name }: CookieStorageOptions): string {
  // The cookies' host (a srcdoc frame's `location.hostname` is empty: jar.ts); found as the cookie was written.
  const host = cookieURL().hostname;
  const covers = !domain || domain == 'auto' || `.${host}`.endsWith(domain.startsWith('.') ? domain : `.${domain}`);
  return !covers
    ? `consent-gate: the consent cookie was not stored: cookie.domain "${domain}" does not cover ${host} (use "auto" on a test host); choices apply to this page only`
    : // A page's own accessor that hides cookies (another tool's cookie blocker; the script tag keeps the one it found
      // as it started, jar.ts): the page's to mend, not the browser's settings.
      cookieReplaced()
      ? `consent-gate: document.cookie, replaced by a script of the page, does not show the consent cookie ${name}; choices apply to this page only`
      : 'consent-gate: cookies are unavailable; choices apply to this page only';
}
