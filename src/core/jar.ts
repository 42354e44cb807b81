import { ownAccessor } from './document-own.js';
import { matches } from './natives.js';

/** The accessor of `document.cookie` kept by `pinCookie()`. */
let pinned: PropertyDescriptor | undefined;

/**
 * Keeps the accessor of `document.cookie` as it is now, for every later read and write. The script tag calls it first
 * thing in `<head>`: a script of the page that takes the accessor over on `Document.prototype` afterwards (another
 * consent tool's cookie blocker left on a template, which lets through only the cookies it knows) then neither hides
 * the record nor drops the choice, and the banner does not come back on every page (SPEC §4, §9). A wrapper installed
 * before the SDK (a scanner watching cookies, the demo's "cookies off") is the one kept, and obeyed.
 */
export const pinCookie = () => {
  pinned = ownAccessor('cookie');
};

/**
 * The page's cookies, through the browser's own accessor (`document-own.ts`). Markup can take the name on the
 * document: an `<img name="cookie">` or `<form name="cookie">` (user content, say) makes `document.cookie` that
 * element, and writing to it throws, so a refusal was never stored and the old grant stayed. The prototype's accessor
 * is what `document.cookie` is when no markup shadows it (a page that wraps it, to watch cookies, is still obeyed, unless
 * it did so after the script tag started: `pinCookie()`).
 */
export const readJar = () => (pinned || ownAccessor('cookie')).get!.call(document) as string;

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
export const writeJar = (cookie: string) => (pinned || ownAccessor('cookie')).set!.call(document, cookie);

/** Whether `document.cookie` is a script's of the page, not the browser's: its getter is no native function. */
export const cookieReplaced = () => {
  try {
    return !matches(/\[native code]/, Function.prototype.toString.call((pinned || ownAccessor('cookie')).get));
  } catch {
    return false;
  }
};
