import { documentProperty, ownAccessor } from './document-own.js';

/**
 * The page's cookies, through the browser's own accessor (`document-own.ts`). Markup can take the name on the
 * document: an `<img name="cookie">` or `<form name="cookie">` (user content, say) makes `document.cookie` that
 * element, and writing to it throws, so a refusal was never stored and the old grant stayed. The prototype's accessor
 * is what `document.cookie` is when no markup shadows it (a page that wraps it, to watch cookies, is still obeyed).
 */
export const readJar = () => documentProperty('cookie');

/**
 * The URL whose cookies `document.cookie` reads and writes. A frame with no URL of its own (`srcdoc`, an `about:blank`
 * its parent writes into) has an empty `location.hostname`, but its parent's origin and cookies (HTML: the origin is
 * inherited; its cookie URL is the creator's): its host and scheme are its origin's (`self.origin`). Not its base URL:
 * that is its parent's base (HTML "about base URL"), which a `<base href>` points at another host (a CDN) or scheme,
 * and the record was then written for, and removed on, that host's domains, or written `Secure` from http and dropped
 * (SPEC §4). Its path is then `/` only. An origin that is no URL (opaque, `"null"`: file://, a sandboxed frame; or a
 * page's `var origin = …`, the attribute being [Replaceable]) is resolved against the base URL, the parent's where no
 * `<base href>` moved it (`document.baseURI` read plainly: markup named `baseURI` makes it throw, caught by callers).
 */
export const cookieURL = (): { hostname: string; protocol: string; pathname: string } => (location.hostname ? location : new URL(origin, document.baseURI));

/** One cookie written (or removed) as the browser's `document.cookie = …` would. */
export const writeJar = (cookie: string) => ownAccessor('cookie').set!.call(document, cookie);

export interface CookieAttributes {
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
export function writeCookie(name: string, value: string, { domain, days, secure }: CookieAttributes) {
  // `max-age`, not `expires`: the browser counts it on its own clock, so a page that sets `Date` back or freezes it (a
  // time-mocking library, an A/B tool previewing a date) cannot have the record written already expired and dropped at
  // once. Whole seconds: the browser ignores a max-age with a fraction (RFC 6265 §5.2.2), making a session cookie.
  const age = days === undefined ? '' : `;max-age=${Math.round(days * 86400)}`;
  writeJar(`${name}=${value};path=/${domain ? `;domain=${domain}` : ''}${age};samesite=lax${secure ? ';secure' : ''}`);
}
