import { createOwn } from '../core/document-own.js';
import { matches } from '../core/natives.js';
import { runs } from './script-type.js';
import type { Trust } from '../core/trusted-types.js';
import type { LoadScript } from './load-script.js';
import { BY_GATE, IN_PLACE } from '../guard/guard.js';
import type { Target, targetText } from './target.js';

export const noop = () => {};

/**
 * A fresh copy of a gated `<script>`, ready to run: every attribute but the gating ones (`async`, `defer`,
 * `integrity`, `crossorigin`, `onload`, … kept), `data-type` → `type` (e.g. `module`), `data-src` → `src`.
 * A new node, not the old one re-typed: a script element that was inserted once never runs again (klaro's
 * note: "we create a new script instead of updating the node in place").
 * `data-service` stays, and `src` comes last: the network guard gives a host several services share to the service
 * the script names, and it looks when the `src` is set.
 */
export function freshScript(old: HTMLScriptElement, trust: Trust): HTMLScriptElement {
  const script = createOwn('script');
  // The gate's own: the network guard lets it through where any controller granted its host (guard.ts, `hold`).
  (script as unknown as Record<symbol, number>)[BY_GATE] = 1;
  for (const { name, value } of [...old.attributes]) {
    // Compared, not matched: a page's `RegExp.prototype.test` answering nothing copied the gating attributes onto the
    // live copy, gated markup again, which the gate activated again, and again: the page hung on "accept all".
    if (name != 'type' && name != 'data-consent' && name != 'data-src' && name != 'src') script.setAttribute(name == 'data-type' ? 'type' : name, value);
  }
  // A live `src` left on gated markup (an integration mistake the gate reports) is its URL too, through the policy.
  const src = old.getAttribute('data-src') ?? old.getAttribute('src');
  // Under Trusted Types a script's `src` and text take the SDK's policy (SPEC §8).
  if (src != null) script.setAttribute('src', trust.url(src));
  // `textContent`: an SVG `<script>` (gated inside an inline `<svg>`) has no `text`; its copy is an HTML script, which
  // runs there as anywhere else in the document.
  if (old.textContent) script.text = trust.script(old.textContent);
  // Under a CSP header the browser hides the nonce attribute (HTML "nonce hiding"); the property keeps it.
  if (old.nonce) script.nonce = old.nonce;
  return script;
}

/**
 * Puts the live copy of a gated script in the page. Gated markup stays where it was, inert and without what gated it
 * (no gate runs it again, nothing takes it for a script left ungated), the copy after it: an SPA framework removes the
 * node it rendered with `parent.removeChild(node)`, which throws once the node is gone (React then unmounts the whole
 * app). Its `id` goes to the copy, which a later `getElementById` must find (a snippet setting the `src` of a
 * placeholder script it named). A script the SDK made inert itself (a template's, one a snippet wrote) is replaced.
 */
const place = (old: Element, script: Element) => {
  if (!old.hasAttribute('data-consent')) return old.replaceWith(script);
  for (const name of ['data-consent', 'data-src', 'data-service', 'id']) old.removeAttribute(name);
  old.after(script);
};

/** The attributes that make an element fetch, deferred in gated markup as `data-<name>` (SPEC §6.1). */
export const LOADING = ['src', 'srcset', 'href', 'poster', 'srcdoc', 'data', 'imagesrcset'];

export { runs };

/** A `<script>`, HTML's or SVG's (a gated script inside an inline `<svg>`). */
export const isScript = (element: Element) => element.localName == 'script';

/** Elements whose `href` fetches: `<link>` and SVG's `<image>`, `<use>`, `<feImage>` (`xlink:href` too). */
const FETCHES_HREF = /^(link|image|use|feimage)$/i;

/**
 * The loading attributes an element carries live (fetched already, before any grant): a gated `<img src>`, a
 * `<video poster>`, an `<iframe srcdoc>`, a `<link href>`, an SVG `<image xlink:href>`, an `<object data>`, and the
 * `src` / `srcset` of the `<source>`s of a gated `<video>`, `<audio>` or `<picture>` (`source src`). A script's `src`
 * is not fetched while its type is `text/plain`, and an `<a href>` or `<area href>` loads nothing by itself.
 */
export const liveLoading = (element: Element): string[] =>
  isScript(element)
    ? []
    : [
        ...[...LOADING, 'xlink:href'].filter(
          name => element.hasAttribute(name) && (!matches(/href$/, name) || matches(FETCHES_HREF, element.localName)) && (name != 'data' || element.localName == 'object'),
        ),
        // Each attribute once, however many `<source>`s carry it.
        ...(matches(/^(video|audio|picture)$/, element.localName)
          ? ['src', 'srcset'].filter(name => element.querySelector(`source[${name}]:not([data-consent])`)).map(name => `source ${name}`)
          : []),
      ];

/**
 * Moves an element's live loading attributes to `data-*` (`xlink:href` to `data-href`: SVG 2 reads `href`), and those
 * of the `<source>`s of a media element or a picture: nothing of it fetches until its own grant.
 */
function defer(element: Element) {
  for (const name of isScript(element) ? ['src'] : [...LOADING, 'xlink:href']) {
    const value = element.getAttribute(name);
    if (value == null) continue;
    const deferred = `data-${name.replace('xlink:', '')}`;
    if (!element.hasAttribute(deferred)) element.setAttribute(deferred, value);
    element.removeAttribute(name);
  }
  if (matches(/^(video|audio|picture)$/, element.localName)) element.querySelectorAll('source:not([data-consent])').forEach(defer);
}

/**
 * Whether a deferred URL would run script in the page (`data-href="javascript:…"`): a sanitiser keeps `data-*` and
 * checks no value of them, so user content could carry one (SPEC §6.4: no attribute alone may grant anything).
 */
const scripted = (value: string, element: Element) => {
  try {
    // The element's base, which is the document's: markup named `baseURI` (an `<img name>`) stands for the document's
    // own property, and an unparsable base made every URL "not script" (SPEC §9).
    return matches(/^(javascript|vbscript):$/i, new URL(value, element.baseURI).protocol);
  } catch {
    return false;
  }
};

/**
 * Makes the gated nodes inside template content inert before the content goes into the page: a `<script
 * data-consent>` gets `type="text/plain"` (its own type kept as `data-type`) and every loading attribute moves to
 * `data-*`, so each keeps its own gate (SPEC §6.1) instead of running with the template's grant.
 */
function holdGated(content: DocumentFragment) {
  for (const element of content.querySelectorAll('[data-consent]')) {
    if (isScript(element)) {
      const type = element.getAttribute('type');
      if (type && !element.hasAttribute('data-type') && type != 'text/plain') element.setAttribute('data-type', type);
      element.setAttribute('type', 'text/plain');
    }
    defer(element);
  }
}

/**
 * Returns `activate(element, target)` for gated nodes that just became allowed, called in document order.
 * Scripts run one after another in that order, across calls: an inline script waits for the external ones
 * before it (`var _hmt` stubs, `gtag('config')` after the library), as parser-inserted scripts would. A script
 * marked `async` runs on its own. A failing or hanging script is reported and the queue moves on (SPEC §9).
 * A script whose grant is gone by its turn stays inert and gated, and `release` hands it back for a later grant.
 * Other elements get their deferred loading attributes (`data-src`, `data-srcset`, `data-href`, `data-poster`,
 * `data-srcdoc`, `data-data`) as the real ones; a `<video>` / `<audio>` whose sources were gated is told to load
 * them; a `<template>` is replaced by its content, whose scripts go through the same queue.
 */
export function createActivator(
  loadScript: LoadScript,
  allowed: (target: Target) => boolean,
  release: (element: Element) => void,
  trust: Trust,
  refuse: (element: Element, message: string) => void,
  text: typeof targetText,
) {
  /** The last script of the ordered queue, while it has not finished. */
  let tail: Promise<unknown> | undefined;

  /**
   * Inserts a fresh copy of `old` in its place and waits for it: an external script until it loaded, one the browser
   * will not run (`nomodule` where modules run, a type that is data) not at all, since it fires neither `load` nor
   * `error` (the queue waited for the timeout and reported a failure).
   */
  function insert(old: HTMLScriptElement, target: Target): Promise<unknown> | void {
    const url = old.getAttribute('data-src');
    const type = old.getAttribute('data-type');
    // Its copy's type: `freshScript` makes `data-type` the `type`.
    const live = runs(type) && !old.hasAttribute('nomodule');
    if (url && live && (old as unknown as Record<symbol, unknown>)[IN_PLACE]) {
      // A script the network guard held as the page gave it its URL is made live in place: a connected script that
      // never started runs once it is given a `src` (HTML "prepare the script element"), and the page's own `onload`,
      // listeners and references (a loader awaiting jweixin before `wx.config()`) stay with the node that loads.
      // Markup gets a fresh copy: a script an HTML fragment parser made (`innerHTML`) is marked started for good.
      // A URL that does not parse throws here, before the node is touched: the queue moves on, the script stays held.
      const href = new URL(url, old.baseURI).href;
      // `data-service` stays: the guard looks at it when the `src` is set.
      for (const name of ['data-consent', 'data-type', 'data-src', 'type']) old.removeAttribute(name);
      // The gate's now: a controller that has not heard of the grant yet (two on a page) no longer holds it (guard.ts).
      (old as unknown as Record<symbol, number>)[BY_GATE] = 1;
      if (type) old.setAttribute('type', type);
      return loadScript(old, target.service, () => old.setAttribute('src', trust.url(url) as string), href);
    }
    const script = freshScript(old, trust);
    // An external or module script is waited for; one the browser will not run is put in place as an inline one is
    // below (of the types that run, only `module` says "module").
    if (live && (script.src || matches(/module/i, type!))) {
      return loadScript(script, target.service, () => place(old, script));
    }
    // An inline classic script runs as it is inserted, after the page was parsed: its `document.write` (CNZZ's and
    // many ad snippets) would open a new document and wipe the page. What it writes is put after it instead, its
    // gated nodes keeping their own gate and its scripts run in order, as the parser would have.
    // A stand-in assigned, not defined: a page that froze its `document` (or made it non-extensible) before the SDK
    // takes none (the assignment throws, caught), and the granted script still runs, its `document.write` the
    // browser's own (SPEC §9); and no property descriptor is read, whose inherited `get` / `set` (ECMA-262
    // ToPropertyDescriptor) a page's polluted `Object.prototype` may carry.
    const written: string[] = [];
    const own = ['write', 'writeln'].map(key => [key, Object.getOwnPropertyDescriptor(document, key)] as const);
    for (const [key] of own) {
      try {
        (document as unknown as Record<string, unknown>)[key] = (...html: unknown[]) => void written.push(html.join('') + (key == 'writeln' ? '\n' : ''));
      } catch {}
    }
    try {
      place(old, script);
    } finally {
      for (const [key, descriptor] of own) descriptor ? Object.defineProperty(document, key, descriptor) : delete (document as unknown as Record<string, unknown>)[key];
    }
    if (!written.length || !script.parentNode) return;
    const template = createOwn('template');
    // As a plain string, never through the SDK's Trusted Types policy: what a snippet writes may come from the URL
    // (`document.write(location.hash)`), and a page under Trusted Types refuses it as it would the snippet's own write
    // (the TypeError ends this script's turn; the queue goes on).
    template.innerHTML = written.join('');
    const scripts = inert(template.content);
    script.after(template.content);
    return scripts.reduce<Promise<unknown>>((previous, each) => previous.then(() => insert(each, target)), Promise.resolve());
  }

  function runScript(old: HTMLScriptElement, target: Target) {
    const run = () => {
      // A node removed before its turn (an SPA route left) does not run; put back later (a kept-alive route), it
      // runs then.
      if (!old.isConnected) return release(old);
      // Withdrawn while it waited behind a slow script (up to the load timeout): it keeps its gate.
      if (!allowed(target)) {
        old.setAttribute('data-consent', text(target));
        if (target.service) old.setAttribute('data-service', target.service);
        return release(old);
      }
      return insert(old, target);
    };
    if (old.hasAttribute('async')) return void run()?.catch(noop);
    // An idle queue starts the script now, inside the grant's own task: the request leaves without waiting for
    // the rest of the click's work (bench: accept → first gated request).
    const next = (tail ? tail.then(run) : new Promise(resolve => resolve(run()))).catch(noop);
    tail = next;
    void next.then(() => tail === next && (tail = undefined));
  }

  /**
   * Sets the deferred loading attributes; a media element (or its source) then loads what it now has. A URL that
   * would run script in the page is refused and said.
   */
  function load(element: Element) {
    for (const name of LOADING) {
      const value = element.getAttribute(`data-${name}`);
      if (value == null) continue;
      // `srcset`, `imagesrcset` and `srcdoc` are no single URL (and a srcdoc's scripts are the page's HTML, SPEC §6.1).
      if (!matches(/set|doc/, name) && scripted(value, element)) refuse(element, `has a data-${name} that runs script: it stays closed.`);
      else {
        // A frame's HTML written in markup runs in an origin of its own: a sanitiser that keeps an `<iframe>` (a video
        // embed) keeps its `data-srcdoc` where it drops `srcdoc`, and user content's HTML would run as the page, with its
        // cookies (SPEC §6.4: no attribute alone may grant anything). One the network guard held (a page's script gave
        // it, and could reach the page anyway: ad code's "friendly" frames) keeps the page's origin.
        if (name == 'srcdoc' && !(element as unknown as Record<symbol, unknown>)[IN_PLACE]) {
          const sandbox = element.getAttribute('sandbox');
          // A page's own widget that needs the page's origin is told why it does not get it, and how it can.
          if (matches(/allow-same-origin/i, sandbox!)) refuse(element, 'runs without allow-same-origin: a data-srcdoc runs in an origin of its own.');
          // Nor may it navigate the page it sits in (a comment's frame sending the visitor to a look-alike login).
          element.setAttribute('sandbox', sandbox?.replace(/\s*allow-(same|top)[\w-]*/gi, '') ?? 'allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox');
        }
        element.setAttribute(name, name == 'srcdoc' ? trust.html(value) : value);
      }
    }
    // A <video> / <audio> picks its source when it is inserted: one whose sources arrive later must be told; a
    // <picture> has its sources and image made live with it. A source with no deferred attribute is left as it is.
    const inside = matches(/^(video|audio)$/, element.localName) ? 'source' : element.localName == 'picture' ? 'source,img' : '';
    if (inside) element.querySelectorAll(inside.replace(/\w+/g, '$&:not([data-consent])')).forEach(load);
    const media = element.localName == 'source' ? element.parentElement : element;
    // By name: a page's `var HTMLMediaElement = …` after the SDK is no reason to throw (SPEC §9).
    if (matches(/^(video|audio)$/, media!.localName)) (media as HTMLMediaElement).load();
  }

  return (element: Element, target: Target) => {
    if (isScript(element)) return runScript(element as HTMLScriptElement, target);
    // An HTML one: a `<template>` inside SVG or MathML has no content (and activates as any other element).
    if (element.localName == 'template' && (element as HTMLTemplateElement).content) {
      const own = (element as HTMLTemplateElement).content;
      // One a framework made (Vue and React call createElement and append the children to it, where a parser puts
      // them in its content) holds its markup as children, in the page already and hidden by the template's `display:
      // none`: shown where they are, as the framework keeps them (moved or copied, a gated node inside that had run
      // ran again, and the framework's later removeChild threw). The gate treats its gated children as any others.
      if (!own.firstChild && element.firstChild) return (element as HTMLElement).style.setProperty('display', 'contents', 'important');
      // Cloned where nothing loads (the template's own inert document): a gated image inside starts no fetch before
      // `inert` defers it; its nodes are adopted into the page as they go in.
      const content = own.cloneNode(true) as DocumentFragment;
      const scripts = inert(content);
      element.replaceWith(content);
      return scripts.forEach(script => runScript(script, target));
    }
    load(element);
  };
}

/**
 * Makes HTML about to enter the page wait for the queue: its gated nodes keep their own gate (`holdGated`), and its
 * other scripts, which inserted HTML would run at once and unordered (inserted scripts are async), are made inert
 * and returned, to run in order with the grant that let the HTML in.
 */
function inert(content: DocumentFragment): HTMLScriptElement[] {
  holdGated(content);
  const scripts = [...content.querySelectorAll<HTMLScriptElement>('script:not([data-consent])')];
  for (const script of scripts) {
    const type = script.getAttribute('type');
    if (type != null) script.setAttribute('data-type', type);
    script.type = 'text/plain';
  }
  return scripts;
}
