import type { Trust } from '../core/trusted-types.js';
import type { Service } from '../core/types.js';
import type { Guard } from './types.js';
import { asciiHost, createHostMatcher, loose } from './hosts.js';
import { any, apply, construct, contains, decode, each, endsWith, exec, getterOf, has, lower, mapGet, mapSet, matches, only, pick, reflectGet, replace, slice, sourceOf, uncurry } from './natives.js';
import { documentProperty, listen, onReplaced, ownAccessor, queryDocument } from '../core/document-own.js';

/** What the guard reports of a request it held: the kind of request and where it went. */
export interface Hold {
  service: Service;
  kind: 'script' | 'img' | 'iframe' | 'base' | 'object' | 'media' | 'link' | 'fetch' | 'xhr' | 'beacon' | 'websocket' | 'eventsource' | 'webtransport' | 'html';
  url: string;
}

export interface GuardOptions {
  services: readonly Service[];
  /** Whether a service is granted now (its category and itself). */
  granted(service: Service): boolean;
  /** A request was held (or refused): the controller counts it and tells the page. */
  held(hold: Hold): void;
  /** A tracker fetched before any script could stop it: written in the HTML, untagged. */
  untagged(service: Service, element: Element): void;
  trust: Trust;
}

const MARK = Symbol.for('consent-gate.guard');
/** The elements every guard of the page saw given a guarded URL (`scripted` below). */
const SCRIPTED = Symbol.for('consent-gate.guard.scripted');
/**
 * Marks a script element the gate may make live in place, and a frame whose `srcdoc` the guard held, which the gate
 * gives back in the page's origin (`gate/activate.ts`).
 */
export const IN_PLACE = Symbol.for('consent-gate.in-place');
/** Marks a script a controller's gate made (its live copy of gated markup, `load()`): see `hold`. */
export const BY_GATE = Symbol.for('consent-gate.gate');

/** A controller the guard works for: several may share one page (micro-frontends, a remount that overlaps). */
interface Owner {
  options: GuardOptions;
  match: ReturnType<typeof createHostMatcher>;
  /** Services said to be written untagged in the HTML, once each. */
  told: Set<string>;
}

export type { Guard };
/**
 * The elements that fetch, with the attributes they fetch by (HTML's and SVG's loading attributes): an image's `srcset`
 * and a `<picture>`'s `<source>` as well as its `src`, `<object data>`, `<embed>`, an image button, media and their
 * posters, sources and tracks, `<link>` (a stylesheet, a preload) and `<base>`, whose `href` on a guarded host would
 * send every relative URL of the page there, and SVG's `<image href>` / `<feImage href>`, which SVG fetches like an
 * image. Without a prototype: an element named `constructor` is none of them.
 */
const LOADS: Readonly<Record<string, readonly string[] | undefined>> = {
  __proto__: null,
  script: ['src'],
  img: ['src', 'srcset'],
  iframe: ['src'],
  base: ['href'],
  image: ['href'],
  feImage: ['href'],
  source: ['src', 'srcset'],
  object: ['data'],
  embed: ['src'],
  input: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  track: ['src'],
  link: ['href', 'imagesrcset'],
} as never;
/** How many held images of one service wait out of the page for its grant (`gateSet`). */
const WAITING = 20;
/** The elements a URL may give a document of its own, whose parser fetches what it names (`data:` HTML, SVG). */
const DOCUMENTS = ['iframe', 'object', 'embed'];
/** Every attribute of `LOADS`: a `setAttribute` of any other name is passed on at once. */
const ATTRIBUTES = ['src', 'srcset', 'href', 'data', 'poster', 'imagesrcset'];
/** The kind of request an element of `LOADS` makes (a `<source>` by its parent's: an image in a `<picture>`). */
const KINDS: Readonly<Record<string, Hold['kind'] | undefined>> = {
  __proto__: null,
  image: 'img',
  feImage: 'img',
  input: 'img',
  picture: 'img',
  embed: 'object',
  video: 'media',
  audio: 'media',
  track: 'media',
  source: 'media',
} as never;
/**
 * What an inserted subtree is searched for: what fetches (`img[src],img[srcset],…`, SVG's `xlink:href` too), and every
 * frame (a frame without `src` is a realm).
 */
const SELECTOR = /* @__PURE__ */ (() => {
  let selector = 'iframe,image[*|href],feImage[*|href]';
  for (const name in LOADS) for (const attribute of LOADS[name]!) selector += `,${name}[${attribute}]`;
  return selector;
})();
const HTML = 'http://www.w3.org/1999/xhtml';
/** The elements whose content the HTML parser reads as text. */
const RAW_TEXT = ['textarea', 'title', 'style', 'script', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext'];

/**
 * The network guard (SPEC §6.6): holds every request to a host of a configured service that untagged code makes
 * while the service is not granted. Elements made from script (`createElement` + `src` / `setAttribute`, `new
 * Image()`, HTML strings through `innerHTML`, `outerHTML`, `insertAdjacentHTML`, `document.write`,
 * `setHTMLUnsafe`, `setHTML`, `Document.parseHTMLUnsafe`, a shadow root's `innerHTML`, nodes of another document or
 * realm by any insertion method) become gated markup (`data-consent`, `data-service`, `data-src`, a script's
 * `type="text/plain"`), which the gate activates in document order on the grant, like markup a person tagged;
 * `fetch`, `XMLHttpRequest`, `sendBeacon`, `fetchLater`, `WebSocket`, `EventSource` and `WebTransport` fail as a
 * blocked request would (telemetry is dropped, never queued). Installed first thing, synchronously, before any later script of the page.
 *
 * Everything it does not hold behaves exactly as the original: same `this`, arguments, return values and exceptions,
 * `instanceof`, `name`, `length` and `toString()`. First-party requests are never looked at beyond their host. A page
 * that kept its own reference to an original (`const f = fetch` before the SDK) is out of its reach.
 */
export function installGuard(options: GuardOptions): Guard {
  const page = window as unknown as Record<PropertyKey, unknown> & typeof window;
  // Installed again while a guard is on (two copies of the script, two apps, a remount before the unmount): the
  // guard already in place works for this controller too, and stays until the last one stops.
  const way = page[MARK] as ((options: GuardOptions) => Guard) | boolean | undefined;
  // A guard of an older copy marks the page `true` and takes no second controller: it stays as it is.
  return typeof way == 'function' ? way(options) : way ? { release() {}, holds: () => false, stop() {} } : install(page, options);
}

function install(page: Record<PropertyKey, unknown> & typeof window, first: GuardOptions): Guard {
  // The browser's own getters and methods, called uncurried (natives.ts): a page's later getter answering wrongly
  // (`Element.prototype.localName` upper-cased, `getAttribute` answering null, `parentNode` a `<textarea>`, an
  // `innerHTML` getter answering "") made the guard take a tracker's element or HTML for none, and it loaded.
  // Frames made later are armed with these as they were: a page's `Reflect.set` answering `true` while setting
  // nothing, or its `Object.getOwnPropertyDescriptor` answering `undefined`, left a frame's window unpatched.
  const { set: assign, defineProperty: define } = Reflect;
  const describe = Object.getOwnPropertyDescriptor;
  const getter = <T>(proto: object, key: string) => getterOf<T>(proto, key)!;
  const nodeType = getter<number>(Node.prototype, 'nodeType');
  /** A node's type as the browser says it; 0 for what is no node (a plain object given to `append`). */
  const typeOf = (node: unknown): number => {
    try {
      return nodeType(node as Node);
    } catch {
      return 0;
    }
  };
  const localName = getter<string>(Element.prototype, 'localName');
  /** An element's `localName`; undefined for anything else (a setter called on no element). */
  const nameOf = (node: unknown) => (typeOf(node) == 1 ? localName(node as Element) : undefined);
  const parentOf = getter<ParentNode | null>(Node.prototype, 'parentNode');
  const innerOf = getter<string>(Element.prototype, 'innerHTML');
  const getAttribute = uncurry(Element.prototype.getAttribute);
  const hasAttribute = uncurry(Element.prototype.hasAttribute);
  // Each interface has its own copy of these (ParentNode): by node type, 1 an element, 11 a fragment.
  const firstChild: Record<number, (node: Node) => Element | null> = { 1: getter(Element.prototype, 'firstElementChild'), 11: getter(DocumentFragment.prototype, 'firstElementChild') };
  const queryIn: Record<number, (node: Node, selector: string) => NodeListOf<Element>> = {
    1: uncurry(Element.prototype.querySelectorAll),
    11: uncurry(DocumentFragment.prototype.querySelectorAll),
  };
  /** The elements `selector` finds under an element or fragment. */
  const query = (root: Node, selector: string): ArrayLike<Element> => queryIn[typeOf(root)]?.(root, selector) ?? [];
  const createElementNS = uncurry(Document.prototype.createElementNS);
  // Event's own prototype, from an event the document makes: MooTools' `Event` (a script before the SDK's) is a
  // wrapper whose prototype has no `target`, and every `load` of the page threw in the listener below (SPEC §9).
  const targetOf = getter<EventTarget | null>(Object.getPrototypeOf(Document.prototype.createEvent.call(document, 'Event')), 'target');
  // The document's own base: markup named `baseURI` (an `<img name>` in user content) stands for the property, and an
  // unparsable base made every URL match no host, the guard then holding nothing (SPEC §9).
  const baseOf = getter<string>(Node.prototype, 'baseURI');
  const where = { hostname: location.hostname, get href() { return baseOf(document); } };
  const owners: Owner[] = [];
  /** Whether a URL names a host of any owner's services (granted or not). */
  const match = (url: unknown) => any(owners, owner => owner.match(url));
  /** Whether relative URLs now go to another host (`<base href>` elsewhere), whoever's services are looked for. */
  const baseElsewhere = createHostMatcher([], where).elsewhere;
  const options = {
    get trust() {
      return owners[0]!.options.trust;
    },
  };
  /**
   * Elements a script gave a guarded URL (a setter, an insertion, an HTML string), granted or not: not "written in the
   * HTML", so never reported as untagged. Only elements naming a guarded host are kept: others cost nothing here.
   * Kept on the page for the next guard: a controller destroyed and made again (a hot reload, a remount) took the
   * scripts its first guard saw made (the preset script the gate loaded on a grant) for trackers added before it.
   */
  // A page value under the symbol that is no WeakSet is replaced: the guard would throw into the page on it (SPEC §9).
  let scripted = page[SCRIPTED] as WeakSet<Element>;
  if (!(scripted instanceof WeakSet)) Reflect.set(page, SCRIPTED, (scripted = new WeakSet()));
  /** Guarded URLs in HTML a script wrote (`innerHTML`, `document.write`, …): the elements are the parser's. */
  const scriptedUrls = new Set<string>();
  let reported = false;
  /**
   * Whether this guard is on. Frames' realms are armed for good (their wrappers pass everything through once it is
   * off): undoing them would keep every frame the page ever made alive, and a frame that navigated elsewhere cannot be
   * written to. The page's own realm is put back as it was.
   */
  const live = { on: true };
  /**
   * The service a request to `url` would reach while it is not granted, i.e. what to hold: held when any owner that
   * knows the host has not granted its service, and told to that owner.
   */
  const hold = (url: unknown, kind: Hold['kind'], element?: Element) => {
    if (!live.on) return;
    let first: Service | undefined;
    shared = [];
    // A host several services share goes to the one the element names (the gate's script for a granted service
    // carries `data-service`), never to a name this guard wrote on what it held; anything else waits until every one of
    // them is granted (fail closed).
    // Read only where a host matched: this is asked on every URL a page sets.
    let name: string | null | undefined;
    /** What `owner` holds a request to `url` for: its services there, and the first of them not granted. */
    const waits = (owner: Owner): [Service[], Service | undefined] => {
      let services = owner.match.all(url);
      if (!services.length) return [services, undefined];
      if (name === undefined) name = element && !held.has(element) ? getAttribute(element, 'data-service') : null;
      const named = only(services, each => each.id == name);
      if (named.length) services = named;
      return [services, pick(services, each => !owner.options.granted(each))];
    };
    // A script a controller's gate made live, or its `load()` (marked `BY_GATE`), is held only while no controller that
    // knows the host would let it through: with two controllers on a page, the one that had not heard of the grant yet
    // held the other's activated script, the page-wide loader waited for that copy, and it never ran. Markup naming
    // another vendor's service than its URL reaches is still held (no controller granted that host's service).
    if ((element as unknown as Record<symbol, unknown> | undefined)?.[BY_GATE] && any(owners, owner => (answer => answer[0].length > 0 && !answer[1])(waits(owner)))) {
      return void scripted.add(element!);
    }
    for (let i = 0; i < owners.length; i++) {
      const owner = owners[i]!;
      // By index, not destructured (natives.ts: a page's array iterator).
      const answer = waits(owner);
      const services = answer[0];
      const service = answer[1];
      if (!services.length) continue;
      if (element) scripted.add(element);
      if (first || !service) continue;
      owner.options.held({ service, kind, url: String(url) });
      found ||= service;
      first = service;
      if (services.length > 1) shared = services;
    }
    return first;
  };
  /** The services of the hold just made when its host is shared and nothing names one of them: `gate()` waits for all. */
  let shared: Service[] = [];
  /** The first service held since it was last cleared (`inSrcdoc`). */
  let found: Service | undefined;
  /**
   * The first service the HTML of a frame's `srcdoc` would reach while not granted: the frame's own parser fetches
   * its trackers, out of any wrapper's reach, so the frame waits as a whole (its `srcdoc` as `data-srcdoc`), and the
   * gate gives it back on the grant, looked at again then for the services it still waits for.
   */
  const inSrcdoc = (html: unknown) => {
    found = undefined;
    rewrite(html);
    return found;
  };
  /**
   * A URL given as an object, turned into its string once and passed on as that string: the original reads it once
   * too, and an object answering a first-party URL to the check and the vendor's to the request must not pass.
   * Trusted Types values stay what they are (the sink checks them); a value whose conversion throws is left for the
   * original to throw on (the host check reads it as no URL).
   */
  const once = (args: unknown[], i: number) => {
    const value = args[i];
    if (value && (typeof value == 'object' || typeof value == 'function') && !tt?.isScriptURL?.(value)) {
      try {
        args[i] = String(value);
      } catch {}
    }
    return args[i];
  };
  const tt = (window as unknown as { trustedTypes?: { isScriptURL?(value: unknown): boolean; isHTML?(value: unknown): boolean } }).trustedTypes;
  /** How to put the page's realm back (`stop()`); nothing is kept for frames' realms. */
  let restore: Array<() => void> | undefined = [];
  const original = <T extends object, K extends keyof T>(target: T, key: K) => target[key];

  /**
   * An API a script before the SDK made read-only (anti-hijacking code freezing `Node.prototype`, pinning `fetch`)
   * stays the page's: the guard holds through every other one and says which it cannot, where throwing out of its
   * installation left it holding nothing and the SDK without a banner (SPEC §6.6, §9).
   */
  const readOnly = (key: PropertyKey) =>
    console.warn(`consent-gate: ${String(key)} was made read-only before this script ran, so the network guard cannot hold it`);
  /** Replaces `target[key]`, keeping the replacement indistinguishable from the original. */
  function patch<T extends object, K extends keyof T>(target: T, key: K, make: (native: T[K]) => T[K], face = true) {
    const native = original(target, key);
    // A realm without it (an old browser, a test DOM's frame) has nothing to hold there.
    if (typeof native != 'function') return;
    const replaced = make(native);
    // A Proxy already answers with its target's face; defining one on it would write onto the native constructor.
    if (face) keepFace(replaced as object, native as object);
    // Read back: an accessor whose setter ignores the value (`fetch` pinned by a getter) takes it as silently as a
    // frozen property refuses it.
    assign(target, key, replaced);
    if (target[key] !== replaced) return readOnly(key);
    // Put back only where it is still ours: a wrapper the page put over it later (an error tracker's `fetch`) stays,
    // and calls through this one, which passes everything on once the guard is off.
    restore?.push(() => target[key] === replaced && ((target as Record<K, unknown>)[key] = native));
  }
  /** Replaces the setter or the getter of an accessor property (`HTMLScriptElement.prototype.src`, `contentWindow`). */
  function patchAccessor<T>(target: object, key: string, part: 'get' | 'set', make: (native: T) => T) {
    const descriptor = describe(target, key);
    const native = descriptor?.[part] as T | undefined;
    if (!native) return;
    const replaced = make(native);
    keepFace(replaced as object, native as object);
    if (!define(target, key, bare({ ...descriptor, [part]: replaced }))) return readOnly(key);
    restore?.push(() => Object.getOwnPropertyDescriptor(target, key)?.[part] === replaced && Object.defineProperty(target, key, bare(descriptor!)));
  }
  type Setter = (this: Element, value: unknown) => void;

  // Uncurried too: a page's `Function.prototype.call` dropping arguments made gating throw half done, the `src` left.
  const setAttribute = uncurry(Element.prototype.setAttribute);
  const cloneNode = uncurry(Node.prototype.cloneNode);
  const appendChild = uncurry(Node.prototype.appendChild);
  const closest = uncurry(Element.prototype.closest);
  /**
   * Under Trusted Types a script's URL must be trusted: a plain string naming a tracker is given first to a detached
   * copy of the script (where nothing loads), so that it throws, or goes through the page's default policy, as without
   * the guard. Held as it was, it went live through the SDK's own policy on the grant (SPEC §8).
   */
  const asPage = (element: Element, url: unknown, give: (copy: Node) => unknown) => localName(element) == 'script' && match(url) && give(cloneNode(element));
  const removeAttribute = uncurry(Element.prototype.removeAttribute);
  const setInner = uncurry(describe(Element.prototype, 'innerHTML')!.set! as (this: Element, html: unknown) => void);
  /** Elements this guard made gated markup (a setter or an insertion): a later URL it does not hold undoes that. */
  const held = new WeakSet<Element>();
  /**
   * The page changed its mind (`s.src = tracker; s.src = '/own.js'`): the element is its own again, as it would be
   * without the guard — the held URL is forgotten (the grant must not put it back) and a script gets its type back. An
   * element still waiting by another of its attributes (an image's `srcset` after its `src`) stays gated.
   */
  function ungate(element: Element, name: string) {
    const key = name == 'xlink:href' ? 'href' : name;
    // Made live by the gate since (granted), or never held: nothing to undo. (The WeakSet first: this is asked on every
    // URL a page sets.)
    if (!held.has(element) || !hasAttribute(element, 'data-consent') || !hasAttribute(element, `data-${key}`)) return;
    const waits = mapGet(moved, element) as Moved;
    if (!has(waits[0], key)) return;
    removeAttribute(element, `data-${key}`);
    waits[0] = only(waits[0], each => each != key);
    if (waits[0].length) return;
    // Nothing of it held any more: what waited with it (its first-party `src` beside the `srcset`) is live again.
    each(waits[1], other => {
      const value = getAttribute(element, `data-${other}`);
      removeAttribute(element, `data-${other}`);
      if (value != null) setAttribute(element, other, value);
    });
    held.delete(element);
    for (const gating of ['data-consent', 'data-service']) removeAttribute(element, gating);
    if (localName(element) == 'script') {
      const type = getAttribute(element, 'data-type');
      removeAttribute(element, 'data-type');
      type ? setAttribute(element, 'type', type) : removeAttribute(element, 'type');
    }
    detached = only(detached, each => each[0] != element);
  }
  /** Per held element: the attributes held, and those moved to wait with them (`gate`). */
  type Moved = [held: string[], moved: string[]];
  const moved = new WeakMap<Element, Moved>();
  /**
   * Elements held while not in the page (`new Image()` pixels, an `Audio`), with the service each waits for: they fetch
   * as they are, the gate never sees them, the guard lets them go. One the page has inserted since is the gate's, as
   * markup, and leaves the list.
   */
  let detached: [Element, string][] = [];
  /** The kind of request an element of `LOADS` makes: its own name, or what `KINDS` says. */
  const kindOf = (element: Element): Hold['kind'] => {
    const name = localName(element);
    return (name == 'source' ? KINDS[nameOf(parentOf(element)) ?? ''] : KINDS[name] ?? (name as Hold['kind'])) ?? 'media';
  };
  /**
   * The service `value` of attribute `name` would reach, as `hold`: every URL of a `srcset` (candidates split at white
   * space and commas, so a URL with a comma is read as its parts, the host in the first: a descriptor or a part is read
   * as a first-party path).
   */
  const holdIn = (value: unknown, name: string, kind: Hold['kind'], element: Element) => {
    // One URL (every attribute but a `srcset`): no list made, on the path of every URL a page sets.
    if (!endsWith(name, 'srcset')) return hold(value, kind, element) || inDataUrl(value, element);
    let service: Service | undefined;
    each(urlsOf(value, name), url => (service ||= hold(url, kind, element)));
    return service;
  };
  /**
   * The first service the document a frame, `<object>` or `<embed>` is given as a `data:` URL (HTML, SVG, XML) would
   * reach: its own parser fetches what it names, out of any wrapper's reach, as a `srcdoc`'s does, so the element waits
   * as a whole (`<object data="data:text/html,<img src=…>">` reached the vendor before consent).
   */
  const inDataUrl = (url: unknown, element: Element) => {
    // The URL first, then the element, a call into the browser. This is asked of every URL a page sets that no host
    // matched: one look at its first letter (the URL parser drops leading controls and spaces) sends most away before
    // the URL is read as the parser reads it, without tabs and line breaks (`da\ta:`).
    if (typeof url != 'string' || !matches(/^[\0- ]*[dj]/i, url)) return;
    const given = replace(url, /[\t\n\r]/g, '');
    // A `javascript:` URL's text is the document too (`javascript:"<img src=…>"`, the "friendly iframe"): looked at as
    // HTML, its trackers named in it hold the frame.
    const head = exec(/^[\0- ]*(?:javascript:|data:([^,]*),)/i, given);
    const type = head?.[1] ?? 'html';
    if (!head || !matches(/html|svg|xml/i, type) || !has(DOCUMENTS, localName(element))) return;
    // Percent-escapes decoded where they decode (the browser keeps a malformed one as it is); base64 as the browser
    // reads it, or nothing where it does not.
    let body = slice(given, head[0].length);
    try {
      body = decode(body);
    } catch {}
    try {
      return inSrcdoc(matches(/;base64$/i, type) ? base64(body) : body);
    } catch {}
  };
  // As the browser has it when the guard starts (natives.ts: a page's later one may answer anything).
  const base64 = atob;
  const urlsOf = (value: unknown, name: string) => {
    if (!endsWith(name, 'srcset')) return [value];
    const urls: string[] = [];
    replace(String(value), /[^\s,]+/g, url => (urls[urls.length] = url));
    return urls;
  };
  /** Whether a request to `url` would be held now, told to nobody. */
  const holds = (url: unknown) => live.on && any(owners, each => any(each.match.all(url), service => !each.options.granted(service)));

  /**
   * Turns an element that would fetch `url` into gated markup for `service`: the gate activates it on the grant. A
   * script keeps its own type as `data-type` and gets `text/plain`, so it stays inert wherever it is inserted. Its
   * other loading attributes wait with it, as in markup a person tagged (SPEC §6.1): an image's first-party `src` beside
   * a held `srcset` would otherwise be taken by the gate for a URL fetched before consent.
   */
  function gate(element: Element, service: Service, name: string, url: string, also: string[] = []) {
    // Held afresh, or again after the gate made it live (a grant, then a withdrawal).
    if (!held.has(element) || !hasAttribute(element, 'data-consent')) mapSet(moved, element, [[], []]);
    held.add(element);
    const waits = mapGet(moved, element) as Moved;
    // By index, not spread (natives.ts: a page's array iterator).
    const wait = (one: string) => {
      const key = one == 'xlink:href' ? 'href' : one;
      if (!has(waits[0], key)) waits[0][waits[0].length] = key;
      waits[1] = only(waits[1], each => each != key);
    };
    wait(name);
    each(also, wait);
    // `xlink:href` waits as `data-href`: the gate gives it back as `href`, which SVG 2 reads the same.
    setAttribute(element, `data-${name == 'xlink:href' ? 'href' : name}`, url);
    removeAttribute(element, name);
    if (name == 'srcdoc') (element as unknown as Record<symbol, boolean>)[IN_PLACE] = true;
    // The element's other live loading attributes wait with it; not over a deferred one of the page's own (a lazy
    // loader's `data-srcset`), which stays the page's.
    each(LOADS[localName(element)] ?? [], other => {
      const value = getAttribute(element, other);
      if (value == null || name == 'xlink:href' || hasAttribute(element, `data-${other}`)) return;
      setAttribute(element, `data-${other}`, value);
      removeAttribute(element, other);
      // Held itself (an element reaching two services), it is no companion: given back only when the page takes it back.
      if (!has(waits[0], other)) waits[1][waits[1].length] = other;
    });
    // On a shared host: every category of those services and no service, so the gate waits for all of them (a
    // category's cross-border services included) and the live copy names none.
    setAttribute(element, 'data-consent', shared.length ? [...new Set(shared.map(each => each.category))].join(' ') : service.category);
    shared.length ? removeAttribute(element, 'data-service') : setAttribute(element, 'data-service', service.id);
    if (localName(element) == 'script') {
      const type = getAttribute(element, 'type');
      if (type && type != 'text/plain') setAttribute(element, 'data-type', type);
      setAttribute(element, 'type', 'text/plain');
    }
  }

  /**
   * The URL a `fetch` / `fetchLater` input names. A Request of any realm (a frame's given to the page's fetch, or the
   * reverse) is read by the native getter: a subclass or the page may redefine `url`, not what the browser fetches.
   * Anything else is the URL itself, read once.
   */
  const requestOf = (args: unknown[]) => {
    if (args[0] && typeof args[0] == 'object') {
      try {
        return requestUrl!(args[0]);
      } catch {}
    }
    return once(args, 0);
  };

  /** Frames inserted by the insertion under way: their windows exist once it is done, and are armed then. */
  const frames: Element[] = [];
  /** Whether HTML written by the write under way had an `<iframe` (`rewrite` sees every string first). */
  let framed = false;
  /** Holds what an element of `LOADS` would reach now, whoever gave it its `src`, `srcset`, `href`, … */
  function holdElement(element: Element) {
    const name = localName(element);
    if (name == 'iframe') {
      // Index, not `push`: a page's `push` doing nothing left the frame unarmed.
      if (!elsewhere(getAttribute(element, 'src'))) frames[frames.length] = element;
      const html = getAttribute(element, 'srcdoc');
      const service = html != null && inSrcdoc(html);
      if (service) gate(element, service, 'srcdoc', html!);
    }
    // A held script given an executable type afterwards (`hm.type = 'text/javascript'`) is made inert again.
    if (name == 'script' && hasAttribute(element, 'data-consent') && getAttribute(element, 'type') != 'text/plain' && hasAttribute(element, 'data-src')) {
      const type = getAttribute(element, 'type');
      if (type) setAttribute(element, 'data-type', type);
      setAttribute(element, 'type', 'text/plain');
    }
    // Tagged markup that kept a live `src` (`<img data-consent="analytics" src=…>`, an integration mistake the gate
    // reports) fetches like untagged markup: held the same way. Each attribute is looked at before any is moved: an
    // element reaching two services (an image's `src` and `srcset`) waits for both, as on a shared host.
    let first: Service | undefined;
    let key = '';
    let url = '';
    const all: Service[] = [];
    /** The other attributes held, which wait as held, not as companions of the first. */
    const also: string[] = [];
    each(LOADS[name] ?? [], attribute => {
      // SVG's `<image>` and `<feImage>` may name their URL in `xlink:href` (SVG 1.1), which HTML's parser writes as
      // that name. Compared by name, not with a RegExp: a page's later `RegExp.prototype.test` answering `true` sent
      // every `<img>` to its `xlink:href`, which it has not, and the image loaded before consent (natives.ts).
      const given = (name == 'image' || name == 'feImage') && !hasAttribute(element, 'href') ? 'xlink:href' : attribute;
      const value = getAttribute(element, given);
      const service = value && holdIn(value, given, kindOf(element), element);
      if (!service) return;
      if (!first) (first = service), (key = given), (url = value!);
      else also[also.length] = given;
      // Indexes, not spreading (natives.ts: a page's array iterator).
      each(shared.length ? shared : [service], one => has(all, one) || (all[all.length] = one));
    });
    if (!first) return;
    shared = all.length > 1 ? all : [];
    gate(element, first, key, url, also);
  }

  /**
   * Holds what an inserted node (and what it contains) would fetch now: scripts, images and frames with a live `src`,
   * however the attribute got there (`setAttributeNS`, a clone, another document, another realm's element). Every
   * insertion of the page passes here, so the common case — an element that fetches nothing and has no children —
   * costs three reads from the browser, `nodeType`, `localName` and `firstElementChild`, each through the browser's own
   * getter (38–41 ns a node against 24–30 ns through the page's, docs/performance.md). Only elements and fragments are
   * looked into: an attribute named `img`, a plain object given to `append` (it becomes text) or a whole document
   * (whose search would gate the HTML's own tags) is no node to look into. An element of another realm is read the
   * same way.
   */
  function holdTree(node: unknown) {
    if (!live.on) return;
    // The browser's own getters (above): a form's controls are its properties, and a form with `<input
    // name="nodeType">` was not searched (its pixel loaded), one with `name="querySelectorAll"` made the insertion
    // throw (SPEC §9); a page's getter answering wrongly hid the element. An element of another realm answers them too.
    const type = typeOf(node);
    if (type == 1 && LOADS[localName(node as Element)]) holdElement(node as Element);
    if ((type == 1 || type == 11) && firstChild[type]!(node as Node)) each(queryIn[type]!(node as Node, SELECTOR), holdElement);
  }

  /** Gates an element whose `src` (a base's `href`) is being set, keeping an image that is not in the page for its grant. */
  function gateSet(element: Element, service: Service, name: string, url: string) {
    gate(element, service, name, url);
    // Given its URL by script, so a node that can still run: the gate makes it live in place, keeping the page's
    // `onload` and listeners on it. (A script an HTML fragment parser made, `innerHTML`, and given its URL afterwards
    // never runs, with or without the SDK; the gate's queue waits its load timeout for it.)
    (element as unknown as Record<symbol, boolean>)[IN_PLACE] = true;
    // By name, not `instanceof`: an image of a frame's realm is an image too. Images and media fetch out of the page.
    if (has(['img', 'video', 'audio'], localName(element)) && !element.isConnected) {
      // At most WAITING a service: a tracker's pixels for a visitor who refused (or never decides) were each kept for
      // the page's life, one node and ~300 B a beacon without end on a long-lived page. Past them an image stays held
      // and is dropped, as held telemetry is (SPEC §6.6); the page inserting it makes it the gate's again.
      const kept: typeof detached = [];
      let waiting = 0;
      for (let i = 0; i < detached.length; i++) {
        const entry = detached[i]!;
        if (!entry[0].isConnected) (kept[kept.length] = entry), (waiting += +(entry[1] == service.id));
      }
      if (waiting < WAITING) kept[kept.length] = [element, service.id];
      detached = kept;
    }
  }

  /**
   * HTML that names a guarded host is rewritten before the page's own parser sees it: parsed where nothing loads, as
   * the page will parse it (`parser`), its trackers gated, serialized again. HTML naming no guarded host goes through
   * untouched.
   */
  function rewrite(html: unknown, context?: Node | null): unknown {
    let out = rewriteOnce(html, context);
    // What the guard serialized is parsed again by the page, and HTML exists that two parses read differently
    // (mutation XSS: `<form><math><mtext></form><form><mglyph><style></math><img src=…>` becomes a live image the
    // second time). Changed HTML is looked at again until it stays as it is; HTML that keeps changing is not written.
    for (let pass = 0; out !== html; pass++) {
      if (pass == 3) return typeof out == 'string' ? '' : options.trust.html('');
      html = out;
      out = rewriteOnce(html, context);
    }
    return out;
  }
  /**
   * The element to parse HTML in, as the page's parser will: an element of the same name and namespace as where it
   * goes (`<rect/><circle/>` inside an `<svg>`, a `<caption>` inside a `<table>` parse otherwise in a template), in a
   * document of its own, where nothing loads or runs. Without an element to go by (`document.write`), a template.
   */
  let inert: Document | undefined;
  // The document's own: an `<img name="contentType">` or `name="implementation">` in user content stands for the
  // property (Document's named properties override its members), which made an `<image href>` in an SVG's HTML reach
  // its vendor, and every `innerHTML` of the page throw (SPEC §9).
  const contentTypeOf = getter<string>(Document.prototype, 'contentType');
  const implementationOf = getter<DOMImplementation>(Document.prototype, 'implementation');
  const createHTMLDocument = uncurry(DOMImplementation.prototype.createHTMLDocument);
  const parser = (context?: Node | null) => {
    // An XML document (a page served as XHTML) parses fragments as XML: a template there is parsed the same way.
    if (contentTypeOf(document) != 'text/html') return createElementNS(document, HTML, 'template');
    inert ??= createHTMLDocument(implementationOf(document), '');
    const type = typeOf(context);
    const element = context as Element;
    // Beside a shadow root's child (`outerHTML`, `afterend`) HTML is parsed in a new `<body>` (DOM Parsing); without an
    // element (a `srcdoc`, a `data:` document, a write after the parse), as a document: in an `<html>`, where a
    // template dropped all that followed a leading `<col>` and the page's parser loaded it.
    const make = (name: string, namespace: string | null = HTML) => createElementNS(inert!, namespace, name);
    let box: Element;
    try {
      box = type == 1 ? make(localName(element), element.namespaceURI) : make(type == 11 ? 'body' : 'html');
    } catch {
      // A name the parser makes and `createElementNS` refuses (`<p:>`): parsed in as the same as any other element.
      box = make('span', element.namespaceURI);
    }
    if (type == 1) {
      // MathML's <annotation-xml encoding="text/html"> reads HTML (an HTML integration point): `<image src>` is an image.
      const encoding = getAttribute(element, 'encoding');
      if (encoding) setAttribute(box, 'encoding', encoding);
      // Inside a `<form>` the page's parser drops a nested `<form>` (its form element pointer), which changes the tree
      // the rest of the HTML makes (`<form><mglyph><style></math><img src=…>` is an image there only).
      if (closest(element, 'form')) appendChild(make('form'), box);
    }
    return box;
  };
  const lastChild = getter<Element | null>(Element.prototype, 'lastElementChild');
  const content = getter<DocumentFragment>(HTMLTemplateElement.prototype, 'content');
  const hostOf = getter<Element>(ShadowRoot.prototype, 'host');
  const ownerOf = getter<Document | null>(Node.prototype, 'ownerDocument');
  const windowOf = getter<Window | null>(Document.prototype, 'defaultView');
  /** The window of a node's document, by the browser's getters (a page's `defaultView` answering null let imports by). */
  const viewOf = (node: Node) => {
    try {
      return windowOf(ownerOf(node)!);
    } catch {}
  };
  /**
   * What a template holds, by the browser's own getter (a page's `HTMLTemplateElement[Symbol.hasInstance]` answering
   * `false` left the HTML in one unsearched); any other element is searched itself (an SVG `template` has no content).
   */
  const contentOf = (node: Node): Node => {
    try {
      return content(node as HTMLTemplateElement);
    } catch {
      return node;
    }
  };
  /**
   * Where a `document.write` during parsing goes: beside the script that runs it, the last element of the page in tree
   * order (`currentScript` is null for an SVG <script>, whose writes the parser reads as SVG). After the parse a write
   * opens a new document, read as HTML: no element to go by.
   */
  const writingInto = (doc: Document) => {
    let last: Element | null = ownAccessor('readyState').get!.call(doc) == 'loading' ? ownAccessor('documentElement').get!.call(doc) : null;
    for (let next; last && (next = lastChild(last)); ) last = next;
    return last && parentOf(last);
  };
  function rewriteOnce(html: unknown, context?: Node | null): unknown {
    if (!live.on) return html;
    const text = String(html);
    // Trusted Types values must reach the sink as they are; any other object is read once and passed on as that text
    // (an object answering differently the second time must not pass the look with one HTML and write another).
    const given = html && typeof html == 'object' && !tt?.isHTML?.(html) ? text : html;
    // `<image>` is an `<img>` to the parser.
    if (!matches(/<(script|img|image|iframe|base|feimage|source|object|embed|input|video|audio|track|link)\b/i, text)) return given;
    framed ||= matches(/<iframe\b/i, text);
    if (!mentions(text)) return given;
    const box = parser(context);
    setInner(box, options.trust.html(text));
    // A template inside is looked into too: `setHTMLUnsafe` and `document.write` make `<template shadowrootmode>` a
    // shadow root, whose trackers would load.
    const fragments: Node[] = [];
    const parts = (root: Node) => {
      fragments[fragments.length] = root;
      each(query(root, 'template'), inner => parts(contentOf(inner)));
    };
    parts(contentOf(box));
    each(fragments, fragment =>
      each(query(fragment, SELECTOR), element => {
        const url = getAttribute(element, 'src')!;
        if (!reported && match(url)) scriptedUrls.add(url);
      }),
    );
    const before = innerOf(box);
    const pending = frames.length;
    each(fragments, holdTree);
    // Frames of a template have no window: nothing to arm (those the page's parser makes are armed by `writing`).
    // Those of an insertion under way (its script writing HTML) stay.
    frames.length = pending;
    // A template reads `<noscript>` as markup, the page as text: `<noscript><p title="</noscript><img src=…>">` is an
    // image to the page only. A noscript that would close early for the page (a `</noscript` in an attribute or a
    // comment) is emptied — its content is never shown where scripts run — and the HTML written as the template
    // serialized it; any other noscript is written as given, its text unchanged.
    let changed = innerOf(box) != before;
    // Loops and `matches` (natives.ts): a page's `RegExp.prototype.test` answering `false` wrote such a noscript as given.
    const closes = (text: string) => matches(/<\/noscript/i, text);
    const early = (node: Element) => {
      for (let i = 0; i < node.attributes.length; i++) if (closes(node.attributes[i]!.value)) return true;
    };
    each(fragments, fragment =>
      each(query(fragment, 'noscript'), noscript => {
        if (closes(innerOf(noscript)) || any(query(noscript, '*'), early)) {
          noscript.textContent = '';
          changed = true;
        }
      }),
    );
    if (!changed) return given;
    // Only what the page had made trusted leaves trusted: a plain string stays one, so a page under Trusted Types
    // still refuses it as it would without the guard (the SDK's policy must not bless the page's HTML).
    // A document keeps its doctype (an `<html>` drops it): written without, the page's frame was in quirks mode.
    const out = (nameOf(box) == 'html' ? exec(/^\s*<!doctype[^>]*>/i, text)?.[0] ?? '' : '') + innerOf(box);
    return tt?.isHTML?.(html) ? options.trust.html(out) : out;
  }
  /**
   * Whether a string may name a guarded host (cheap: most HTML a page writes names none). Host names are case-blind.
   * The references HTML escaping writes (`&amp;` in every other URL, `&lt;`, `&quot;`, `&#39;`, …) stand for no
   * character of a host name and are dropped; a string with any other (`hm&#46;baidu.com`) is parsed to find out.
   */
  // Hosts only: a rule's path prefix (`res.wx.qq.com/open/js/`) can be written many ways (`/open/./js/`, a port
  // before it, a backslash) that the matcher's parse reads as the same. Each in both forms an international name has.
  // Every owner's, learnt again when one comes or goes.
  let names: string[] = [];
  let ascii = true;
  let punycode = false;
  const learn = () => {
    names = owners.flatMap(owner =>
      owner.options.services.flatMap(s =>
        s.hosts.flatMap(host => {
          const name = host.replace(/^\*?\./, '').split('/')[0]!.toLowerCase();
          return [name, asciiHost(name)];
        }),
      ),
    );
    // ASCII host names (every preset's): only characters that could stand for one of theirs need folding (`loose`).
    ascii = names.every(name => /^[a-z\d-]+(\.[a-z\d-]+)*$/.test(name));
    // A name given in punycode may be written in its own script: a text with any non-ASCII is parsed to find out.
    punycode = any(names, name => contains(name, 'xn--'));
  };
  const mentions = (html: string) => {
    // A `<base href>` on another host makes every relative `src` a request there: all such HTML is parsed.
    if (baseElsewhere()) return true;
    // natives.ts `replace`: a page's `RegExp.prototype[Symbol.replace]` returning "" made every HTML string name no host.
    const text = replace(html, /&(amp|lt|gt|quot|apos|nbsp|#39|#x27|#34);/g, ' ');
    if (matches(/&[#a-z]/i, text)) return true;
    // Read as the URL parser reads a host: without tabs and line breaks, percent-escapes decoded (`hm%2Ebaidu%2Ecom`).
    const folded = loose(text, ascii);
    return (punycode && matches(/[^\x00-\x7f]/, folded)) || any(names, name => contains(folded, name));
  };

  /** Arms the windows of frames an insertion just put in the page. */
  const armFrames = () => each(frames.splice(0), armFrame);
  /**
   * Arms a frame's window if it is the page's to touch: `contentDocument` is null for a frame of another origin (no
   * exception to pay for on pages that talk to their frames all the time).
   */
  const armFrame = (frame: Element) => {
    try {
      // An SVG element named `iframe` is no frame: the getters refuse it.
      if (contentDocument(frame)) arm(contentWindow(frame)!);
    } catch {}
  };
  /**
   * Whether a frame's `src` is a page of another origin: its first, blank document is replaced at once, so arming it
   * as it is inserted (1–3 ms of patching each, unthrottled) would be for nothing on a page full of ad and video
   * frames. Its element still arms it when asked for its window.
   */
  const elsewhere = (src: string | null) => {
    try {
      return !!src && /^\s*(https?:)?\/\//i.test(src) && new URL(src, location.href).origin != location.origin;
    } catch {
      return false;
    }
  };

  /**
   * Puts the wrappers on one realm. A same-origin frame (an `about:blank` one made from script, the "friendly
   * iframe" ad code writes into) has a `fetch`, an `Image`, a `document` and prototypes of its own: untouched, they
   * reached every vendor. Its window is armed when the page reaches it: as the frame is inserted, through
   * `contentWindow` / `contentDocument`, and again after it navigated (a new realm). A frame of another origin is not
   * the page's to touch (reading its properties throws) and is left alone.
   */
  function arm(frame: unknown) {
    const win = frame as Record<PropertyKey, unknown> & typeof window;
    try {
      // A frame's mark is the guard that armed it: one that was stopped leaves it to the next. A page's mark is its
      // guard's way in (a realm with a guard of its own, the page itself through `open('', '_self')`): armed already.
      const mark = win?.[MARK] as unknown;
      if (!live.on || !win || (mark && (typeof mark != 'object' || (mark as typeof live).on))) return;
      win[MARK] = win == page ? true : live;
    } catch {
      return;
    }
    // Read once, as it is armed: a page's own `Event` (MooTools) or `DOMException` later must not break a held request.
    const { Element, Node, DocumentFragment, Document, CharacterData, DocumentType, ShadowRoot, XMLHttpRequest, Navigator, Event, ProgressEvent, DOMException } = win;
    // The properties that set a loading attribute: `img.srcset`, `video.poster`, `link.imageSrcset` (`imagesrcset`), …
    for (const [proto, keys] of [
      [win.HTMLScriptElement, ['src']],
      [win.HTMLImageElement, ['src', 'srcset']],
      [win.HTMLIFrameElement, ['src']],
      [win.HTMLBaseElement, ['href']],
      [win.HTMLSourceElement, ['src', 'srcset']],
      [win.HTMLObjectElement, ['data']],
      [win.HTMLEmbedElement, ['src']],
      [win.HTMLInputElement, ['src']],
      [win.HTMLMediaElement, ['src']],
      [win.HTMLVideoElement, ['poster']],
      [win.HTMLTrackElement, ['src']],
      [win.HTMLLinkElement, ['href', 'imageSrcset']],
    ] as const) {
      for (const key of proto ? keys : []) {
        const name = lower(key);
        patchAccessor<Setter>(proto.prototype, key, 'set', set =>
          function (this: Element, ...args: unknown[]) {
            const value = once(args, 0);
            // On another element (`set.call(document.body, url)`) the original throws its own TypeError.
            const service = has(LOADS[nameOf(this) ?? ''] ?? [], name) && (asPage(this, value, copy => apply(set, copy, [value])), holdIn(value, name, kindOf(this), this));
            if (service) return gateSet(this, service, name, String(value));
            ungate(this, name);
            return apply(set, this, [value]);
          },
        );
      }
    }
    patchAccessor<Setter>(win.HTMLIFrameElement.prototype, 'srcdoc', 'set', set =>
      function (this: Element, html: unknown) {
        const service = nameOf(this) == 'iframe' && inSrcdoc(html);
        if (service) return gate(this, service, 'srcdoc', String(html));
        ungate(this, 'srcdoc');
        return apply(set, this, [html]);
      },
    );
    // A frame made from script fires its first `load` inside the insertion, before the insertion's wrapper arms it:
    // armed first thing in that event's capture (on the document: a `load` never reaches the window from an element),
    // before any handler of the page can reach it through `frames[0]` or its name. Listened for again on the page's
    // document replaced by `document.open()`, which drops every listener.
    const onLoad = (event: Event) => nameOf(targetOf(event)) == 'iframe' && armFrame(targetOf(event) as Element);
    const hear = () => listen(win.document, 'load', onLoad, true);
    try {
      hear();
      // The page's realm is put back by `stop()`: the listener and the observer go then.
      if (win == page) restore?.push(onReplaced(hear), () => listen(win.document, 'load', onLoad, true, true));
    } catch {}
    // A frame's window, reached through its element: armed before the page gets it.
    for (const key of ['contentWindow', 'contentDocument']) {
      patchAccessor<(this: Element) => unknown>(win.HTMLIFrameElement.prototype, key, 'get', get =>
        function (this: Element) {
          armFrame(this);
          return apply(get, this, []);
        },
      );
    }
    // Every wrapper passes on the arguments it was given, as many as it was given: `setAttribute('x')` still throws,
    // and `fetch()` does not become `fetch(undefined)`.
    patch(Element.prototype, 'setAttribute', native =>
      function (this: Element, ...args: [string, string]) {
        const name = lower(String(once(args, 0)));
        // The name first: most calls set no loading attribute, and reading `localName` is a call into the browser.
        const loads = has(ATTRIBUTES, name) && has(LOADS[nameOf(this) ?? ''] ?? [], name);
        if (name == 'src' && loads) asPage(this, once(args, 1), copy => apply(native, copy, args));
        const service = loads && holdIn(once(args, 1), name, kindOf(this), this);
        if (service) return gateSet(this, service, name, String(args[1]));
        if (loads) ungate(this, name);
        if (name == 'srcdoc' && nameOf(this) == 'iframe') {
          const inside = inSrcdoc(args[1]);
          if (inside) return gate(this, inside, name, String(args[1]));
          ungate(this, name);
        }
        return apply(native, this, args);
      },
    );
    // Insertion: what never went through the setters above (another document's nodes, a template's content, a
    // clone, `setAttributeNS`, another realm's elements) is held as it enters the page. This check is the guard's main
    // cost on a page's DOM work (issue #12); holding such nodes only where they come from instead left paths open.
    // Only the node an insertion inserts is read: the first argument, `insertAdjacentElement`'s second, every
    // argument of the variadic ones (-1). A rest array, not `arguments`: V8 copies `arguments` for `apply` once the
    // function also reads an argument, which made each `appendChild` 45 % slower than the native one on its own
    // (issue #12, measured). Every interface has its own copy of the ParentNode / ChildNode methods: a shadow root's
    // `append` is DocumentFragment's, a text node's `after` is CharacterData's. A frame it inserted has its window
    // once the insertion is done: armed then.
    for (const [target, keys] of [
      [Node.prototype, ['appendChild', 'insertBefore', 'replaceChild']],
      [Element.prototype, ['insertAdjacentElement', 'append', 'prepend', 'replaceChildren', 'before', 'after', 'replaceWith']],
      [DocumentFragment.prototype, ['append', 'prepend', 'replaceChildren']],
      [Document.prototype, ['append', 'prepend', 'replaceChildren']],
      [CharacterData.prototype, ['before', 'after', 'replaceWith']],
      [DocumentType.prototype, ['before', 'after', 'replaceWith']],
    ] as const) {
      for (const key of keys) {
        const which = key == 'insertAdjacentElement' ? 1 : target == Node.prototype ? 0 : -1;
        patch(target as unknown as Record<string, (...args: unknown[]) => unknown>, key, native =>
          function (this: Node, ...nodes: unknown[]) {
            which < 0 ? each(nodes, holdTree) : holdTree(nodes[which]);
            if (!frames.length) return apply(native, this, nodes);
            try {
              return apply(native, this, nodes);
            } finally {
              armFrames();
            }
          },
        );
      }
    }
    /**
     * An element whose content the parser reads as text (`textarea.innerHTML = '<img src=…>'` is text): left as given.
     * Only in an HTML document: an XML one (a page served as `application/xhtml+xml`) parses a textarea's markup. Found
     * in a list, not with a RegExp: a page's later `RegExp.prototype.test` answering `true` made every element one, and
     * an image written with `innerHTML` or `insertAdjacentHTML` reached the vendor before consent (natives.ts).
     */
    const text = (element: Element | null) =>
      element?.namespaceURI == HTML &&
      element.ownerDocument.contentType == 'text/html' &&
      has(RAW_TEXT, localName(element));
    /**
     * Runs a setter or method that writes HTML (through `rewrite`), then arms the frames it made, looked for in `root`
     * only when the HTML had an `<iframe`. A write that writes (a script `document.write` runs) keeps its own.
     */
    /** The element HTML written into `node` is parsed in: a shadow root's host (HTML's fragment parsing of it). */
    // By node type and the browser's getter: a link's own `host` (its URL's) or a page's `Object.prototype.host`
    // made the guard parse HTML written into an `<a>` in a template, which drops what follows a leading `<col>`.
    const within = (node: Node | null) => (typeOf(node) == 11 ? hostOf(node as ShadowRoot) : node);
    const writing = <T>(root: () => ParentNode, write: () => T): T => {
      const outer = framed;
      framed = false;
      try {
        return write();
      } finally {
        if (framed) each(query(root(), 'iframe'), armFrame);
        framed = outer;
      }
    };
    for (const [target, key] of [[Element.prototype, 'innerHTML'], [Element.prototype, 'outerHTML'], [ShadowRoot.prototype, 'innerHTML']] as const) {
      patchAccessor<Setter>(target, key, 'set', set =>
        function (this: Element, value: unknown) {
          // After `outerHTML` the element has left: what it became is in its parent (read before, it is gone after).
          // Read with `?.`: called on no element, the original throws its own error.
          const parent = typeOf(this) ? parentOf(this) : undefined;
          return writing(() => (key == 'outerHTML' ? parent ?? this : this), () => apply(set, this, [key == 'innerHTML' && text(this) ? value : rewrite(value, key == 'outerHTML' ? parent : within(this))]));
        },
      );
    }
    // The newer HTML setters, where the browser has them: `setHTML` keeps what the page's sanitizer allows (an
    // image's `src` among it).
    for (const target of [Element.prototype, ShadowRoot.prototype] as unknown as Array<Record<string, unknown>>) {
      for (const key of ['setHTMLUnsafe', 'setHTML']) {
        patch(target as Record<string, (...args: unknown[]) => void>, key, native =>
          function (this: Element, ...args: unknown[]) {
            return writing(() => this, () => {
              if (args.length && !text(this)) args[0] = rewrite(args[0], within(this));
              return apply(native, this, args);
            });
          },
        );
      }
    }
    // A document parsed from HTML with its declarative shadow roots: their content is out of reach of the insertion
    // check (a query does not look into shadow roots), so the HTML is looked at first. Its own frames have no window.
    patch(Document as unknown as Record<string, (...args: unknown[]) => unknown>, 'parseHTMLUnsafe', native =>
      function (this: unknown, ...args: unknown[]) {
        const outer = framed;
        if (args.length) args[0] = rewrite(args[0]);
        framed = outer;
        return apply(native, this, args);
      },
    );
    patch(Element.prototype, 'insertAdjacentHTML', native =>
      function (this: Element, ...args: [InsertPosition, string]) {
        // `beforebegin` / `afterend` write beside the element: its parent holds what they made.
        const parent = typeOf(this) ? parentOf(this) : undefined;
        return writing(() => parent ?? this, () => {
          // `matches` (natives.ts): a page's `test` answering `true` took `beforebegin` beside a `<style>` for its text.
          const inside = matches(/^(afterbegin|beforeend)$/i, once(args, 0) as string);
          if (args.length > 1 && !(inside && text(this))) args[1] = rewrite(args[1], inside ? this : parent) as string;
          return apply(native, this, args);
        });
      },
    );
    for (const key of ['write', 'writeln'] as const) {
      patch(Document.prototype, key, native =>
        function (this: Document, ...html: unknown[]) {
          // `write(a, b)` writes `a + b`: one text is looked at, so a tag split across arguments (strings, objects, Trusted
          // Types values) is seen whole, each read once. Made of Trusted Types values only, it stays trusted.
          let whole = html;
          if (html.length > 1) {
            let joined = '';
            for (let i = 0; i < html.length; i++) joined += String(html[i]);
            whole = [html.every(part => tt?.isHTML?.(part)) ? options.trust.html(joined) : joined];
          }
          const context = writingInto(this);
          // Loops, not `map` (natives.ts): a page's `map` returning its array wrote the HTML unread.
          const written: unknown[] = [];
          for (let i = 0; i < whole.length; i++) written[i] = rewrite(whole[i], context);
          return writing(() => this, () => apply(native, this, written as string[]));
        },
      );
    }
    // Nodes that become the page's without an insertion, imported, adopted or parsed for it: an image fetches as soon
    // as it belongs to a document with a window. A parsing-only document's nodes are left alone.
    for (const [target, key] of [[Document.prototype, 'importNode'], [Document.prototype, 'adoptNode'], [win.Range.prototype, 'createContextualFragment']] as const) {
      patch(target as unknown as Record<string, (...args: unknown[]) => unknown>, key, native =>
        function (this: unknown, ...args: unknown[]) {
          const node = apply(native, this, args) as Node;
          const pending = frames.length;
          if (viewOf(node)) holdTree(node);
          frames.length = pending;
          return node;
        },
      );
    }
    // `document.body = element` inserts too (a body parsed elsewhere, with its images and frames).
    patchAccessor<Setter>(Document.prototype, 'body', 'set', set =>
      function (this: Element, value: unknown) {
        holdTree(value);
        try {
          return apply(set, this, [value]);
        } finally {
          armFrames();
        }
      },
    );
    // A range inserts too.
    for (const key of ['insertNode', 'surroundContents'] as const) {
      patch(win.Range.prototype, key, native =>
        function (this: Range, ...args: [Node]) {
          holdTree(args[0]);
          try {
            return apply(native, this, args);
          } finally {
            // `surroundContents` moves the range's nodes into its argument: a frame moved is a new realm.
            if (key == 'surroundContents') holdTree(args[0]);
            armFrames();
          }
        },
      );
    }

    patch(win, 'fetch', native =>
      ({
        fetch(this: unknown, ...args: [RequestInfo | URL, RequestInit?]) {
          const url = requestOf(args);
          const service = hold(url, 'fetch');
          if (service) return Promise.reject(new TypeError(`consent-gate: fetch to ${url} is held until "${service.id}" is granted`));
          return apply(native, this, args);
        },
      }).fetch as typeof fetch,
    );
    patch(XMLHttpRequest.prototype, 'open', native =>
      function (this: XMLHttpRequest, ...args: [string, string | URL, boolean?]) {
        if (args.length > 1) once(args, 1);
        // An `open` the browser refuses (a bad method) records nothing: `send` throws as it would.
        const opened = apply(native, this, args as unknown as Parameters<XMLHttpRequest['open']>);
        // Opened again after a held request, pending or done: its `readyState` and `status` are the browser's again,
        // and the held request's `error` does not reach the new one.
        if (heldXhrs.has(this)) {
          clearTimeout(heldXhrs.get(this));
          heldXhrs.delete(this);
          delete (this as { readyState?: number }).readyState;
          delete (this as { status?: number }).status;
        }
        // The third argument is a boolean to the browser: `open(m, u, 0)` and `open(m, u, undefined)` are synchronous.
        mapSet(xhrUrls, this, [args.length > 1 ? hold(args[1], 'xhr') : undefined, args.length > 2 && !args[2]]);
        return opened;
      } as XMLHttpRequest['open'],
    );
    patch(XMLHttpRequest.prototype, 'send', native =>
      function (this: XMLHttpRequest, ...args: [(Document | XMLHttpRequestBodyInit | null)?]) {
        // Read by index, not destructured: that asks the page's `Array.prototype[Symbol.iterator]` (natives.ts).
        const opened = mapGet(xhrUrls, this) as [Service | undefined, boolean] | undefined;
        const service = opened?.[0];
        const sync = opened?.[1];
        if (!service) return apply(native, this, args);
        // As a request the network refused: a synchronous one throws, an asynchronous one ends in `error`.
        if (sync) throw new DOMException(`consent-gate: held until "${service.id}" is granted`, 'NetworkError');
        Object.defineProperties(this, { readyState: bare({ value: 4, configurable: true }), status: bare({ value: 0, configurable: true }) });
        heldXhrs.set(this, setTimeout(() => end(this, 'error')));
      },
    );
    /** A held request's end, as the network's: `readystatechange`, then `error` or `abort`, then `loadend` (its window's events). */
    const end = (xhr: XMLHttpRequest, how: string) => {
      heldXhrs.set(xhr, 0);
      // In a row, no array method: the page's `Array.prototype.forEach` may be anything (natives.ts).
      xhr.dispatchEvent(new Event('readystatechange'));
      xhr.dispatchEvent(new ProgressEvent(how));
      xhr.dispatchEvent(new ProgressEvent('loadend'));
    };
    // Aborted, a held request ends as a blocked one does (XHR standard, abort()): in flight, `readystatechange`,
    // `abort` and `loadend` and never its `error`; in flight or done, UNSENT after.
    patch(XMLHttpRequest.prototype, 'abort', native =>
      function (this: XMLHttpRequest) {
        const timer = heldXhrs.get(this);
        if (timer === undefined) return apply(native, this, []);
        if (timer) clearTimeout(timer), end(this, 'abort');
        Object.defineProperty(this, 'readyState', bare({ value: 0, configurable: true }));
      },
    );
    // `fetchLater` (a beacon sent when the page goes away): held, it becomes one to a port the browser refuses
    // outright (the fetch standard's "bad port" 1), a real result that reaches nobody, as a blocked one would.
    patch(win as unknown as Record<string, (...args: unknown[]) => unknown>, 'fetchLater', native =>
      ({
        fetchLater(this: unknown, ...args: unknown[]) {
          const url = requestOf(args);
          return apply(native, this, hold(url, 'beacon') ? ['http://127.0.0.1:1/', ...args.slice(1)] : args);
        },
      }).fetchLater,
    );
    // A frame reached by its name (`open('', name)`), which no insertion armed (one inside a shadow root), and a
    // same-origin popup: armed before the page gets its window.
    patch(win as unknown as Record<string, (...args: unknown[]) => unknown>, 'open', native =>
      function (this: unknown, ...args: unknown[]) {
        const opened = apply(native, this, args);
        arm(opened);
        return opened;
      },
    );
    if (Navigator) {
      patch(Navigator.prototype, 'sendBeacon', native =>
        function (this: Navigator, ...args: [string | URL, (BodyInit | null)?]) {
          return args.length && hold(once(args, 0), 'beacon') ? false : apply(native, this, args);
        },
      );
    }
    // `new Audio(url)` fetches as it is made, out of the page: made without its URL, which waits as a held `src`.
    patch(
      win,
      'Audio',
      native =>
        new Proxy(native, {
          construct(target, args, newTarget) {
            const service = args.length > 0 && args[0] !== undefined && hold(once(args, 0), 'media');
            if (!service) return construct(target, args, newTarget);
            const audio = construct(target, [], newTarget) as Element;
            gateSet(audio, service, 'src', String(args[0]));
            return audio;
          },
          get: (target, name) => (name == 'toString' ? () => sourceOf(native) : reflectGet(target, name)),
        }),
      false,
    );
    // A connection to a held host becomes one to a port the browser refuses outright (the fetch standard's "bad
    // port" 1): a real WebSocket / EventSource / WebTransport, which fails at once as a blocked one would, and reaches
    // nobody.
    for (const [key, refused] of [['WebSocket', 'ws://127.0.0.1:1/'], ['WebSocketStream', 'ws://127.0.0.1:1/'], ['EventSource', 'http://127.0.0.1:1/'], ['WebTransport', 'https://127.0.0.1:1/']] as const) {
      const native = win[key] as { prototype?: object } | undefined;
      const face = () => sourceOf(native);
      patch(win, key, native =>
        new Proxy(native as unknown as new (...args: unknown[]) => object, {
          construct(target, args, newTarget) {
            // A `WebSocketStream` (the streams API over the same protocol) is held as a WebSocket.
            if (!args.length || !hold(once(args, 0), (key == 'WebSocketStream' ? 'websocket' : (lower(key) as Hold['kind'])))) return construct(target, args, newTarget);
            const held = construct(target, [refused, ...args.slice(1)], newTarget) as EventSource;
            // As the browser reads it: relative to the page, `http(s):` a WebSocket's `ws(s):`. Not on a stand-in the page
            // put there before the SDK (a test tool's mock, a wrapper): it may connect later to the `url` it reads. A
            // WebTransport has no `url`.
            const url = new URL(String(args[0]), location.href).href;
            if (/\[native code\]\s*}$/.test(face()) && 'url' in held) Object.defineProperty(held, 'url', bare({ value: key == 'EventSource' ? url : replace(url, /^http/g, 'ws') }));
            // An EventSource would try again and again; a blocked one is closed for good.
            if (key == 'EventSource') held.addEventListener('error', () => held.close(), { once: true });
            return held;
          },
          // `String(WebSocket)` reads as the native constructor's (a Proxy of a function prints no name of its own).
          get: (target, name) => (name == 'toString' ? face : reflectGet(target, name)),
        }) as never,
        false,
      );
      // `socket.constructor === WebSocket`, as without the guard: the prototype names the stand-in.
      const proto = native?.prototype;
      const constructor = proto && Object.getOwnPropertyDescriptor(proto, 'constructor');
      if (constructor) {
        Reflect.defineProperty(proto, 'constructor', bare({ ...constructor, value: win[key] })) &&
          restore?.push(() => Object.defineProperty(proto, 'constructor', bare(constructor)));
      }
    }
  }
  const xhrUrls = new WeakMap<XMLHttpRequest, [service: Service | undefined, sync: boolean]>();
  /**
   * Held asynchronous requests (their `readyState` and `status` are ours until opened again), with the timer of their
   * `error`, 0 once it ended.
   */
  const heldXhrs = new WeakMap<XMLHttpRequest, ReturnType<typeof setTimeout> | 0>();
  // Uncurried, as the getters above: a page's `Function.prototype.call` answering `null` for `contentDocument` left a
  // frame unarmed, one answering another URL for a Request's `url` let its fetch by.
  const contentWindow = getter<typeof window | null>(HTMLIFrameElement.prototype, 'contentWindow');
  const contentDocument = getter<Document | null>(HTMLIFrameElement.prototype, 'contentDocument');
  const requestUrl = typeof Request == 'function' ? getterOf<string>(Request.prototype, 'url') : undefined;
  arm(page);
  const undo = restore!;
  restore = undefined;

  // What the HTML itself fetched (the browser did, before any script could stop it): said once per service and owner.
  // An element a script made is no mistake in the HTML, granted or not (a page's own loader on a returning visit).
  const report = (owner: Owner) => {
    for (const element of queryDocument('script[src]:not([data-consent]),img[src]:not([data-consent]),iframe[src]:not([data-consent])')) {
      const url = getAttribute(element, 'src');
      const service = !scripted.has(element) && !scriptedUrls.has(url!) && owner.match(url);
      if (service && !owner.told.has(service.id)) {
        owner.told.add(service.id);
        owner.options.untagged(service, element);
      }
    }
  };
  const reportAll = () => {
    for (let i = 0; i < owners.length; i++) report(owners[i]!);
    // Needed for this one look only: a long-lived page would otherwise keep every URL its scripts ever wrote.
    scriptedUrls.clear();
    reported = true;
  };
  documentProperty('readyState') == 'loading' ? listen(document, 'DOMContentLoaded', reportAll, { once: true }) : (reported = true);

  /** Takes a controller on: the guard holds for it too until its `stop()`. */
  const add = (options: GuardOptions): Guard => {
    const owner: Owner = { options, match: createHostMatcher(options.services, where), told: new Set() };
    owners.push(owner);
    learn();
    // One that comes after the HTML was looked at is not told about it: what scripts made before it came was matched
    // against the owners of the time, and would be taken for markup written in the HTML.
    if (reported && owners.length == 1) report(owner);
    return {
      // The guard's answer, not this controller's alone: a URL another owner holds is not to be fetched (a preload).
      holds,
      release() {
        // Let go once none of its URLs is held (an image's `src` and `srcset` may be two services').
        detached = only(detached, ([element]) => {
          const names = LOADS[localName(element)]!;
          // One the page has inserted is the gate's, as markup.
          if (element.isConnected) return false;
          if (any(names, name => any(urlsOf(getAttribute(element, `data-${name}`), name), url => url != null && holds(url)))) return true;
          // What was held, each given back (`ungate` gives back what waited with them once none is left).
          each((mapGet(moved, element) as Moved)[0], name => {
            const url = getAttribute(element, `data-${name}`);
            ungate(element, name);
            if (url != null) setAttribute(element, name, url);
          });
        });
      },
      stop() {
        const at = owners.indexOf(owner);
        if (at < 0) return;
        owners.splice(at, 1);
        learn();
        if (owners.length) return;
        live.on = false;
        undo.splice(0).reverse().forEach(step => step());
        page[MARK] = undefined;
      },
    };
  };
  page[MARK] = add;
  return add(first);
}

/**
 * A property descriptor of its own fields only. ECMA-262's ToPropertyDescriptor reads `get`, `set` and `value` through
 * the prototype chain: a page whose `Object.prototype.value` an old query parser set (`?__proto__[value]=1`) made every
 * descriptor invalid, and the guard's installation threw, leaving every untagged tracker loading before consent.
 */
const bare = (descriptor: PropertyDescriptor): PropertyDescriptor => Object.setPrototypeOf(descriptor, null);

/** Makes a replacement look like the native function it stands for: `name`, `length`, `toString()`. */
function keepFace(replaced: object, native: object) {
  const fn = native as (...args: unknown[]) => unknown;
  for (const key of ['name', 'length'] as const) Object.defineProperty(replaced, key, bare({ value: fn[key], configurable: true }));
  Object.defineProperty(replaced, 'toString', bare({ value: () => sourceOf(native), configurable: true, writable: true }));
}
