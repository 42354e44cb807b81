/**
 * How the npm entries compose the SDK: validate the config, read the stored record, attach the writer, start the
 * gate (click hooks and Consent Mode defaults first, then activation), and mount a UI when one is given. Without a
 * `window` (server-side rendering, a static-site build) the controller is inert: no channel, no timers, no DOM, and
 * `get()` answers "undecided", so a prerender exits as it should.
 */
import { normalizeConfig as checked } from './core/config.js';
import { createConsent, publicController, type ConsentCore, type ConsentDeps } from './core/controller.js';
import { browserStorage } from './core/cookie-storage.js';
import { whenIdle } from './core/idle.js';
import { SHORT_IDS } from './core/lists.js';
import { memoryStorage } from './core/storage.js';
import type { ConsentGate, ConsentGateConfig, Preset, ResolvedConfig } from './core/types.js';
import { startEarly } from './gate/early.js';
import { createGate, type Gate } from './gate/index.js';
import type { AnyLoad } from './gate/load.js';
import { prerendered } from './core/document-own.js';
import type { NetworkGuard } from './guard/index.js';
import type { ConsentReceipts } from './receipts/index.js';
import { createTrust } from './core/trusted-types.js';
import { stringify } from './core/json.js';

/**
 * What an app may pass besides the config. `storage` (where the record is kept: a WebView's bridge, a test's memory),
 * `signals` and `now` (DNT / GPC and the clock, for an app's own tests), `tabSync: false` (no channel between tabs)
 * and `warn` (the console messages, to the app's logger) are the controller's; the script tag's own dependencies stay
 * out of this type.
 */
export interface CreateOptions extends Partial<Pick<ConsentDeps, 'storage' | 'signals' | 'now' | 'tabSync' | 'warn'>> {
  /**
   * The presets that string service ids and `preset` keys refer to: import them from `consent-gate/presets`, so your
   * bundle carries only the vendors you use. An array, or an object of presets (each is read by its own id).
   * @example createConsentGate({ services: ['weibo-share'] }, { presets: [weiboShare] })
   */
  presets?: Preset[] | Record<string, Preset>;
  /**
   * The network guard (SPEC §6.6), from `consent-gate/guard`: passing it turns it on, unless the config says
   * `guard: false`; `guard: true` in the config without it is an error. An app that does not import it does not
   * bundle it.
   * @example createConsentGate({ services, guard: true }, { presets, guard: networkGuard })
   */
  guard?: NetworkGuard;
  /**
   * The receipts of decisions (SPEC §7.4), from `consent-gate/receipts`: needed when the config has `receipt`. An app
   * without receipts does not bundle them.
   * @example createConsentGate({ services, receipt: { url: '/consent/receipts' } }, { presets, receipts: consentReceipts })
   */
  receipts?: ConsentReceipts;
}

/** A UI for the core (the main entry mounts its own; the headless entry none). */
export type MountUI = (core: ConsentCore) => { lang?: string; unmount(): void };

/** How many controllers of the npm entries run on the page (`createConsentGate` made, not destroyed). */
const RUNNING = Symbol.for('consent-gate.npm');

/** The name `consent-gate/presets` exports a preset under: its id camel-cased (`baidu-tongji` → `baiduTongji`). */
const exportName = (id: string) => id.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());

const isPreset = (value: unknown): value is Preset => typeof (value as Preset | null)?.id == 'string' && typeof (value as Preset).category == 'string';

/**
 * The presets passed, by their own ids. One preset passed as it is (`presets: baiduTongji`) was spread into its keys,
 * and the app then told to pass the very preset it had passed: what is not a preset is said, naming where it is.
 */
function byId(presets: CreateOptions['presets'], where: Where): Record<string, Preset> {
  const fail = (got: string) => {
    throw new TypeError(`consent-gate: ${where[0]} must be the presets imported from 'consent-gate/presets', as an array ([baiduTongji, cnzz]) or keyed by id, ${got}`);
  };
  if (isPreset(presets)) fail(`got one preset (${stringify(presets.id)}): write presets: [${exportName(presets.id)}]`);
  const list: unknown[] = presets === undefined ? [] : Array.isArray(presets) ? presets : presets && typeof presets == 'object' ? Object.values(presets) : [presets];
  const bad = list.findIndex(preset => !isPreset(preset));
  if (bad >= 0) fail(`got ${stringify(list[bad]) ?? String(list[bad])}${Array.isArray(presets) ? ` at [${bad}]` : ''}`);
  return Object.fromEntries((list as Preset[]).map(preset => [preset.id, preset]));
}

/**
 * From npm each preset is imported by name and passed: a preset of the catalogue that the config lists and the app did
 * not pass is said with the import it misses. The config check knows only the presets passed, and said "is not a known
 * preset (closest first: cnzz)", a typo to look for where there was none. Which entry names a preset, and at which
 * path, as the check reads it: a string, an object's `preset`, or the `id` of an object without a `category`. The
 * catalogue's ids are those after the four categories of SHORT_IDS; each preset is exported camel-cased.
 */
function checkPresetsPassed(config: unknown, presets: Record<string, Preset>, where: Where): void {
  const services = config && typeof config == 'object' ? (config as ConsentGateConfig).services : undefined;
  (Array.isArray(services) ? services : []).forEach((entry: unknown, index) => {
    const { id, preset, category } = (entry && typeof entry == 'object' ? entry : {}) as Record<string, unknown>;
    const [name, key] = typeof entry == 'string' ? [entry, ''] : preset !== undefined ? [preset, '.preset'] : category === undefined ? [id, '.id'] : [];
    if (typeof name == 'string' && SHORT_IDS.indexOf(name) > 3 && !Object.prototype.hasOwnProperty.call(presets, name)) {
      throw new TypeError(
        `consent-gate: config.services[${index}]${key} "${name}" is not a known preset (it is not among the presets passed: import { ${exportName(name)} } from 'consent-gate/presets' and add it to ${where[1]})`,
      );
    }
  });
}

/** Where the presets were passed, as a message names it: the argument, and the call to add a preset to. */
type Where = [argument: string, call: string];
const CREATE: Where = ['options.presets', 'createConsentGate(config, { presets })'];

/**
 * The config checked and resolved, as `createConsentGate()` checks it (for tests and tools, SPEC §7.2), with the presets
 * passed as it takes them: an array, or keyed by id. Throws the same `TypeError`s, naming the config path.
 * @example normalizeConfig({ services: ['baidu-tongji'] }, [baiduTongji])
 */
export const normalizeConfig = (config?: unknown, presets?: CreateOptions['presets']): ResolvedConfig =>
  resolve(config, presets, ['presets', 'normalizeConfig(config, presets)']);

function resolve(config: unknown, presets: CreateOptions['presets'], where: Where): ResolvedConfig {
  const byid = byId(presets, where);
  checkPresetsPassed(config, byid, where);
  return checked(config, byid);
}

/**
 * What each option must be, said as a mistake names it (SPEC §9). `guard` and `receipts` may be left `false`.
 */
const fn = (value: unknown) => typeof value == 'function';
/** Whether `value` has these methods. */
const methods = (value: unknown, ...keys: string[]) => keys.every(key => fn((value as Record<string, unknown> | null | undefined)?.[key]));
const OPTIONS: Record<string, [what: string, ok: (value: unknown) => boolean]> = {
  __proto__: null as never,
  presets: ['', () => true],
  guard: ['networkGuard, imported from "consent-gate/guard"', value => value === false || methods(value, 'start')],
  receipts: ['consentReceipts, imported from "consent-gate/receipts"', value => value === false || methods(value, 'start')],
  storage: ['an object with read(), write() and remove() (memoryStorage() is one)', value => methods(value, 'read', 'write', 'remove')],
  signals: ['a function returning { dnt, gpc }', fn],
  now: ['a function returning the time in ms', fn],
  tabSync: ['a boolean', value => typeof value == 'boolean'],
  warn: ['a function taking the message', fn],
};

/**
 * The options checked before anything starts: `{ guard: true }` threw `c.guard.start is not a function` after the
 * controller had started (left running), `{ storage: 5 }` was taken silently, and the presets passed as the second
 * argument itself were no options at all. A key that is no option (`gaurd`) is said, not refused.
 */
function checkOptions(options: Record<string, unknown>, given: unknown, warn: (message: string) => void) {
  if (given !== undefined && (typeof given != 'object' || given === null || Array.isArray(given))) {
    throw new TypeError(`consent-gate: options must be an object such as { presets: [baiduTongji] }, got ${Array.isArray(given) ? 'an array' : String(given)}`);
  }
  for (const key in options) {
    const rule = OPTIONS[key];
    if (!rule) warn(`consent-gate: options.${key} is not an option of createConsentGate (${Object.keys(OPTIONS).join(', ')}): it is ignored`);
    else if (options[key] !== undefined && !rule[1](options[key])) {
      throw new TypeError(`consent-gate: options.${key} must be ${rule[0]}, got ${stringify(options[key]) ?? String(options[key])}`);
    }
  }
}

export function create(config: ConsentGateConfig = {}, given: CreateOptions = {}, ui?: MountUI): ConsentGate {
  // Own options only: one left out is read through the prototype chain (ECMA-262 OrdinaryGet), and a page's polluted
  // Object.prototype.guard (an old query parser) threw into the app, its `.storage` stood in for the cookie (SPEC §9).
  const options: CreateOptions = Object.assign(Object.create(null), given);
  checkOptions(options as Record<string, unknown>, given, fn(options.warn) ? options.warn! : message => console.warn(message));
  const resolved = resolve(config, options.presets, CREATE);
  const guarded = resolved.guard ?? !!options.guard;
  if (guarded && !options.guard) {
    throw new TypeError(
      'consent-gate: config.guard is true, but no guard was passed: import { networkGuard } from "consent-gate/guard" and call createConsentGate(config, { presets, guard: networkGuard })',
    );
  }
  if (resolved.receipt && !options.receipts) {
    throw new TypeError(
      'consent-gate: config.receipt is set, but no receipts were passed: import { consentReceipts } from "consent-gate/receipts" and call createConsentGate(config, { presets, receipts: consentReceipts })',
    );
  }
  const browser = typeof document !== 'undefined';
  const warn = options.warn ?? ((message: string) => console.warn(message));
  let mounted: ReturnType<MountUI> | undefined;
  const storage =
    options.storage ?? (browser ? browserStorage({ name: resolved.cookie.name, domain: resolved.cookie.domain }, warn) : memoryStorage());
  // Without a browser (a server render): no channel to other tabs, and no receipt, which would be proof of a choice no
  // visitor made; the decisions and views are refused below (README, server-side rendering).
  const core = createConsent(resolved, { lang: () => mounted?.lang, ...options, storage, warn, ...(browser ? {} : { tabSync: false, receipts: undefined }) });
  if (!browser) {
    // A server's controller is one for every request (created at a module's top level, as the README has it): a
    // decision made there (a render calling `setAge(…, { source: 'account' })` for its signed-in visitor), or a view
    // opened, became every later visitor's state, serialised into their pages for hydration. Nothing is decided or
    // shown there; said once per function.
    const said = new Set<string>();
    const refused = (name: string) => () => {
      if (!said.has(name)) {
        said.add(name);
        core.report('api', `${name}() without a browser (a server render) changes nothing: the controller is every request's, and one visitor's state must not become the next one's; decide in the browser, and read a request's cookie with readConsent()`);
      }
      return Promise.resolve();
    };
    const decisions = ['acceptAll', 'rejectAll', 'save', 'setAge', 'setYouthMode', 'reset', 'deleteInterests', 'decide', 'show', 'hide'] as const;
    const inert: ConsentCore = { ...core, ...Object.fromEntries(decisions.map(name => [name, refused(name)])) };
    return publicController(inert, { load: () => Promise.reject(new Error('consent-gate: load() needs a browser')), destroy: core.destroy });
  }
  // The script tag already runs here (its instance is kept under this symbol): a second controller would show a second
  // banner and gate the page twice. Said, as every integration mistake is (SPEC §9); the app's own still starts.
  if ((window as unknown as Record<symbol, unknown>)[Symbol.for('consent-gate')]) {
    warn('consent-gate: the script tag (consent-gate.min.js) already runs on this page; createConsentGate() starts a second controller with a banner of its own: use one of them (the script tag\'s is window.ConsentGate)');
  }
  // A controller made again while the one before still runs (the module evaluated again by a hot reload, a remount, two
  // bundles of the app): each shows its own banner, stacked, and gates the page again. Counted on the page, under a
  // symbol every copy of the package shares, and said; the new one still starts, as above.
  const host = window as unknown as Record<symbol, number | undefined>;
  if (host[RUNNING]) {
    warn('consent-gate: createConsentGate() was called again while a controller it made still runs on this page (a module evaluated again, a remount, a hot reload): each shows its banner and gates the page; create it once, or destroy() the one before');
  }
  // Under Trusted Types the gate's scripts take the SDK's own policy, as in the script tag (SPEC §8).
  const trust = createTrust(message => core.report('trusted-types', message));
  // Opt-in from npm: an app whose own code is known may not want its APIs wrapped (SPEC §6.6).
  const guard = guarded ? options.guard!.start(core, trust) : undefined;
  const early = startEarly(core);
  let gate: Gate | undefined;
  let running = true;
  // A prerendered page (Speculation Rules) starts no tag until the visitor is shown it: the click hooks and Consent Mode
  // defaults start now (`early`), the gate's activation and `load()` as the page is shown (at once on any other page).
  const start = (done: () => void) => () => {
    if (running) gate = createGate(core, early, { trust, idle: whenIdle });
    done();
  };
  const shown = new Promise<void>(resolve => prerendered(start(resolve)) || start(resolve)());
  mounted = ui?.(core);
  host[RUNNING] = (host[RUNNING] ?? 0) + 1;
  return publicController(core, {
    // Destroyed before it was shown, a load never settles, as after `destroy()`.
    load: ((...args: Parameters<AnyLoad>) => (gate ? gate.load(...args) : shown.then(() => (gate ? gate.load(...args) : new Promise(() => {}))))) as AnyLoad,
    destroy() {
      if (running) host[RUNNING] = (host[RUNNING] ?? 1) - 1;
      running = false;
      guard?.stop();
      mounted?.unmount();
      gate ? gate.destroy() : early.stop();
      core.destroy();
    },
  });
}
