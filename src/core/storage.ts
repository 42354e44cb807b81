import { removeEverywhere } from './cookie-places.js';
import { cookieURL, readJar, writeJar } from './jar.js';
import { exec, matches, suffixes } from './natives.js';

/** Where the consent record lives. `cookieStorage()` in browsers, `memoryStorage()` in tests and as a fallback. */
export interface ConsentStorage {
  /** Every stored value of the record (a host-only and a domain cookie may both exist). */
  read(): string[];
  /**
   * Stores the value for `days`; `false` when it did not stick. A storage that can only tell by asking the browser
   * again (a cookie) answers `true` here and has `stuck`. `id`: the record's consent id, which `mine` answers next.
   */
  write(value: string, days: number, id?: string): boolean;
  /** Whether the value last written is what the browser kept: read back later, when the page is idle. */
  stuck?(value: string): boolean;
  /**
   * Whether anything written reads back at all (a cookie written, read and removed): asked where the record in force
   * reads back as none, to tell cookies that stopped reading back (a page's script hiding them) from a reset made
   * elsewhere. A storage without it is taken at its word: none read is none.
   */
  readsBack?(): boolean;
  /**
   * Removes every copy of the record; with `replacing`, all but the one the next `write` overwrites, so that another
   * tab reading in between finds the old record or the new one, never none.
   */
  remove(replacing?: boolean): void;
  /** `false` for memory storage: the choice lasts as long as the page. */
  readonly persistent: boolean;
  /**
   * The consent id of the record this page's origin wrote last (the `id` of `write`): the copy that is the page's own
   * among several read together (SPEC §4). Cookie storages note it in localStorage, which no sibling subdomain can
   * write, as nothing a page can read of a cookie says which domain it sits on.
   */
  mine?(): string | undefined;
  /**
   * The value written in a tab whose cookie writes Safari may keep for a day only (`landing`), while the cookie still
   * holds it and this tab is no such landing's: the value to write again as it is, without the day's cap.
   */
  renewal?(): string | undefined;
}

/** The localStorage key of `mine`, by the cookie's name. */
export const ownKey = (name: string) => `consent-gate:own:${name}`;

/** The localStorage key of the value a landing page wrote (`renewal`), by the cookie's name. */
export const landedKey = (name: string) => `consent-gate:landed:${name}`;

/** The sessionStorage key that marks a tab opened on a landing page (`landing`). */
const LANDED_TAB = 'consent-gate:landed';

/**
 * Whether a cookie this page writes may be kept for a day only: Safari (ITP 2.2, webkit.org/blog/8828) caps a cookie a
 * script writes at 24 hours in a tab navigated to from a site it classifies as a tracker with a query or a fragment in
 * the URL (an ad's click id: `?bd_vid=…`), and goes on capping there until the tab closes, on every later page of the
 * site. Which sites it classifies no page can tell: any such URL reached from another origin, or from nowhere it says,
 * counts, as it was navigated to (the navigation's URL: a page may take `?bd_vid` out of its address at once), and marks
 * its tab in sessionStorage. A page the site linked to (its own referrer) in another tab does not.
 */
export function landing(): boolean {
  try {
    if (sessionStorage.getItem(LANDED_TAB)) return true;
  } catch {
    // No sessionStorage (storage off, a sandboxed frame): only this page itself can be told one.
  }
  try {
    const url = (performance.getEntriesByType('navigation')[0]?.name ?? '') + location.search + location.hash;
    if (!matches(/[?#]./, url) || `${document.referrer}/`.startsWith(`${location.origin}/`)) return false;
    sessionStorage.setItem(LANDED_TAB, '1');
  } catch {
    // Unknown, or not marked: taken for one, which at worst leaves a value noted and not written again.
  }
  return true;
}

/**
 * `renewal` of the cookie storages: the value `landedKey` notes, where the cookie still holds it and this tab is no
 * landing's (asked first, so a landing marks its tab whatever is stored).
 */
export const renewalOf = (name: string, read: () => string[]) => () => {
  try {
    if (landing()) return;
    const value = localStorage.getItem(landedKey(name));
    return value && read().includes(value) ? value : undefined;
  } catch {
    return undefined;
  }
};

/** `mine` of the cookie storages. */
export const mineOf = (name: string) => () => {
  try {
    return localStorage.getItem(ownKey(name)) || undefined;
  } catch {
    // No localStorage (a sandboxed frame, storage off): no copy is known as the page's own.
    return undefined;
  }
};

export function memoryStorage(initial?: string): ConsentStorage {
  let value = initial;
  return {
    read: () => (value === undefined ? [] : [value]),
    write(next) {
      value = next;
      return true;
    },
    remove() {
      value = undefined;
    },
    persistent: false,
  };
}

/** Every value stored under `name`, in `document.cookie` order. */
export function readCookies(name: string): string[] {
  // A garbage host-only cookie must not hide a good domain cookie of the same name: all of them are read here and
  // the record picks the valid one.
  const values: string[] = [];
  // No document: a server render, which has no record.
  const jar = typeof document === 'undefined' ? '' : readJar();
  // Each `name=value` with the browser's own `exec`, not the page's `split` (SPEC §9): one answering nothing read every
  // cookie as none, and a withdrawal read back as none was kept for the page only, its acceptance left stored.
  const pairs = /(?:^|; )([^;=]+)=([^;]*)/g;
  for (let pair; (pair = exec(pairs, jar)); ) {
    if (pair[1] !== name) continue;
    try {
      values[values.length] = decodeURIComponent(pair[2]!);
    } catch {
      values[values.length] = pair[2]!;
    }
  }
  return values;
}

/**
 * The record as the script tag reads it before the writer arrived (`decide.js` and `cookie.js` bring `cookieStorage`).
 * Its one write is the record without its decision (`undecided`, reader.ts), put where the writer puts the record so
 * that it replaces it: on the configured domain, host-only without one, and with `'auto'` on the broadest domain the
 * browser keeps (as `cookieStorage` probes it), tried from the top down. `false` when it did not stick.
 */
export function cookieReader(name: string, domain?: string): ConsentStorage {
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
    write(value, days) {
      const { hostname: host, protocol } = cookieURL();
      const levels = matches(/^[\d.]+$|:/, host) ? [] : suffixes(host);
      for (const at of domain != 'auto' ? [domain] : [...levels, undefined]) {
        // The public suffix (`com`) and any level the browser refuses are refused here too, harmlessly.
        try {
          writeJar(`${name}=${value};path=/;max-age=${Math.round(days * 86400)}${at ? `;domain=${at}` : ''};samesite=lax${protocol == 'https:' ? ';secure' : ''}`);
        } catch {}
        if (read().includes(value)) return true;
      }
      return false;
    },
    // Where the record without its decision did not stick (a page's built-in failing the write): the copies of the
    // record it was to replace go, so that the next page asks rather than apply a withdrawn grant (SPEC §9).
    remove: () => removeEverywhere(name, domain),
    persistent: true,
    mine: mineOf(name),
    renewal: renewalOf(name, read),
  };
}
