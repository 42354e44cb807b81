/**
 * The script-tag entry (SPEC §7.1, §10): `<script src="consent-gate.min.js">` reads its config from
 * `<script type="application/json" id="consent-gate-config">` or `window.consentGateConfig`, replays the
 * `window.ConsentGate` queue and becomes `window.ConsentGate`. Its composition is explicit here:
 *
 * - in this file, what every page view needs at once: the config, the stored record and the rules (the reader), the
 *   click hooks and Consent Mode defaults (the gate's early part), and the banner, built without Preact;
 * - beside it, loaded when needed (`script/load-file.ts`): `gate.js` (activation, withdrawal) at once when
 *   stored grants apply (the granted tags fetched meanwhile: `gate/preload.ts`), after the banner has painted
 *   otherwise, with `loaders.js` (the presets' snippets) asked for beside it where a preset service has a `src`;
 *   `decide.js` (the writer: decisions, age groups, reset) while the browser is idle after the banner, or as soon as
 *   a decision or a view needs it, with `cookie.js` (the cookie write) and `receipt.js` (receipts, SPEC §7.4; only
 *   where the config has `receipt`) asked for in parallel;
 *   `views.js` (Preact and the views' frame) and `views/*.js` when a view opens, fetched ahead after the banner.
 *
 * A decision called before `decide.js` arrived is queued and applied in order (SPEC §7.2). Nothing here may throw
 * into the page.
 */
import { createClosedGate } from './core/closed.js';
import { whenIdle } from './core/idle.js';
import { normalizeConfig } from './core/config.js';
import { publicController, type ConsentCore } from './core/controller.js';
import { createReader } from './core/reader.js';
import { hasPendingReceipts } from './core/receipt.js';
import { cookieReader, memoryStorage } from './core/storage.js';
import { createTrust } from './core/trusted-types.js';
import type { ConsentGate, ConsentGateConfig, ErrorKind, ResolvedConfig, ScriptConsentGate, Service } from './core/types.js';
import type { Gate } from './gate/index.js';
import { startEarly } from './gate/early.js';
import { preloadGranted } from './gate/preload.js';
import { installGuard } from './guard/guard.js';
import { startGuard } from './guard/start-guard.js';
import { CATALOGUE, PRESETS } from './presets/catalogue.js';
import { createFileLoader } from './script/load-file.js';
import * as shared from './script/shared.js';
import { sayHidden } from './ui/dom.js';
import { mountUI } from './ui/mount-ui.js';
import type { Loader } from './ui/view-context.js';
import { documentProperty, listen, prerendered, queryDocument } from './core/document-own.js';
import { pinCookie } from './core/jar.js';
import { SUSPECT } from './script/markup-mistakes.js';

/** The browser's own constructors as the bundle read them first thing (rollup.config.ts `OWN_GLOBALS`), lent to its files. */
declare const ownGlobals: object;
/** A page's own binding of that name (`parsed`, in `boot`): looked for only to say it is not where the config goes. */
declare const consentGateConfig: unknown;

type Queued = (gate: ScriptConsentGate) => void;
interface Host {
  ConsentGate?: ScriptConsentGate | Queued[] | Element;
  consentGateConfig?: ConsentGateConfig;
}
/** Marks the instance on `window` where markup cannot reach: an element can clobber a name, never a symbol. */
const INSTANCE = Symbol.for('consent-gate');

/** The config element the SDK read its config from, if it did (`boot`'s checks once the page has parsed). */
let configElement: HTMLElement | null = null;
/**
 * Where the page has parsed with a config mistake to say, or a tag that is not a plain `<script>` (0, or 1 for an
 * async, deferred or inserted one, 2 for a module): the config as read and that kind, for mistakes.js (`boot`).
 */
let slips: [config: unknown, tag: number] | undefined;

function readConfig(host: Host): ConsentGateConfig | undefined {
  const element = (configElement = document.getElementById('consent-gate-config'));
  if (element) {
    try {
      // A byte-order mark an editor saved at the start is no JSON mistake to fix (nor one to see). A config element
      // read as nothing (a page's `JSON.parse` answering undefined) is refused as null is, never taken for no config:
      // the defaults configure no service, and the guard would hold none of the page's trackers (SPEC §9).
      return JSON.parse((element.textContent || '{}').replace(/^\uFEFF/, '')) ?? null;
    } catch (error) {
      throw new TypeError(`consent-gate: #consent-gate-config is not valid JSON (${(error as Error).message})`);
    }
  }
  // Own property only: a polluted Object.prototype or an element named `consentGateConfig` is no config.
  const config = Object.prototype.hasOwnProperty.call(host, 'consentGateConfig') ? host.consentGateConfig : undefined;
  return config instanceof Element ? undefined : config;
}

/**
 * Runs `fn` once the page has loaded and the browser is idle, within two seconds: a script inserted before `load`
 * holds the page's own `load` event back until it ran, and the SDK's later parts must never delay the page. A page
 * whose `load` has not come 10 s after the start (an image or a frame whose server never answers) is not waited for.
 */
const afterLoad = (fn: () => void) => {
  let go = () => ((go = () => {}), whenIdle(fn, 2000));
  if (documentProperty('readyState') == 'complete') go();
  else listen(window, 'load', () => go(), { once: true }), setTimeout(() => go(), 1e4);
};

function start(resolved: ResolvedConfig, taken?: string): ConsentGate {
  let writerAsked = false;
  const core: ConsentCore = createReader(resolved, {
    storage: typeof navigator != 'undefined' && navigator.cookieEnabled === false ? memoryStorage() : cookieReader(resolved.cookie.name, resolved.cookie.domain),
    lang: () => ui.lang,
    needWriter: () => loadWriter(),
  });
  const trust = createTrust(message => core.report('trusted-types', message));
  const files = createFileLoader(trust);
  // First thing, synchronously, before any later script of the page runs (SPEC §6.6). What it finds written untagged
  // in the HTML is worded by untagged.js, loaded only when there is something to say.
  const guard =
    resolved.guard === false
      ? undefined
      : startGuard(core, trust, (service, element) =>
          files<typeof import('./script/untagged.js')>('untagged').then(
            module => module.reportUntagged(core)(service, element),
            error => report('untagged', error),
          ),
        );
  const early = startEarly(core);
  if (taken) {
    // An element with id="ConsentGate" (user content, say) took the name: the SDK starts anyway and says so (SPEC §9).
    const message = `window.ConsentGate was taken by ${taken}; Consent Gate replaced it with its controller`;
    console.warn(`consent-gate: ${message}`);
    queueMicrotask(() => core.report('page', message));
  }
  // The banner renders in a task of its own, right after this one (a user-blocking task where the browser has
  // `scheduler.postTask`): the boot and the first render each stay under 50 ms at 4× CPU (SPEC §10), and the banner
  // still shows before the page's own later tasks. Bench, first visit, 9 runs: the longest run 59 → 49 ms. A timer
  // backs it up, whichever runs first renders: the page's `scheduler` may be a polyfill that throws or never runs.
  const ui = mountUI(core, files as Loader, render => {
    let done = false;
    const once = () => done || ((done = true), render());
    try {
      (window as unknown as { scheduler: { postTask(task: () => void, options: { priority: string }): Promise<void> } }).scheduler.postTask(once, { priority: 'user-blocking' }).catch(() => {});
    } catch {
      // No scheduler, or not one that works: the timer renders.
    }
    setTimeout(once);
  });

  let gate: Gate | undefined;
  let destroyed = false;
  const gateReady = new Promise<Gate>((resolve, reject) => {
    // The presets' loaders come beside the gate, asked for at the same time, where a preset service has a `src`. If
    // they cannot load, those services stay unloaded (fail closed) and the rest of the gate works.
    const presets = resolved.services.filter(s => s.src && s.preset).map(s => s.preset!);
    let asked = false;
    const load = () => {
      // Not while prerendered: what the gate starts waits until the visitor is shown the page (a grant that arrives
      // meanwhile from another tab too).
      if (asked || destroyed || prerendered(load)) return;
      asked = true;
      // In a try: run when idle, where what throws is no one's to hear (a built-in the page replaced after the SDK
      // started); the gate's failure is said as any other (`gateReady`, below).
      try {
        const loaders =
          presets.length &&
          files<typeof import('./script/loaders.js')>('loaders').then(
            module => module.loaders,
            error => (report('loaders', error), Object.fromEntries(presets.map(preset => [preset, () => {}]))),
          );
        files<typeof import('./script/gate.js')>('gate')
          .then(module => {
            if (destroyed) return;
            gate = module.createGate(core, early, { trust, loaders: loaders || undefined, idle: whenIdle });
            resolve(gate);
          })
          .catch(reject);
      } catch (error) {
        reject(error);
      }
    };
    // A first visit's banner needs none of the gate: nothing is granted yet, so it comes once the page has loaded,
    // or with the first grant, whichever is first. Stored grants apply at once. A decision made before it arrived is
    // applied by it (the gate looks at the whole page when it starts).
    if (core.get().prompt) afterLoad(load), core.on('granted', load);
    else load();
  });
  // A gate that cannot load keeps everything closed; its `load()` calls fail and say why.
  gateReady.catch(error => report('gate', error));
  // The granted tags are fetched while the gate is on its way, once the calls the page queued before the bundle have
  // been replayed (boot, below): a refusal or an account's age group queued there takes its grants away first.
  const preload = () => preloadGranted(core, guard?.holds);
  if (!core.get().prompt) queueMicrotask(() => prerendered(preload) || preload());

  function loadWriter() {
    if (writerAsked) return;
    writerAsked = true;
    // The writer and the cookie write come in files of their own, asked for in parallel with the sending of receipts
    // (only where the config sends them). A decision waits for the first two: if one cannot load, the decisions waiting
    // settle unapplied (fail closed) and the next one asks again. Never for receipt.js (SPEC §7.4: receipts never block
    // the UI, failures are events): cookie.js keeps each receipt in the outbox as the decision is stored, and receipt.js
    // sends what is kept once it arrives; where it cannot load, the receipts wait for a page where it does.
    const sender = resolved.receipt && files<typeof import('./script/receipt.js')>('receipt').then(module => module.sendReceipts, error => report('receipt', error));
    Promise.all([files<typeof import('./script/decide.js')>('decide'), files<typeof import('./script/cookie.js')>('cookie')])
      .then(([module, cookie]) =>
        core.attach(ledger =>
          module.createWriter(ledger, cookie.writerDeps(resolved, sender)),
        ),
      )
      .catch(error => {
        writerAsked = false;
        report('writer', error);
        core.unavailable();
      });
  }

  function report(kind: ErrorKind, error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    // A file that did not load was said by the loader; anything else (its code failing) is said here.
    if (!files.told(error)) console.error(`consent-gate: ${kind}: ${message}`);
    core.report(kind, message, { error });
  }

  if (core.get().prompt || core.rewrite) {
    // Once the page has loaded, while the browser is idle: the writer, so a click applies at once (or the record read
    // is written again: merged from several, or its effective grants outdated), and, where the banner shows, the
    // views' files, fetched ahead (not run) so that "设置" opens without a wait. A click before then loads the writer.
    afterLoad(() => {
      loadWriter();
      if (resolved.ui && core.get().prompt) ['views', 'views/preferences'].forEach(files.prefetch);
    });
  }
  // Gated markup that Consent Gate never reads as meant (an inert script without `data-consent`, a plural slip of its
  // names), looked for in one query once the page has loaded, and said by mistakes.js, asked for only where there is
  // some (SPEC §9). Granted markup the gate activated by then is not looked at: on a visit without grants none is.
  // So is a page with neither the floating button nor a control marked `data-consent-open`: it leaves no way back once
  // the banner is gone (PIPL Art. 15, SPEC §2: withdrawing as easy as consenting, from every page).
  afterLoad(() => {
    try {
      const found = [...queryDocument(SUSPECT)];
      const noWayBack = resolved.ui && !resolved.ui.floatingButton && !queryDocument('[data-consent-open]').length;
      if (found.length || noWayBack || slips) {
        files<typeof import('./script/mistakes.js')>('mistakes').then(module => {
          if (slips) module.configMistakes(configElement, ...slips);
          if (found.length) module.markupMistakes(found, resolved);
          if (noWayBack) console.warn(`consent-gate: ${module.NO_WAY_BACK}`), core.report('config', module.NO_WAY_BACK);
        }, error => report('mistakes', error));
      }
    } catch {
      // Nothing said here may reach the page.
    }
  });
  // A record a landing page wrote, which Safari may drop after a day, is written again by the writer from a page in
  // another tab (storage.ts `landing`), once the page is idle; asking marks a landing's tab.
  afterLoad(() => core.renews() && loadWriter());
  // Receipts an earlier page could not deliver are sent again by the writer (SPEC §7.4), once the page is idle.
  if (resolved.receipt) afterLoad(() => hasPendingReceipts() && loadWriter());
  // A view decides: the writer comes with it.
  core.on('show', ({ view }) => view != 'banner' && loadWriter());

  return publicController(core, {
    load: (...args) => gateReady.then(g => g.load(...args)),
    destroy() {
      destroyed = true;
      guard?.stop();
      ui.unmount();
      early.stop();
      gate?.destroy();
      core.destroy();
    },
  });
}

/**
 * Writes the words of a refused config onto the bundle's error, from the file that has them: `config-check` for a
 * config the check refused, `mistakes` for a config element that is not JSON. The bundle's config check has no words
 * (rollup.config.ts: configWords): it names the path and the value, and config-check.js, the same check with its
 * words, says what was expected; mistakes.js reads the element again and says where its JSON goes wrong. The file is
 * asked for once the page has loaded (a file asked for before holds the page's `load` back, and one that never
 * answers, for good). Its words are taken only where they say the same refusal (the same path and value, the same
 * reason: the page may have changed its config since); the bundle's own message stays where the file cannot load or
 * has not answered within 5 s of the bundle's start.
 */
function explain(error: Error, file: string, config: unknown): Promise<void> {
  const terse = error.message;
  let said = false;
  return new Promise<void>(resolve => {
    const say = () => ((said = true), resolve());
    // Within 5 s whatever the page does: a page whose `load` is slow, or never comes, is told too.
    setTimeout(say, 5000);
    // Made now: only while the bundle runs does `document.currentScript` name it. Reading the page may throw.
    const files = createFileLoader(createTrust(() => {}));
    afterLoad(() =>
      files<typeof import('./script/config-check.js') | typeof import('./script/mistakes.js')>(file)
        .then(module => {
          const words = module.explain(config, terse);
          // Words that come after the message was said would make the console and the listeners disagree.
          if (typeof words == 'string' && !said) {
            error.message = words;
            error.stack = String(error.stack).replace(terse, () => words);
          }
        })
        .catch(() => {})
        .then(say)
        // A config refused and, beside it, one not read (a second element): said after the refusal.
        .then(() => slips && files<typeof import('./script/mistakes.js')>('mistakes').then(module => module.configMistakes(configElement, ...slips!)))
        .catch(() => {}),
    );
  }).catch(() => {});
}

/**
 * The network guard of a refused config (SPEC §6.6, §9: gates stay closed). Nothing is granted, so every request to a
 * host of a preset that needs consent is held, and to the hosts of the page's own services where they read as host
 * names; nothing is released. Without it a typo anywhere in the config let every untagged snippet reach its vendor.
 */
function guardClosed(config: unknown) {
  // Index loops, no array method: this runs because something failed, perhaps a page's broken `Array.prototype`.
  const services: Service[] = [];
  // Not the necessary ones (sign-in, payment: SPEC §3): a typo in the config must not take them down with the trackers.
  for (let i = 0; i < PRESETS.length; i++) {
    const preset = PRESETS[i]!;
    if (preset.category != 'necessary') services[services.length] = { id: preset.id, category: preset.category, hosts: preset.hosts || [] } as Service;
  }
  try {
    // Off only where the config says so as it can be read: a `guard` getter that throws leaves it on.
    if ((config as ConsentGateConfig | undefined)?.guard === false) return;
    const entries = (config as { services?: unknown[] } | undefined)?.services;
    for (let i = 0; Array.isArray(entries) && i < entries.length; i++) {
      const entry = entries[i] as Service | null;
      const hosts = entry?.hosts;
      // Host names as a valid config takes them (international ones too); the site's own necessary services (its
      // sign-in) are never held, as no necessary preset is.
      if (!Array.isArray(hosts) || entry!.category == 'necessary') continue;
      const valid: string[] = [];
      for (let j = 0; j < hosts.length; j++) {
        const host: unknown = hosts[j];
        if (typeof host == 'string' && /^(\*?\.)?[^\s/:?#@[\]\\]+(\/\S*)?$/.test(host)) valid[valid.length] = host;
      }
      services[services.length] = { id: String(entry!.id), hosts: valid } as Service;
    }
  } catch {
    // A config whose reading throws: the presets' hosts are held all the same.
  }
  try {
    installGuard({ services, granted: () => false, held: () => {}, untagged: () => {}, trust: createTrust(() => {}) });
  } catch (error) {
    console.error('consent-gate: the network guard could not be installed: untagged trackers are not held on this page', error);
  }
}

function boot(host: Host & Record<symbol, unknown>) {
  // A second copy of the script: the first instance stays the only one (one banner, one observer).
  if (host[INSTANCE]) return;
  pinCookie();
  const existing = host.ConsentGate;
  const queue = Array.isArray(existing) ? existing : [];
  const taken =
    existing === undefined || Array.isArray(existing)
      ? undefined
      : existing instanceof Element
        ? `<${existing.localName} id="${existing.id}">`
        : `a ${typeof existing}`;
  try {
    // What the files beside the bundle borrow from it instead of downloading it again (src/script/shared.ts).
    // Without prototypes, and the files' registry made here: a page's `Object.prototype.m` or `.gate` would otherwise
    // stand for a registry or a file that registered (SPEC §9: a polluted prototype changes no value). The window's own
    // property only (a gate.js included before the bundle may have made it): Object.prototype is on the window's prototype chain,
    // and an `Object.prototype.__consentGate` taken for the shelf left every file throwing into the page as it ran.
    const owner = host as { __consentGate?: Record<string, unknown> };
    const shelf = Object.prototype.hasOwnProperty.call(owner, '__consentGate') ? owner.__consentGate! : (owner.__consentGate = Object.create(null) as Record<string, unknown>);
    if (!Object.prototype.hasOwnProperty.call(shelf, 'm')) shelf.m = Object.create(null);
    shelf.s = shared;
    shelf.g = ownGlobals;
  } catch {}
  let gate: ScriptConsentGate;
  let config: ConsentGateConfig | undefined;
  /** While the config is read and checked, the file with the words of what can go wrong there (explain). */
  let checking = '';
  try {
    // An SDK that runs whenever it arrives (`async`, `defer`, inserted by a tag manager, a module: it has no current
    // script) starts after scripts it must come before (SPEC §6.6, §7.4): said by mistakes.js, below.
    const own = documentProperty('currentScript') as HTMLScriptElement | null;
    const tag = own ? +(own.async || own.defer) : 2;
    checking = 'mistakes';
    config = readConfig(host);
    checking = '';
    // Looked for once the page has parsed, and said by mistakes.js once it has loaded (SPEC §9: an integration mistake
    // says what to fix; no other visitor downloads the words): a config meant but not read (an element or a global after
    // the SDK's script, a `let` / `const consentGateConfig`, an element of that id); beside a config element read, a
    // second one, a `window.consentGateConfig` or an element left empty; beside a `window.consentGateConfig` read, that
    // global set again or a config element after it (a second template with the SDK's tag and a config of its own: the
    // second copy of the SDK does nothing, and what only its config says would go unheld, unsaid). And markup named after a document method the SDK
    // and Preact call (`<img name="createElement">` in user content makes `document.createElement` that image for every
    // script: the banner cannot be built).
    const parsed = () => {
      // What is looked for here never stops the SDK, nor reaches the page (markup).
      try {
        sayHidden();
        const global = Object.prototype.hasOwnProperty.call(host, 'consentGateConfig');
        if (
          tag ||
          (config === undefined
            ? Document.prototype.getElementById.call(document, 'consent-gate-config') || global || typeof consentGateConfig != 'undefined'
            : configElement
              ? global || !(configElement.textContent || '').trim() || Document.prototype.querySelectorAll.call(document, '#consent-gate-config').length > 1
              : (global && (host.consentGateConfig ?? config) !== config) || Document.prototype.getElementById.call(document, 'consent-gate-config'))
        )
          slips = [config, tag];
      } catch {}
    };
    documentProperty('readyState') == 'loading' ? listen(window, 'DOMContentLoaded', parsed, { once: true }) : parsed();
    checking = 'config-check';
    const resolved = normalizeConfig(config, CATALOGUE);
    checking = '';
    gate = start(resolved, taken);
  } catch (error) {
    // Fail closed at once (SPEC §9): grant nothing, leave any stored record untouched, say why once. The guard first:
    // what failed here may fail what follows too (a page's broken `Array.prototype` or `Promise`), and untagged
    // trackers must stay held whatever else the SDK can still do.
    guardClosed(config);
    const say = () => console.error(error instanceof Error ? error.message : error);
    let worded = Promise.resolve();
    try {
      worded = checking && error instanceof Error ? explain(error, checking, config) : worded;
      worded.then(say);
    } catch {
      say();
    }
    try {
      gate = createClosedGate(error, worded);
    } catch {
      // Not even that (a page's `Array.prototype` broken before the SDK): the guard holds, gated markup stays inert,
      // and the page keeps whatever it had as `ConsentGate`.
      return;
    }
  }
  host[INSTANCE] = gate;
  const run = (fn: Queued) => (gate.push as (fn: Queued) => void)(fn);
  let told = 0;
  try {
    // A page script after the SDK's that starts a queue of its own (`var ConsentGate = []`, `window.ConsentGate = []`)
    // took the controller's name, and every call queued into it waited for an SDK that had already run (SPEC §7.4):
    // its calls run, now and as they are pushed, and the name keeps the controller. Any other value takes the name.
    Object.defineProperty(host, 'ConsentGate', {
      configurable: true,
      enumerable: true,
      get: () => gate,
      set(value: unknown) {
        // The documented queue, run after the SDK (`window.ConsentGate = window.ConsentGate || []`), sets the controller.
        if (value === gate) return;
        if (!Array.isArray(value)) return void Object.defineProperty(host, 'ConsentGate', { value, writable: true, configurable: true, enumerable: true });
        told++ || console.warn('consent-gate: a page script set window.ConsentGate to a new queue after the SDK had started; its calls run, and the name keeps the controller (write `window.ConsentGate = window.ConsentGate || []`)');
        // The page's own assignment: a frozen array throws nothing into it (its calls then run, it keeps its `push`).
        try {
          value.push = (...fns: Queued[]) => (fns.forEach(run), 0);
          value.splice(0).forEach(run);
        } catch {
          value.forEach(run);
        }
      },
    });
  } catch {
    try {
      // A `var ConsentGate` of the page's before the SDK's script made the name a global variable, which cannot become
      // an accessor: assigned as it is.
      host.ConsentGate = gate;
    } catch {
      // A page that froze the name: the instance is still reachable through the queue's push() and Symbol.for.
    }
  }
  // Each queued entry, a function or not: `push('acceptAll')` is said as the mistake it is, not dropped unsaid.
  for (const fn of queue) run(fn);
}

boot(window as unknown as Host & Record<symbol, unknown>);
