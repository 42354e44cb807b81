import { createEmitter } from './emitter.js';
import { hasSignal, readPrivacySignals } from './privacy-signals.js';
import { createReceipt, sendReceipt, type Receipt } from './receipt.js';
import { createConsentId, decodeRecord, encodeRecord, pickRecord } from './record.js';
import { anyGranted, forcedReason, isContextualOnly, resolveGrants, suspendedByDnt, type Person } from './rules.js';
import { memoryStorage, type ConsentStorage } from './storage.js';
import { createTabSync } from './tab-sync.js';
import type {
  AgeGroup,
  Choices,
  ConsentEvents,
  ConsentGate,
  ConsentRecord,
  ConsentState,
  DecisionAction,
  GrantDelta,
  PrivacySignals,
  ResolvedConfig,
  SaveInput,
  SetAgeOptions,
  ViewName,
} from './types.js';
import { VERSION } from './version.js';

export interface ConsentDeps {
  storage: ConsentStorage;
  /** Reads DNT / GPC; re-read whenever grants are recomputed. */
  signals?: () => PrivacySignals;
  now?: () => number;
  /** Sends a receipt; defaults to `sendBeacon` with a `fetch` fallback. */
  send?: typeof sendReceipt;
  /** Keep tabs in sync (BroadcastChannel + visibility); off in unit tests. @default true in browsers */
  tabSync?: boolean;
  /** The language the visitor sees, for receipts. */
  lang?: () => string | undefined;
  warn?: (message: string) => void;
}

/** The controller without `load` and `push`, which the gate and the entry points add. */
export type ConsentCore = Omit<ConsentGate, 'load' | 'push'> & {
  /** @internal Records a decision made in a view (contextual allow, guardian flow). */
  decide(choices: SaveInput, action: DecisionAction): void;
  readonly config: ResolvedConfig;
  /** @internal Reports an error through the `error` event. */
  report(kind: string, message: string, extra?: Partial<ConsentEvents['error']>): void;
};

const AGE_GROUPS: AgeGroup[] = ['unknown', 'adult', 'minor', 'child'];
const VIEWS: ViewName[] = ['banner', 'preferences', 'minor', 'services', 'guardian', 'request'];
const emptyChoices = (): Choices => ({ categories: Object.create(null), services: Object.create(null), exceptions: [] });

function delta(before: ConsentState, after: ConsentState, granted: boolean): GrantDelta {
  const pick = (a: Record<string, boolean>, b: Record<string, boolean>) =>
    Object.keys(b).filter(id => b[id] === granted && a[id] !== granted && (granted || a[id] === true));
  return { categories: pick(before.categories, after.categories), services: pick(before.services, after.services) };
}

/**
 * Creates the headless consent controller: the record, the rules of SPEC §5, events, receipts and tab sync.
 * It touches no DOM beyond the storage it is given; every function works unbound.
 */
export function createConsent(config: ResolvedConfig, deps: ConsentDeps): ConsentCore {
  const now = deps.now ?? Date.now;
  const signals = deps.signals ?? (() => readPrivacySignals());
  const warn = deps.warn ?? ((message: string) => console.warn(message));
  let storage = deps.storage;
  let persisted = storage.persistent;
  let destroyed = false;
  let openView: ViewName | undefined;
  /** The guardian confirmed in the guardian's view, and the views have not closed since: they decide now. */
  let guardianHere = false;
  let pendingRequests: Array<{ category: string; service?: string; resolve: (allowed: boolean) => void }> = [];
  let waiters: Array<{ category: string; service?: string; resolve: () => void }> = [];

  const events = createEmitter<ConsentEvents>(error => console.error('consent-gate: a listener threw', error));
  const report: ConsentCore['report'] = (kind, message, extra) => events.emit('error', { kind, message, ...extra });

  const readRecord = () => {
    try {
      return pickRecord(storage.read());
    } catch (error) {
      report('storage', 'the consent cookie could not be read', { error });
      return undefined;
    }
  };
  let record: ConsentRecord | undefined = readRecord();
  let consentId = record?.id ?? createConsentId();

  /** The state handed out: frozen copies, so a page or a custom UI cannot grant by writing into it. */
  function compute(): ConsentState {
    const current = signals();
    const grants = resolveGrants(config, record, { signals: current, now: now() });
    const live = record && (grants.prompt === null || grants.prompt === 'new-service' || isContextualOnly(record, grants.prompt));
    // Maps without a prototype: a page whose Object.prototype was polluted (`?__proto__[pixel]=1` through a
    // careless query-string parser) cannot make `categories.pixel` read as granted (review R6).
    const freeze = <T extends object>(value: T): T => Object.freeze(Object.assign(Object.create(null), value));
    return Object.freeze({
      categories: freeze(grants.categories),
      services: freeze(grants.services),
      forced: freeze(grants.forced),
      prompt: grants.prompt,
      choices: Object.freeze({
        categories: freeze(live ? record!.categories : {}),
        services: freeze(live ? record!.services : {}),
        exceptions: Object.freeze(live ? [...record!.exceptions] : []) as string[],
      }),
      decided: Boolean(live && record!.decision && (grants.prompt === null || grants.prompt === 'new-service')),
      decision: live ? record!.decision : undefined,
      age: record?.age ?? 'unknown',
      ageFromAccount: record?.ageFromAccount === true,
      youthMode: record?.youthMode ?? false,
      guardianConsent: record?.guardianAt !== undefined,
      signals: current,
      persisted,
      consentId,
      policyVersion: config.policy.version,
    });
  }
  let state = compute();

  const person = (): Person => ({ age: state.age, youthMode: state.youthMode, guardianConsent: state.guardianConsent });
  const category = (id: string) => config.categories.find(c => c.id === id);
  const inCategory = (service: string, id: string) => config.services.some(s => s.id === service && s.category === id);
  /** The category `request()` / `whenGranted()` name, or `undefined` after an `api` error naming what is unknown. */
  const named = (caller: string, id: string, service?: string) => {
    const c = category(id);
    if (c && (service === undefined || inCategory(service, id))) return c;
    report('api', `${caller}: unknown ${c ? `service "${service}" in` : 'category'} "${id}"`, { service });
  };
  /**
   * A service: its category and itself. A whole category (markup, `load()` or a request naming no service, which may
   * be any of its services): the category and every service in it — after "allow 微博" alone, or with one service
   * switched off, category-wide markup stays closed (review R4: it loaded other share vendors).
   */
  const isGranted = (id: string, service?: string) =>
    state.categories[id] === true &&
    (service === undefined
      ? config.services.every(s => s.category !== id || state.services[s.id] === true)
      : state.services[service] === true && inCategory(service, id));

  /** Counts changes, so a change superseded by a listener's own decision stops telling its older news. */
  let generation = 0;

  /**
   * Makes `next` the state and tells everyone, `granted` first: the gate starts a granted script before anything
   * else runs (SPEC §10: accept → first gated request). `persist` (the cookie write) follows, so every other
   * listener already finds the new record stored. A listener that decides again supersedes this change: it is
   * not stored over the newer one, and what is left of it is not told (review: a minor's age set from a `change`
   * listener was overwritten in the cookie by the decision that triggered it).
   */
  function apply(next: ConsentState, persist?: () => void): GrantDelta {
    const before = state;
    const mine = ++generation;
    state = next;
    const granted = delta(before, next, true);
    const revoked = delta(before, next, false);
    const current = () => mine === generation;
    if (granted.categories.length || granted.services.length) events.emit('granted', granted);
    if (current()) persist?.();
    if (current() && (revoked.categories.length || revoked.services.length)) events.emit('revoked', revoked);
    if (current()) events.emit('change', state);
    try {
      if (current()) window.dispatchEvent(new CustomEvent('consentgate:change', { detail: state }));
    } catch {
      // No window (SSR, workers): the `change` event above is the only channel.
    }
    pendingRequests = pendingRequests.filter(request => {
      if (!isGranted(request.category, request.service)) return true;
      request.resolve(true);
      return false;
    });
    waiters = waiters.filter(waiter => {
      if (!isGranted(waiter.category, waiter.service)) return true;
      waiter.resolve();
      return false;
    });
    return revoked;
  }

  const sync = deps.tabSync === false ? undefined : createTabSync(`consent-gate:${config.cookie.name}`, refresh);

  /**
   * Re-reads the record and the signals: another tab decided (`value` is its record, `''` after a reset), or the
   * page became visible again (the cookie may have changed on a sibling subdomain).
   */
  function refresh(value?: string) {
    if (destroyed) return;
    const sent = value ? decodeRecord(value) : undefined;
    const stored = value === '' ? undefined : sent && (!record || sent.updatedAt >= record.updatedAt) ? sent : readRecord();
    const changed = (stored ? encodeRecord(stored) : '') !== (record ? encodeRecord(record) : '');
    if (changed && (stored || storage.persistent || value === '')) {
      record = stored;
      if (stored) consentId = stored.id;
    }
    const next = compute();
    if (changed || JSON.stringify(next.signals) !== JSON.stringify(state.signals)) apply(next);
    // Decided in another tab: the banner here has nothing left to ask (a view the visitor opened stays).
    if (!state.prompt && openView === 'banner') hide();
  }

  function write(next: ConsentRecord, receiptAction?: Receipt['action'], source?: string) {
    const prior = record;
    record = next;
    consentId = next.id;
    // The grants reach the gate before the cookie write and the read that checks it, which wait on the browser's
    // cookie store (~4 ms at 4× CPU in the bench); the other listeners hear of the change once it is stored.
    const revoked = apply(compute(), () => store(next));
    // A listener decided again meanwhile: that newer record is the one stored, receipted and sent to other tabs.
    if (record !== next) return;
    // Grants of a stale record (another policy version, expired, suspended by DNT) were already off on this
    // page, so the step above saw no withdrawal; their trackers may still have cookies from earlier visits.
    if (prior) {
      const gone = (stored: Record<string, boolean>, kept: Record<string, boolean>, known: Array<{ id: string }>, told: string[]) =>
        known.filter(({ id }) => stored[id] && !kept[id] && !told.includes(id)).map(({ id }) => id);
      const stale: GrantDelta = {
        categories: gone(prior.categories, next.categories, config.categories, revoked.categories),
        services: gone(prior.services, next.services, config.services, revoked.services),
      };
      if (stale.categories.length || stale.services.length) events.emit('revoked', stale);
    }
    if (receiptAction) receipt(state, receiptAction, source);
    sync?.notify(encodeRecord(next));
  }

  function store(next: ConsentRecord) {
    const days = next.decision && !anyGranted(next) ? config.cookie.rejectDays : config.cookie.acceptDays;
    let stored = false;
    try {
      stored = storage.write(encodeRecord(next), days);
    } catch (error) {
      report('storage', 'the consent cookie could not be written', { error });
    }
    if (!stored && storage.persistent) {
      // Cookies stopped working (blocked mid-session, storage full): keep the choice for this page (SPEC §4).
      storage = memoryStorage();
      storage.write(encodeRecord(next), days);
      persisted = false;
      state = compute();
      warn('consent-gate: cookies are unavailable; choices apply to this page only');
    }
  }

  /** Posts the receipt of a decision when `config.receipt` is set; a failure becomes an `error` event. */
  function receipt(of: ConsentState, action: Receipt['action'], source?: string) {
    const url = config.receipt?.url;
    if (!url) return;
    const body = createReceipt(of, action, { now: now(), version: VERSION, lang: deps.lang?.(), source });
    (deps.send ?? sendReceipt)(url, body, error => report('receipt', `the receipt could not be sent to ${url}`, { error }));
  }

  function baseRecord(): ConsentRecord {
    const current = signals();
    return {
      format: 1,
      id: consentId,
      policy: config.policy.version,
      updatedAt: now(),
      age: state.age,
      ageFromAccount: state.ageFromAccount || undefined,
      youthMode: state.youthMode,
      guardianAt: record?.guardianAt,
      dnt: current.dnt,
      gpc: current.gpc,
      ...emptyChoices(),
    };
  }

  /**
   * Builds the choices of a decision: what minors may not grant stays off; under DNT only explicit grants count,
   * and a grant the signal suspends is kept, not deleted (SPEC §5.2). A service the visitor was never asked about
   * is granted only by accept-all or by switching its category on now (a new recipient needs new consent).
   */
  function decide(input: SaveInput, action: DecisionAction) {
    const current = signals();
    const who = person();
    // A child cannot agree alone: "accept" or a grant asks the guardian instead (found by the demo suite: the
    // banner's buttons otherwise did nothing for a child awaiting a guardian). Refusing needs nobody.
    if (who.age === 'child' && !who.guardianConsent && action !== 'reject-all' && action !== 'guardian') {
      if (action !== 'contextual') show('guardian');
      return;
    }
    const base = state.choices;
    const next = baseRecord();
    next.decision = { at: next.updatedAt, action };
    const asked: Record<string, boolean | undefined> = Object.assign(Object.create(null), input.categories);
    const services: Record<string, boolean> = Object.assign(Object.create(null), input.services);
    // A service granted on its own brings its category along; a category switched on this way brings only that
    // service (contextual consent).
    for (const id of Object.keys(services)) {
      const service = config.services.find(s => s.id === id);
      if (!services[id] || !service || asked[service.category] !== undefined) continue;
      asked[service.category] = true;
      if (base.categories[service.category]) continue;
      for (const other of config.services) {
        if (other.category === service.category && !(other.id in services)) services[other.id] = false;
      }
    }
    for (const c of config.categories) {
      if (c.readOnly) continue;
      const wanted = asked[c.id];
      const had = base.categories[c.id] === true;
      let on = wanted ?? had;
      let exception = on && base.exceptions.includes(c.id);
      if (suspendedByDnt(c, config.dnt, current)) {
        if (action === 'accept-all') on = had;
        else if (wanted === true) exception = true;
      } else if (!hasSignal(current)) exception = false;
      const reason = forcedReason(c, who, config.dnt, current);
      // DNT `strict` locks the category while the signal is on; what the visitor chose before stays stored.
      if (reason === 'dnt') (on = had), (exception = had && base.exceptions.includes(c.id));
      else if (reason) on = exception = false;
      if (on) next.categories[c.id] = true;
      if (on && exception) next.exceptions.push(c.id);
    }
    for (const s of config.services) {
      if (s.category === 'necessary' || !next.categories[s.category]) continue;
      // Accept-all, a category switched on now, or a whole category allowed in context: its services come along.
      const fresh = action === 'accept-all' || !base.categories[s.category] || (action === 'contextual' && input.categories?.[s.category] === true);
      next.services[s.id] = services[s.id] ?? (fresh || base.services[s.id] === true);
    }
    // The guardian decides for a child (SPEC §5.3; 儿童个人信息网络保护规定 Art. 14: more than was agreed needs the
    // guardian again): a decision granting more than the stored choices goes through the guardian's view, unless
    // the guardian confirmed there on this page (UI review: a child widened the grants alone).
    const widens = (now: Record<string, boolean>, before: Record<string, boolean>) => Object.keys(now).some(id => now[id] && !before[id]);
    if (who.age === 'child' && action !== 'guardian' && !guardianHere && (widens(next.categories, base.categories) || widens(next.services, base.services))) {
      show('guardian');
      return;
    }
    write(next, action);
    if (openView && openView !== 'request' && !state.prompt) hide();
  }

  /**
   * The choices of `save()` (or of an allow hook) as the controller takes them, or `undefined` after an `api` error:
   * a wrong shape, an unknown id or a non-boolean records no decision (API review: `save({ analytics: true })`
   * stored a refusal for 180 days).
   */
  function checkInput(input: SaveInput | undefined, caller: string): SaveInput | undefined {
    const clean: Required<SaveInput> = { categories: Object.create(null), services: Object.create(null) };
    const wrong = (message: string) => void report('api', `${caller}: ${message}`);
    if (!input || typeof input !== 'object' || Array.isArray(input)) return wrong('pass { categories, services }');
    const extra = Object.keys(input).find(key => key !== 'categories' && key !== 'services');
    if (extra) return wrong(`unknown key "${extra}" (pass { categories, services })`);
    for (const [key, list, known] of [
      ['categories', input.categories, (id: string) => config.categories.some(c => c.id === id)],
      ['services', input.services, (id: string) => config.services.some(s => s.id === id)],
    ] as const) {
      if (list === undefined) continue;
      if (!list || typeof list !== 'object' || Array.isArray(list)) return wrong(`${key} must be an object of true / false`);
      for (const id of Object.keys(list)) {
        const value = (list as Record<string, unknown>)[id];
        if (!known(id)) return wrong(`unknown ${key === 'categories' ? 'category' : 'service'} "${id}"`);
        if (typeof value !== 'boolean') return wrong(`${key}.${id} must be true or false`);
        clean[key][id] = value;
      }
    }
    return clean;
  }

  /** A decision from outside the controller: its input checked first (`save()`, the views, the allow hooks). */
  function decideChecked(input: SaveInput, action: DecisionAction) {
    const clean = checkInput(input, action === 'save' ? 'save()' : action === 'contextual' ? 'allow' : action);
    if (clean) decide(clean, action);
  }

  function show(view: ViewName = 'preferences', detail: { category?: string; service?: string } = {}) {
    if (!VIEWS.includes(view)) return report('api', `show(): unknown view "${String(view)}"`);
    // Another view replacing the contextual dialog answers its question "no": a share click must not be
    // replayed minutes later because the visitor happened to grant `share` in the preferences.
    if (view !== 'request') settleRequests();
    openView = view;
    events.emit('show', { view, ...detail });
  }

  function settleRequests() {
    const pending = pendingRequests;
    pendingRequests = [];
    pending.forEach(request => request.resolve(false));
  }

  function hide() {
    const view = openView;
    openView = undefined;
    guardianHere = false;
    settleRequests();
    events.emit('hide', { view });
  }

  /**
   * After a rule change, ask again when the rules want a decision and nothing is showing. Always the banner, which
   * never blocks the page (SPEC §2), also while a child's guardian is awaited: the guardian view opens when the
   * visitor asks for it.
   */
  function promptIfNeeded() {
    if (state.prompt && !openView) show('banner');
  }

  /**
   * The record with another person behind it. `keepChoices` re-filters the visitor's choices for the new age
   * group (what it may not grant is dropped, not kept for later); otherwise the choices and decision start over.
   */
  function withPerson(who: Person, keepChoices: boolean): ConsentRecord {
    const next: ConsentRecord = record ? { ...record, ...emptyChoices(), updatedAt: now() } : baseRecord();
    next.age = who.age;
    next.youthMode = who.youthMode;
    next.guardianAt = who.guardianConsent ? (record?.age === 'child' ? record.guardianAt : undefined) ?? now() : undefined;
    if (keepChoices && record) {
      const current = signals();
      for (const c of config.categories) {
        const reason = forcedReason(c, who, config.dnt, current);
        // Minors' rules drop what the age group may not grant; DNT `strict` only suspends it (SPEC §5.2).
        if (!record.categories[c.id] || (reason && reason !== 'dnt')) continue;
        next.categories[c.id] = true;
        if (record.exceptions.includes(c.id)) next.exceptions.push(c.id);
        for (const s of config.services) {
          if (s.category === c.id && s.id in record.services) next.services[s.id] = record.services[s.id]!;
        }
      }
    } else {
      next.policy = config.policy.version;
      delete next.decision;
    }
    return next;
  }

  function setAge(group: AgeGroup, options: SetAgeOptions = {}) {
    if (!AGE_GROUPS.includes(group)) return report('api', `setAge(): unknown age group "${String(group)}"`);
    if (group === 'child' && options.guardianConsent === true && options.source === 'guardian') guardianHere = true;
    const before = person();
    // An age group the account set is not the visitor's to change (review finding F6: a child could click
    // "adult" in the minors view and unlock advertising for the rest of the page).
    if (state.ageFromAccount && options.source !== 'account' && group !== before.age) {
      return report('api', `setAge(): the age group "${before.age}" comes from the account`);
    }
    const guardianConsent = group === 'child' && (options.guardianConsent ?? (before.age === 'child' && before.guardianConsent));
    // `source: 'account'` reports what the account knows ("no guardian consent on file"), not a guardian's answer:
    // only an answer is recorded as a refusal that ends the prompt.
    const refusal = group === 'child' && options.guardianConsent === false && options.source !== 'account';
    const fromAccount = options.source === 'account';
    const unchanged = group === before.age && guardianConsent === before.guardianConsent && (!fromAccount || state.ageFromAccount);
    if (unchanged && !(refusal && record?.decision?.action !== 'guardian')) return;
    // Entering the child rules, or a guardian's answer changing, starts the choices over: someone else decides.
    const childRuleChanged = group === 'child' && !unchanged;
    const next = withPerson({ age: group, youthMode: before.youthMode, guardianConsent }, !childRuleChanged && !refusal);
    if (fromAccount) next.ageFromAccount = true;
    if (refusal) {
      // The guardian refused: a decision like a refusal, not asked again before `rejectDays` (数据条例 Art. 22).
      next.decision = { at: next.updatedAt, action: 'guardian' };
    }
    write(next, refusal ? 'guardian' : 'age', options.source);
    events.emit('age', { age: group, guardianConsent, youthMode: next.youthMode, source: options.source });
    if (childRuleChanged || refusal) events.emit('child', { guardianConsent, source: options.source });
    // A guardian's refusal is a decision: the banner it answers goes (QA review: it stayed on screen).
    if (refusal && openView && openView !== 'request' && !state.prompt) hide();
    promptIfNeeded();
  }

  function setYouthMode(on: boolean) {
    if (typeof on !== 'boolean') return report('api', 'setYouthMode(): pass true or false');
    if (on === state.youthMode) return;
    write(withPerson({ ...person(), youthMode: on }, true), 'age');
    events.emit('age', { age: state.age, guardianConsent: state.guardianConsent, youthMode: on });
  }

  function request(categoryId: string, service?: string): Promise<boolean> {
    if (isGranted(categoryId, service)) return Promise.resolve(true);
    const c = named('request()', categoryId, service);
    if (!c) return Promise.resolve(false);
    const reason = forcedReason(c, person(), config.dnt, signals());
    if (reason) {
      // A child awaiting a guardian is led to the guardian's view (UI review: the click did nothing visible).
      if (reason === 'child') show('guardian');
      return Promise.resolve(false);
    }
    return new Promise(resolve => {
      pendingRequests.push({ category: categoryId, service, resolve });
      show('request', { category: categoryId, service });
    });
  }

  function whenGranted(categoryId: string, service?: string): Promise<void> {
    if (isGranted(categoryId, service)) return Promise.resolve();
    // An unknown name waits for a grant that can never come: it still waits (fail closed), and says so (API review).
    named('whenGranted()', categoryId, service);
    return new Promise(resolve => waiters.push({ category: categoryId, service, resolve }));
  }

  function reset() {
    try {
      storage.remove();
    } catch (error) {
      report('storage', 'the consent cookie could not be removed', { error });
    }
    const previous = state;
    record = undefined;
    consentId = createConsentId();
    apply(compute());
    // The receipt of a reset names the consent id it ends.
    receipt({ ...state, consentId: previous.consentId }, 'reset');
    sync?.notify('');
    openView = undefined;
    promptIfNeeded();
  }

  /** Wraps a public function: unbound-safe, inert after `destroy()`, and never throwing into the page. */
  function guard<A extends unknown[], R>(fn: (...args: A) => R, fallback: R): (...args: A) => R {
    return (...args: A) => {
      if (destroyed) return fallback;
      try {
        return fn(...args);
      } catch (error) {
        report('internal', error instanceof Error ? error.message : String(error), { error });
        return fallback;
      }
    };
  }

  const denied = Promise.resolve(false);
  const controller: ConsentCore = {
    version: VERSION,
    config,
    report,
    get: () => state,
    granted: guard((categoryId: string, service?: string) => isGranted(categoryId, service), false),
    acceptAll: guard(() => {
      const services: Record<string, boolean> = {};
      for (const s of config.services) services[s.id] = true;
      const categories: Record<string, boolean> = {};
      for (const c of config.categories) if (!c.readOnly) categories[c.id] = true;
      decide({ categories, services }, 'accept-all');
    }, undefined),
    rejectAll: guard(() => decide({ categories: Object.fromEntries(config.categories.map(c => [c.id, false])), services: {} }, 'reject-all'), undefined),
    save: guard((choices: SaveInput) => decideChecked(choices, 'save'), undefined),
    decide: guard(decideChecked, undefined),
    show: guard(show, undefined),
    hide: guard(hide, undefined),
    setAge: guard(setAge, undefined),
    setYouthMode: guard(setYouthMode, undefined),
    request: guard(request, denied),
    whenGranted: guard(whenGranted, new Promise<void>(() => {})),
    on: (event, fn) => (destroyed ? () => {} : events.on(event, fn)),
    reset: guard(reset, undefined),
    destroy: guard(() => {
      hide();
      sync?.stop();
      events.clear();
      destroyed = true;
    }, undefined),
  };

  // Listeners attached right after creation (or replayed from the script-tag queue) still hear `ready`.
  queueMicrotask(() => {
    if (destroyed) return;
    events.emit('ready', state);
    promptIfNeeded();
  });
  return controller;
}
