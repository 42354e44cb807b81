import { exec, uncurry } from './natives.js';

/**
 * A property of the document as the browser defines it. Markup named after a document property (`<img
 * name="readyState">`, `<form name="baseURI">`, `<img name="cookie">` in user content) stands for it on `document`
 * (HTML's named properties override the built-ins there), and the page is not trusted (SPEC §9): the prototype's
 * accessor reads (and writes) the real one.
 */
type Own = 'readyState' | 'visibilityState' | 'activeElement' | 'baseURI' | 'currentScript' | 'body' | 'head' | 'cookie' | 'documentElement';

/** The browser's own accessor of a document property. */
export const ownAccessor = (name: Own) => Object.getOwnPropertyDescriptor(name == 'baseURI' ? Node.prototype : Document.prototype, name)!;

export const documentProperty = <T extends Own>(name: T): Document[T] => ownAccessor(name).get!.call(document);

/**
 * Where the SDK inserts its files and tags: the document's `<head>`, or its root element where a page took the head out.
 * Two `<img name="head">` in user content (comment avatars) made `document.head` a collection, and none of the SDK's
 * files ever loaded: no choice could be made.
 */
export const headOf = (): Element => documentProperty('head') ?? documentProperty('documentElement');

/** `document.createElement`, the document's own: markup named `createElement` (user content) takes the name. */
export const createOwn = <K extends keyof HTMLElementTagNameMap>(tag: K) => Document.prototype.createElement.call(document, tag) as HTMLElementTagNameMap[K];

/** `document.querySelectorAll`, the document's own: markup named `querySelectorAll` (user content) takes the name. */
export const queryDocument = <E extends Element = Element>(selector: string) => Document.prototype.querySelectorAll.call(document, selector) as NodeListOf<E>;

/** What listens again on a replaced document, and the one observer that tells them (`onReplaced`). */
const replaced = new Set<() => void>();
let watching: MutationObserver | undefined;

/** The way to stop `again`, made in a scope of its own (see `watch`). */
const forget = (again: () => void) => () => void replaced.delete(again);

/**
 * The observer of the document node. Its callback lives as long as the page: a closure that shared a scope with a
 * caller's `again` kept that caller (the first controller, with all it holds) alive after its `destroy()`.
 */
function watch() {
  let root = documentProperty('documentElement');
  const observer = new MutationObserver(() => {
    if (root == (root = documentProperty('documentElement'))) return;
    // One part failing stops neither the others nor reaches the page.
    replaced.forEach(each => {
      try {
        each();
      } catch {}
    });
  });
  observer.observe(document, { childList: true });
  return observer;
}

/**
 * Calls `again` each time `document.open()` replaced the document (a `document.write()` after load does so too): the
 * browser then drops every listener of the document and of the window, and every node, so that what the SDK listens
 * for (a share link's click, a withdrawal on a sibling subdomain) would reach it no more (SPEC §9). An observer of the
 * document node itself outlives it: one for every part of the SDK, made when the first asks. Returns the way to stop.
 */
export function onReplaced(again: () => void): () => void {
  try {
    watching ??= watch();
    replaced.add(again);
  } catch {
    // A page whose MutationObserver throws keeps the SDK, without this.
  }
  return forget(again);
}

/** `Reflect.apply` as the bundle found it (`guarded`). */
const apply = Reflect.apply;

/**
 * `fn` as a listener that throws nothing into the page (SPEC §9): what fails in it (a built-in the page replaced after
 * the SDK started: `composedPath`, `JSON.stringify`, a getter) is said in the console instead; with `once`, the first
 * time only (a listener run at each insertion into the page).
 */
export const guarded = <A extends unknown[]>(fn: (...args: A) => unknown, failed?: (...args: A) => void, once?: boolean) => {
  let said = false;
  return (...args: A) => {
    // Applied, not spread: a spread asks the page's array iterator, and with it replaced every listener and its
    // fallback failed (a share link's click went to the vendor, SPEC §6.2).
    try {
      apply(fn, undefined, args);
    } catch (error) {
      // What keeps the page safe first: a page's `console.error` may throw too.
      try {
        if (failed) apply(failed, undefined, args);
      } catch {}
      if (!said) (said = !!once), console.error('consent-gate: a listener failed (a built-in the page replaced?)', error);
    }
  };
};

/** `value` without the spaces around it, by the browser's own `exec` (a page's `trim` answering nothing read as no value). */
export const trimmed = (value: string | null) => (value == null ? null : exec(/^\s*([^]*?)\s*$/, value)![1]!);

/**
 * The DOM's own methods as the bundle found them, for the click hook that holds a share link until its grant (SPEC
 * §6.2): a page's `composedPath`, `matches` or `getAttribute` replaced since (answering `[]`, `false`, nothing) let the
 * link's click reach the vendor before consent, and so did its `Function.prototype.call`. `Event` by way of
 * `CustomEvent`, which the bundle reads as it starts (rollup.config.ts `OWN`): MooTools declares an `Event` of its own,
 * without `composedPath`. None on a server.
 */
export const dom =
  typeof Element == 'function'
    ? {
        path: uncurry((Object.getPrototypeOf(CustomEvent.prototype) as Event).composedPath),
        matches: uncurry(Element.prototype.matches),
        attribute: uncurry(Element.prototype.getAttribute),
      }
    : undefined;

/**
 * The share link (`data-consent-request`) an event's composed path goes through (inside open shadow roots too), null
 * when none; read with an index loop, then the plainest look from the target; `undefined` when neither could be read
 * (a page's replaced `closest`): then a click is held (fail closed, SPEC §6.2).
 */
export function requestOf(event: Event): Element | null | undefined {
  try {
    const path = dom!.path(event);
    for (let i = 0; i < path.length; i++) {
      const node = path[i];
      if (node instanceof Element && dom!.attribute(node, 'data-consent-request') != null) return node;
    }
    return null;
  } catch {
    try {
      return (event.target as Element).closest('[data-consent-request]');
    } catch {
      return undefined;
    }
  }
}

/**
 * `addEventListener` / `removeEventListener` of the prototype: markup named `addEventListener` (user content) takes
 * the name on the document (its named properties come before `EventTarget.prototype`; the window's do not), and a
 * page's own `window.addEventListener` may be a wrapper that throws on a call it did not foresee (a passive-events
 * shim reading `options.passive` of no options: no banner showed). A test DOM's window, which the prototype's method
 * refuses, is given its own.
 */
export const listen = (target: EventTarget, type: string, listener: (event: never) => unknown, options: boolean | AddEventListenerOptions = false, remove?: boolean) => {
  const method = remove ? 'removeEventListener' : 'addEventListener';
  try {
    // Any realm's target (a frame's document, whose prototype is its own): the method checks the target, not its realm.
    EventTarget.prototype[method].call(target, type, listener as EventListener, options);
  } catch {
    target[method](type, listener as EventListener, options);
  }
};

/**
 * Whether the page is prerendered (Speculation Rules: `document.prerendering`, Chromium 108+), in which case `start`
 * runs once the visitor is shown it (`prerenderingchange`). A prerender the visitor never opens is no visit: its gated
 * tags ran, `hm.js` counted the view and set its cookies, for a page nobody saw. Read through the prototype, as the
 * other properties here; a browser without it prerenders nothing.
 */
export const prerendered = (start: () => void): boolean => {
  try {
    if (!documentProperty('prerendering' as Own)) return false;
  } catch {
    return false;
  }
  // Fired once, as the page is shown: the listener needs no removing.
  listen(document, 'prerenderingchange', start);
  return true;
};
