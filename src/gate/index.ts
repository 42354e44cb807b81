import type { ConsentCore } from '../core/controller.js';
import type { Trust } from '../core/trusted-types.js';
import type { ConsentEvents, ConsentGate } from '../core/types.js';
import { createActivator } from './activate.js';
import type { Early } from './early.js';
import { createLoad } from './load.js';
import { createScriptLoader } from './load-script.js';
import { isKnown, readTarget, type Target } from './target.js';
import { clearCookies, clearServices, clearStorage } from './withdraw.js';

export interface Gate {
  load: ConsentGate['load'];
  /** Stops watching the page (observer, click hooks, events); what already ran stays. */
  destroy(): void;
}

/** Runs `fn` when the browser has nothing more urgent to do, within two seconds. */
const whenIdle = (fn: () => void) =>
  typeof requestIdleCallback == 'function' ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 50);

/** sessionStorage key holding when the gate last reloaded the page after a withdrawal. */
const RELOADED = 'cg_reloaded';
const GATED = 'data-consent';
const PLACEHOLDER = 'data-consent-placeholder';

/**
 * The gate (SPEC §6): applies the controller's grants to the page. Gated markup already in the document and
 * inserted later (a MutationObserver: SPA routes, tag managers) activates once its grant holds; placeholders
 * show while it does not; services with a preset loader or a `src` load when granted; a withdrawal clears the
 * services' cookies and storage and reloads once; Google Consent Mode v2 and `dataLayer` follow each change.
 * Nothing gated runs before its grant: markup is inert until this code makes it live.
 */
export interface GateOptions {
  /** Strings for script URLs and texts under Trusted Types (the script tag's policy). */
  trust?: Trust;
}

export function createGate(core: ConsentCore, early: Early, { trust = { url: String, script: String } }: GateOptions = {}): Gate {
  const { config } = core;
  /** What ran on this page: category ids, and service ids prefixed with `/`. */
  const used = new Set<string>();
  const use = ({ categories, service }: Target) => {
    categories.forEach(id => used.add(id));
    if (service) used.add(`/${service}`);
  };
  const loadScript = createScriptLoader(core);
  const load = createLoad(core, loadScript, use, trust);
  if (typeof document === 'undefined') return { load, destroy() {} };

  // A service with a `src` (from the config, or from a preset option such as baidu-tongji's `siteId`) loads
  // when granted, through `load()` like any other script, with its preset's loader if it has one (the `_hmt`
  // queue before hm.js, gtag, …).
  for (const s of config.services) {
    const inject = (src: string, attrs?: Record<string, string>) => load({ category: s.category, service: s.id, src, attrs });
    if (s.src) core.whenGranted(s.category, s.id).then(() => (s.loader ? s.loader(s, inject) : inject(s.src!))).catch(() => {});
  }

  const done = new WeakSet<Element>();
  /**
   * The controller's `granted()` for every category of a target: the named service in its own category, the whole
   * category (every service in it) where no service is named (review R4).
   */
  const allowed = ({ categories, service }: Target) =>
    categories.every(id => core.granted(id, config.services.some(s => s.id === service && s.category === id) ? service : undefined));
  const activate = createActivator(loadScript, allowed, element => done.delete(element), trust);
  /** The target a node names, or `undefined`, reported once, when it names unknown things. */
  const known = (element: Element, attribute: string) => {
    const target = readTarget(element, attribute);
    // A gated script without an inert type ran already, by itself: activating it would run it twice.
    const runsAlone = element instanceof HTMLScriptElement && attribute === GATED && /^$|script$|^module$/i.test(element.type);
    if (isKnown(config, target) && !runsAlone) return target;
    if (!done.has(element)) core.report('gate', `${attribute}="${target.categories}" ${target.service}: unknown, or not type="text/plain"`, { service: target.service });
    done.add(element);
  };

  /**
   * While the page is parsing, a node with nothing after it may still be growing: the network can split an
   * inline script's text or a template's content across chunks, and the observer reports the node at the
   * first chunk. Such a node waits for the next nodes, or DOMContentLoaded.
   */
  const parsed = (node: Node | null): boolean =>
    document.readyState !== 'loading' || (node !== null && (node.nextSibling !== null || parsed(node.parentNode)));

  /** The elements carrying `attribute` in or under `nodes`, or in the whole document. */
  const find = (attribute: string, nodes?: Iterable<Node>): Iterable<Element> => {
    if (!nodes) return document.querySelectorAll(`[${attribute}]`);
    // A node and its children inserted in one batch are all reported: each element once.
    const found = new Set<Element>();
    for (const node of nodes) {
      if (!(node instanceof Element) || !node.isConnected) continue;
      if (node.hasAttribute(attribute)) found.add(node);
      node.querySelectorAll(`[${attribute}]`).forEach(element => found.add(element));
    }
    return found;
  };

  /**
   * Activates what is allowed and shows or hides placeholders: in the whole document when a grant changes or
   * while the page parses (a node seen too early is looked at again with the next chunk), in the inserted nodes
   * afterwards, so a busy page (an image grid growing as the visitor scrolls) does not query the whole document
   * at each insertion.
   */
  function scan(nodes?: Iterable<Node>) {
    if (!offs.length) return; // destroyed
    for (const element of find(GATED, nodes)) {
      const target = !done.has(element) && parsed(element) && known(element, GATED);
      if (target && allowed(target)) {
        done.add(element);
        use(target);
        activate(element, target);
      }
    }
    for (const element of find(PLACEHOLDER, nodes) as Iterable<HTMLElement>) {
      const target = known(element, PLACEHOLDER);
      element.hidden = Boolean(target && allowed(target));
    }
  }
  const scanAll = () => scan();

  function reload() {
    try {
      // Once, not in a loop: a page whose own code revokes while it starts (an account sync, a server
      // rewriting the cookie) is reloaded once, then left alone for ten seconds. A withdrawal later in the page's
      // life is the visitor's and always reloads (review finding F9).
      const starting = performance.now() < 5_000;
      // The distance, not the difference: a reload stored by a clock that has since gone back would otherwise
      // block every later one in this tab (QA review).
      if (starting && Math.abs(Date.now() - Number(sessionStorage.getItem(RELOADED))) < 10_000) return;
      sessionStorage.setItem(RELOADED, String(Date.now()));
    } catch {
      // No sessionStorage: no loop guard, but no stored grant survives the reload either.
    }
    setTimeout(() => location.reload());
  }

  const granted = () => config.services.filter(s => core.get().services[s.id]);
  const revoked = ({ categories, services }: ConsentEvents['revoked']) => {
    clearServices(config.services.filter(s => services.includes(s.id) || categories.includes(s.category)), config.cookie.domain, granted());
    // Only what ran on this page keeps running until a reload (SPEC §6.3).
    if (config.reloadOnRevoke && (categories.some(id => used.has(id)) || services.some(id => used.has(`/${id}`)))) reload();
  };
  // A child without guardian consent: every optional service's data goes (SPEC §5.3).
  const child = ({ guardianConsent }: ConsentEvents['child']) => {
    if (!guardianConsent) clearServices(config.services.filter(s => s.category !== 'necessary'), config.cookie.domain);
  };
  // What happened before this code arrived (the script tag loads it after the banner): the click hooks and the
  // Consent Mode defaults started with the SDK (`early.ts`) and kept the withdrawals for it.
  for (const [event, detail] of early.takeBacklog()) event === 'revoked' ? revoked(detail) : child(detail);
  // What is not granted now keeps no cookies: a tracker already on its way when the visitor withdrew can run in
  // the old document before the reload commits and set them again, and a stale record's trackers left theirs
  // (found by the demo suite). Where nothing matches this is one read of document.cookie. Their storage keys,
  // never sent anywhere by themselves, wait until the browser is idle: touching the storage areas first thing
  // cost the page 9 ms of blocked script at 4× CPU (profile of the bench page).
  const notGranted = () => config.services.filter(s => s.category !== 'necessary' && !core.get().services[s.id]);
  clearCookies(notGranted(), config.cookie.domain, granted());
  whenIdle(() => offs.length && clearStorage(notGranted(), granted()));

  // Inserted nodes, and nodes that become gated or placeholders later (a framework patching a node it reuses:
  // review R7).
  const observer = new MutationObserver(records =>
    scan(
      document.readyState == 'loading'
        ? undefined
        : records.flatMap(record => (record.type == 'attributes' ? [record.target] : [...record.addedNodes])),
    ),
  );
  document.addEventListener('DOMContentLoaded', scanAll);
  observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: [GATED, PLACEHOLDER] });
  // A grant is acted on when it is announced, before `change` listeners (the UI re-rendering) run.
  const offs = [core.on('granted', scanAll), core.on('change', scanAll), core.on('revoked', revoked), core.on('child', child)];
  // The first pass waits a microtask, like the core's `ready`: listeners attached right after creation (or
  // replayed from the script-tag queue) still hear about bad markup.
  queueMicrotask(scanAll);

  return {
    load,
    destroy() {
      observer.disconnect();
      document.removeEventListener('DOMContentLoaded', scanAll);
      early.stop();
      offs.splice(0).forEach(off => off());
    },
  };
}
