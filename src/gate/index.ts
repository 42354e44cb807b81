import type { ConsentCore } from '../core/controller.js';
import type { whenIdle } from '../core/idle.js';
import type { Trust } from '../core/trusted-types.js';
import type { ConsentEvents, ServiceLoader } from '../core/types.js';
import { createActivator, isScript, liveLoading, noop, runs } from './activate.js';
import type { Early } from './early.js';
import { createLoad, type AnyLoad } from './load.js';
import { createScriptLoader } from './load-script.js';
import type { Target } from './target.js';
import { clearCookies, clearServices, clearStorage } from './withdraw.js';
import { stringify } from '../core/json.js';
import { any } from '../core/natives.js';
import { guarded } from '../core/document-own.js';

export interface Gate {
  load: AnyLoad;
  /** Stops watching the page (observer, click hooks, events); what already ran stays. */
  destroy(): void;
}

/** sessionStorage key holding the withdrawal the gate last reloaded the page for. */
const RELOADED = 'cg_reloaded';

const GATED = 'data-consent';
const PLACEHOLDER = 'data-consent-placeholder';
/** `[${GATED}],[${PLACEHOLDER}]`, written out: the minifier keeps a template of constants as a template. */
const SELECTOR = '[data-consent],[data-consent-placeholder]';

/**
 * The gate (SPEC §6): applies the controller's grants to the page. Gated markup already in the document and
 * inserted later (a MutationObserver: SPA routes, tag managers) activates once its grant holds; placeholders
 * show while it does not; services with a preset loader or a `src` load when granted; a withdrawal clears the
 * services' cookies and storage and reloads once; Google Consent Mode v2 and `dataLayer` follow each change.
 * Nothing gated runs before its grant: markup is inert until this code makes it live.
 */
export interface GateOptions {
  /**
   * Strings for script URLs and texts under Trusted Types: the SDK's policy, or `PLAIN` where there is none. Both
   * callers have it from `createTrust`, so `gate.js` carries no default of its own (SPEC §10 budget).
   */
  trust: Trust;
  /**
   * Loaders of presets whose catalogue entry comes without one (the script tag's, by preset id), or the promise of
   * them (`loaders.js`, on its way beside `gate.js`: only those services wait for it).
   */
  loaders?: Record<string, ServiceLoader> | Promise<Record<string, ServiceLoader>>;
  /**
   * Runs work when the browser is idle (`whenIdle` of src/core/idle.ts): given, so that `gate.js`, which borrows
   * nothing from the bundle (a page may include it first), does not carry a copy of its own.
   */
  idle: typeof whenIdle;
}

/** In a browser only: src/create.ts returns before it without a `document` (SSR), src/script.ts runs in one. */
export function createGate(core: ConsentCore, early: Early, { trust, loaders = {}, idle }: GateOptions): Gate {
  const { config } = core;
  const { allows, describe, problemOf, readTarget, targetText } = early.target;
  /**
   * What ran on this page: service ids prefixed with `/` for what named its service, category ids for what needed
   * a whole category (SPEC §6.3: turning off one service stops category-wide markup too).
   */
  const used = new Set<string>();
  const use = ({ categories, service }: Target) => (service ? used.add(`/${service}`) : categories.forEach(id => used.add(id)));
  const loadScript = createScriptLoader(core, early.head);
  const load = createLoad(core, loadScript, use, trust, problemOf);

  // A service with a `src` (from the config, or from a preset option such as baidu-tongji's `siteId`) loads
  // when granted, through `load()` like any other script, with its preset's loader if it has one (the `_hmt`
  // queue before hm.js, gtag, …).
  for (const s of config.services) {
    const inject = (src: string, attrs?: Record<string, string>) => load({ category: s.category, service: s.id, src, attrs });
    if (s.src)
      core
        .whenGranted(s.category, s.id)
        .then(() => loaders)
        .then(table => {
          // A snippet runs once a page: run already (a controller made again), the script is only marked as used here
          // (a withdrawal then reloads, SPEC §6.3), and loads once a page whoever asks.
          const loader = early.once(s.id + ' ' + s.src) && (s.loader ?? (s.preset ? table[s.preset] : undefined));
          return loader ? loader(s, inject) : inject(s.src!);
        })
        .catch(noop);
  }

  const done = new WeakSet<Element>();
  const allowed = (target: Target) => allows(core, target);
  /** Says what is wrong with an element, in the console (naming the element and the fix) and as an event. */
  const say = (element: Element, message: string, service?: string) => {
    const text = `${describe(element)} ${message}`;
    console.warn(`consent-gate: ${text}`);
    core.report('gate', text, { service });
  };
  const activate = createActivator(loadScript, allowed, element => done.delete(element), trust, say, targetText);
  /** An integration mistake that keeps the element closed: said once per element. */
  const mistake = (element: Element, message: string, service?: string) => done.has(element) || (done.add(element), say(element, message, service));
  /** The target a node names, or `undefined` after saying what is wrong with it. */
  const known = (element: Element, attribute: string) => {
    const target = readTarget(element, attribute);
    // A `<base>` would move every relative URL of the page, forms and later scripts included, to a host markup chose
    // (user content a sanitiser kept, `data-*` and all: SPEC §6.4): no grant makes one live, not even one the network
    // guard held.
    const problem = element.localName == 'base' ? 'would move every URL of the page' : problemOf(config, target);
    if (problem) return void mistake(element, `${problem}; it stays closed.`, target.service);
    if (attribute == GATED) {
      // A gated script without an inert type ran already, by itself: activating it would run it twice.
      if (isScript(element) && runs(element.getAttribute('type'))) {
        return void mistake(element, 'ran already: add type="text/plain" and write src as data-src.');
      }
      // A loading attribute left live was fetched with the page, before any grant: say which, and keep gating the rest.
      // Not a granted element a carousel cloned: each of its live attributes beside its deferred one, as the gate left it.
      const live = liveLoading(element);
      if (live.length && !reported.has(element) && !live.every(name => !name.includes(' ') && element.getAttribute(name) === element.getAttribute(`data-${name}`))) {
        reported.add(element);
        say(element, `was fetched before consent (its live ${live.join(', ')}): write ${live.map(n => n.replace(/^(source )?(xlink:)?(.*)/, (_, source, __, name) => `data-${name}${source ? ' on its <source>' : ''}`)).join(', ')} instead.`, target.service);
      }
    }
    return target;
  };
  const reported = new WeakSet<Element>();

  /**
   * While the page is parsing, a node with nothing after it may still be growing: the network can split an
   * inline script's text or a template's content across chunks, and the observer reports the node at the
   * first chunk. Such a node waits for the next nodes, or DOMContentLoaded.
   */
  const parsed = (node: Node | null): boolean =>
    !early.parsing() || (node != null && (node.nextSibling != null || parsed(node.parentNode)));

  /**
   * The gated elements and placeholders in or under the nodes the observer's `records` name, or in the whole document
   * (no records, or the page still parsing), each once and in order.
   */
  const find = (records?: MutationRecord[]): Iterable<Element> => {
    if (!records || early.parsing()) return early.query(SELECTOR);
    // Read by index into one list: a page appending 10,000 rows in one go paid 159 ms with this observer's work when
    // each record's nodes were spread into an array and each node queried, 68 ms now (30 ms without the SDK; CPU 4×,
    // `npm run bench -- --scenario guard`, "with the microtasks they cause"). One query of the whole document instead
    // was cheaper still there, but not for a long page growing 100 rows at a time (an infinite scroll: 480 ms against
    // 30 ms for 50 such batches in a page of 40,000 elements).
    const nodes: Node[] = [];
    for (const record of records) {
      // An attribute's record names it; a childList record has none.
      if (record.attributeName) nodes.push(record.target);
      else for (let i = 0, added = record.addedNodes; i < added.length; i++) nodes.push(added[i]!);
    }
    // A node and its children inserted in one batch are all reported: each element once.
    const found = new Set<Element>();
    for (const node of nodes) {
      if (!(node instanceof Element) || !node.isConnected) continue;
      // The prototype's methods: a form's controls are its properties (`<input name="matches">` made `form.matches`
      // that input), and a route inserting such a form threw here and left its gated tags unseen (SPEC §9).
      if (Element.prototype.matches.call(node, SELECTOR)) found.add(node);
      // Most of what a busy page inserts has no element inside (a grid's cells, a list's rows): no query for those.
      if (node.firstElementChild) Element.prototype.querySelectorAll.call(node, SELECTOR).forEach(element => found.add(element));
    }
    return found;
  };

  /**
   * Activates what is allowed and shows or hides placeholders: in the whole document when a grant changes or
   * while the page parses (a node seen too early is looked at again with the next chunk), in the inserted nodes
   * afterwards, so a busy page (an image grid growing as the visitor scrolls) does not query the whole document
   * at each insertion. Nothing is thrown into the page (SPEC §9), from the observer, a grant, the end of the parse or
   * the first pass: with a built-in the page replaced after the SDK started throwing (`matches`, `getAttribute`, the
   * `isConnected` getter, an array method), what is not reached stays inert (fail closed) until the next grant's scan
   * of the whole document, and the console says so, once (`guarded`).
   */
  const scan = guarded((records?: MutationRecord[]) => {
    if (!offs.length) return; // destroyed
    for (const element of find(records) as Iterable<HTMLElement>) {
      let target = element.hasAttribute(GATED) && !done.has(element) && parsed(element) && known(element, GATED);
      if (target && allowed(target)) {
        done.add(element);
        use(target);
        activate(element, target);
      }
      if (element.hasAttribute(PLACEHOLDER)) {
        target = known(element, PLACEHOLDER);
        element.hidden = !!target && allowed(target);
      }
    }
  }, undefined, true);
  /** The state a grant's scan looked at: the `change` that follows with the same state has nothing new to show it. */
  let scanned: unknown;
  const onGranted = () => ((scanned = core.get()), scan());
  const onChange = (state: unknown) => (state == scanned ? undefined : scan());

  /**
   * Reloads once so that trackers already running stop (SPEC §6.3). The guard against reload loops looks at the
   * decision, never the clock: a page whose own code revokes while it starts (an account sync, a server rewriting the
   * cookie) makes the same withdrawal again after each reload, and that repeat is not reloaded for; a withdrawal the
   * visitor made (the page has had their click or key since it loaded), a new one made in another tab or on a sibling
   * subdomain, a different one, or the same one on a page view that is no reload (a grant given again in between, the
   * page's own sync refusing on the next page), always is.
   */
  function reload(withdrawal: ConsentEvents['revoked']) {
    try {
      // A withdrawal read from elsewhere is told apart by its record's time: another tab's new refusal reloads, the same
      // record read again after the reload (a server that sets it on every response) does not.
      const { decision, age } = core.get();
      const seen = stringify([withdrawal, withdrawal.elsewhere ? decision : decision?.action, age]);
      // Where the browser cannot tell, a page that has been open a while is taken to have its visitor.
      const visitor = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation?.hasBeenActive ?? performance.now() > 5_000;
      if (!visitor && early.reloaded() && sessionStorage.getItem(RELOADED) == seen) {
        return console.warn('consent-gate: the same withdrawal after its reload (does the page revoke as it starts?): no reload');
      }
      sessionStorage.setItem(RELOADED, seen);
      // The visitor's own: the UI says it after the reload and gives the focus back (src/ui/mount-ui.ts, `withdrawn`).
      if (!withdrawal.elsewhere) sessionStorage.setItem('cg_withdrawn', '1');
    } catch {
      // No sessionStorage: no loop guard, but no stored grant survives the reload either.
    }
    setTimeout(() => location.reload());
  }

  const granted = () => config.services.filter(s => core.get().services[s.id]);
  const revoked = (withdrawal: ConsentEvents['revoked']) => {
    const { categories, services } = withdrawal;
    const gone = config.services.filter(s => services.includes(s.id) || categories.includes(s.category));
    clearServices(gone, config.cookie.domain, granted());
    // Only what ran on this page keeps running until a reload (SPEC §6.3): what named a withdrawn service, and what
    // needed the whole category of one (which turning off one service takes away).
    const stopped = any(gone, s => used.has(`/${s.id}`) || used.has(s.category)) || any(categories, id => used.has(id));
    if (config.reloadOnRevoke && stopped) reload(withdrawal);
  };
  // A child without guardian consent: every optional service's data goes (SPEC §5.3).
  const child = ({ guardianConsent }: ConsentEvents['child']) => {
    if (!guardianConsent) clearServices(config.services.filter(s => s.category != 'necessary'), config.cookie.domain);
  };
  // What happened before this code arrived (the script tag loads it after the banner): the click hooks and the
  // Consent Mode defaults started with the SDK (`early.ts`) and kept the withdrawals for it.
  for (const [event, detail] of early.takeBacklog()) event == 'revoked' ? revoked(detail) : child(detail);
  // What is not granted now keeps no cookies: a tracker already on its way when the visitor withdrew can run in
  // the old document before the reload commits and set them again, and a stale record's trackers left theirs
  // (found by the demo suite). Where nothing matches this is one read of document.cookie, done right after the
  // first pass below: that read waits on the browser's cookie store (1–15 ms at 4× CPU on the bench page), and the
  // granted tags' requests leave first. Their storage keys, never sent anywhere by themselves, wait until the
  // browser is idle: touching the storage areas first thing cost the page 9 ms of blocked script at 4× CPU
  // (profile of the bench page).
  const notGranted = () => config.services.filter(s => s.category != 'necessary' && !core.get().services[s.id]);

  // Inserted nodes, and nodes that become gated or placeholders later (a framework patching a node it reuses).
  const observer = new MutationObserver(scan);
  const unparsed = early.onParsed(scan);
  // The document node, not its root element: it outlives `document.open()`, which puts a new root in (a page that
  // writes after load), whose gated markup must still wait for its grant and be activated on it.
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: [GATED, PLACEHOLDER] });
  // A grant is acted on when it is announced, before `change` listeners (the UI re-rendering) run.
  const offs = [core.on('granted', onGranted), core.on('change', onChange), core.on('revoked', revoked), core.on('child', child)];
  // Asked for once the gate has started: asked for before the observer, a start that failed there (a page whose
  // MutationObserver throws) left the callback reading `offs` before its declaration, a ReferenceError in the page.
  idle(() => offs.length && clearStorage(notGranted(), granted()), 2000);
  // The first pass waits a microtask, like the core's `ready`: listeners attached right after creation (or
  // replayed from the script-tag queue) still hear about bad markup. A promise's, which throws nothing into the page
  // (SPEC §9) where the clean-up fails (a page's `Array.prototype.filter` replaced after the SDK started).
  Promise.resolve()
    .then(() => {
      scan();
      if (offs.length) clearCookies(notGranted(), config.cookie.domain, granted());
    })
    .catch(noop);

  return {
    load,
    destroy() {
      observer.disconnect();
      unparsed();
      early.stop();
      offs.splice(0).forEach(off => off());
    },
  };
}
