import type { Trust } from '../core/trusted-types.js';
import type { LoadScript } from './load-script.js';
import { targetText, type Target } from './target.js';

const GATING = /^(type|data-consent|data-service)$/;
const noop = () => {};

/**
 * A fresh copy of a gated `<script>`, ready to run: every attribute but the gating ones (`async`, `defer`,
 * `integrity`, `crossorigin`, `onload`, … kept), `data-type` → `type` (e.g. `module`), `data-src` → `src`.
 * A new node, not the old one re-typed: a script element that was inserted once never runs again (klaro's
 * note: "we create a new script instead of updating the node in place").
 */
export function freshScript(old: HTMLScriptElement, trust: Trust): HTMLScriptElement {
  const script = document.createElement('script');
  for (const { name, value } of [...old.attributes]) {
    if (GATING.test(name)) continue;
    const real = name.replace(/^data-(?=src$|type$)/, '');
    // Under Trusted Types a script's `src` and text take the SDK's policy (SPEC §8).
    script.setAttribute(real, real == 'src' ? trust.url(value) : value);
  }
  if (old.text) script.text = trust.script(old.text);
  // Under a CSP header the browser hides the nonce attribute (HTML "nonce hiding"); the property keeps it.
  if (old.nonce) script.nonce = old.nonce;
  return script;
}

/** The attributes that make an element fetch, deferred in gated markup as `data-<name>` (SPEC §6.1). */
export const LOADING = ['src', 'srcset', 'href', 'poster', 'srcdoc', 'data'];

/**
 * The loading attributes an element carries live (fetched already, before any grant): a gated `<img src>`, a
 * `<video poster>`, an `<iframe srcdoc>`, a `<link href>`, an `<object data>`. A script's `src` is not fetched
 * while its type is `text/plain`, and an `<a href>` or `<area href>` loads nothing by itself.
 */
export const liveLoading = (element: Element) =>
  element instanceof HTMLScriptElement
    ? []
    : LOADING.filter(name => element.hasAttribute(name) && (name != 'href' || element.localName == 'link') && (name != 'data' || element.localName == 'object'));

/**
 * Makes the gated nodes inside template content inert before the content goes into the page: a `<script
 * data-consent>` gets `type="text/plain"` (its own type kept as `data-type`) and every loading attribute moves to
 * `data-*`, so each keeps its own gate (SPEC §6.1) instead of running with the template's grant.
 */
function holdGated(content: DocumentFragment) {
  for (const element of content.querySelectorAll('[data-consent]')) {
    if (element instanceof HTMLScriptElement) {
      const type = element.getAttribute('type');
      if (type !== null && !element.hasAttribute('data-type') && type != 'text/plain') element.setAttribute('data-type', type);
      element.type = 'text/plain';
    }
    for (const name of element instanceof HTMLScriptElement ? ['src'] : LOADING) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      if (!element.hasAttribute(`data-${name}`)) element.setAttribute(`data-${name}`, value);
      element.removeAttribute(name);
    }
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
export function createActivator(loadScript: LoadScript, allowed: (target: Target) => boolean, release: (element: Element) => void, trust: Trust) {
  /** The last script of the ordered queue, while it has not finished. */
  let tail: Promise<unknown> | undefined;

  function runScript(old: HTMLScriptElement, target: Target) {
    const script = freshScript(old, trust);
    const run = () => {
      // A node removed before its turn (an SPA route left) does not run.
      if (!old.isConnected) return;
      // Withdrawn while it waited behind a slow script (up to the load timeout): it keeps its gate.
      if (!allowed(target)) {
        old.setAttribute('data-consent', targetText(target));
        if (target.service) old.setAttribute('data-service', target.service);
        return release(old);
      }
      return loadScript(script, target.service, () => old.replaceWith(script));
    };
    if (old.hasAttribute('async')) return void run()?.catch(noop);
    // An idle queue starts the script now, inside the grant's own task: the request leaves without waiting for
    // the rest of the click's work (bench: accept → first gated request).
    const next = (tail ? tail.then(run) : new Promise(resolve => resolve(run()))).catch(noop);
    tail = next;
    void next.then(() => tail === next && (tail = undefined));
  }

  /** Sets the deferred loading attributes; a media element (or its source) then loads what it now has. */
  function load(element: Element) {
    for (const name of LOADING) {
      const value = element.getAttribute(`data-${name}`);
      if (value !== null) element.setAttribute(name, name == 'srcdoc' ? trust.html(value) : value);
    }
    // A <video> / <audio> picks its source when it is inserted: one whose sources arrive later must be told. A source
    // with no deferred attribute is left as it is by `load`.
    if (element instanceof HTMLMediaElement) {
      element.querySelectorAll('source:not([data-consent])').forEach(load);
      element.load();
    } else if (element.localName == 'source' && element.parentElement instanceof HTMLMediaElement) element.parentElement.load();
  }

  return (element: Element, target: Target) => {
    if (element instanceof HTMLScriptElement) return runScript(element, target);
    if (element instanceof HTMLTemplateElement) {
      const content = document.importNode(element.content, true);
      holdGated(content);
      // Scripts of inserted template content would run at once and unordered (inserted scripts are async):
      // they are held inert and queued like gated scripts.
      const scripts = [...content.querySelectorAll<HTMLScriptElement>('script:not([data-consent])')];
      for (const script of scripts) {
        const type = script.getAttribute('type');
        if (type !== null) script.setAttribute('data-type', type);
        script.type = 'text/plain';
      }
      element.replaceWith(content);
      return scripts.forEach(script => runScript(script, target));
    }
    load(element);
  };
}
