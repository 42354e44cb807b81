import { everything, isAction, nothing, type DecisionContext } from './decision.js';
import { documentProperty, listen, prerendered } from './document-own.js';
import { createEmitter } from './emitter.js';
import { EVENTS } from './lists.js';
import { any, only } from './natives.js';
import { readPrivacySignals } from './privacy-signals.js';
import { createConsentId, undecided } from './record.js';
import { readRecords, same } from './read-records.js';
import { crossBorderReason, effectiveGrants, expiryOf, forcedReason, liveChoices } from './rules.js';
import { createShown } from './shown.js';
import { computeState, isGranted, isIn, withheld, withShown, type Held } from './state.js';
import type { ConsentStorage } from './storage.js';
import { createTabSync } from './tab-sync.js';
import type {
  AgeGroup,
  ConsentEvents,
  ConsentGate,
  ConsentRecord,
  ConsentState,
  DecisionAction,
  ErrorKind,
  GrantDelta,
  PrivacySignals,
  ResolvedConfig,
  SaveInput,
  SetAgeOptions,
  ViewName,
  WaitOptions,
} from './types.js';
import { stringify } from './json.js';

export interface ConsentDeps {
  storage: ConsentStorage;
  /** Reads DNT / GPC; re-read whenever grants are recomputed. */
  signals?: () => PrivacySignals;
  now?: () => number;
  /** Keep tabs in sync (BroadcastChannel + visibility); off in unit tests. @default true in browsers */
  tabSync?: boolean;
  /** The language the visitor sees, for receipts. */
  lang?: () => string | undefined;
  warn?: (message: string) => void;
  /** A decision waits for the writer: the script tag loads it now. */
  needWriter?: () => void;
  /** Whether this page view is a reload (the withdrawal's, SPEC §6.3), not a visit to another page. */
  reloaded?: () => boolean;
}

/**
 * The half of the controller that writes decisions (`writer.ts`). The script tag loads it after the banner, so a
 * decision function called before it arrived is queued in order (SPEC §7.2).
 */
export interface Writer {
  /** `by`: `'api'` when the page's code made the decision through the public controller (recorded so: SPEC §4). */
  decide(input: SaveInput, action: DecisionAction, by?: 'api'): void;
  /** `inGuardianView`: the guardian view was shown when the call was made (SPEC §5.3: the guardian is at the keyboard). */
  setAge(group: AgeGroup, options: SetAgeOptions, inGuardianView: boolean, given?: unknown): void;
  setYouthMode(on: boolean): void;
  reset(): void;
  deleteInterests(): void;
  /** Stores the record in force again (the script tag voided it while a decision waited that then changed nothing). */
  restore(): void;
  /** The record in force reads back as none, and no cookie reads back at all: keeps it for this page (in memory). */
  dropped(): void;
}

/**
 * The controller as the UI and the gate reach it: the public functions plus the internals they are handed
 * (SPEC §7.2: internals are passed to them, never hung on the public object).
 */
export interface ConsentCore {
  readonly config: ResolvedConfig;
  get(): ConsentState;
  granted(category: string, service?: string): boolean;
  /**
   * The decisions of the SDK's own banner and preferences, recorded as `accept-all`, `reject-all`, `save`: the visitor
   * clicked there. The public controller passes `'api'` (SPEC §4: a page's own code is no visitor's click).
   */
  acceptAll(by?: 'api'): Promise<void>;
  rejectAll(by?: 'api'): Promise<void>;
  save(choices: SaveInput, by?: 'api'): Promise<void>;
  setAge(group: AgeGroup, options?: SetAgeOptions): Promise<void>;
  setYouthMode(on: boolean): Promise<void>;
  reset(): Promise<void>;
  show(view?: ViewName, detail?: { category?: string; service?: string }): void;
  hide(): void;
  request(category: string, service?: string): Promise<boolean>;
  whenGranted: ConsentGate['whenGranted'];
  on<K extends keyof ConsentEvents>(event: K, fn: (detail: ConsentEvents[K]) => void): () => void;
  destroy(): void;
  /** Closes the modal view only: the banner stays while a decision is owed. */
  close(): void;
  /** The visitor asked to delete their interest tags (the preferences' action): an event and a receipt. */
  deleteInterests(): Promise<void>;
  /** Whether the page listens to `event` (`interests`: whether anyone acts on 删除我的兴趣标签 besides a receipt). */
  listens(event: keyof ConsentEvents): boolean;
  /** A decision made in a view or by a hook (a contextual allow, the guardian's answer), its input checked. */
  decide(input: unknown, action: DecisionAction): Promise<void>;
  /** Reports an error through the `error` event. */
  report(kind: ErrorKind, message: string, extra?: Partial<ConsentEvents['error']>): void;
  /** Gives the controller its writer; decisions queued meanwhile are applied in order. */
  attach(create: (ledger: Ledger) => Writer): void;
  /**
   * The writer could not load: the promises of the decisions waiting for it settle (no page's `await` hangs), and the
   * decisions stay queued: until applied, nothing they could take away reads as granted (`get()`, `granted()`, the gate:
   * a withdrawal still withdraws on this page), and the next decision asks for the writer again.
   */
  unavailable(): void;
  /** Whether a decision made on this page is not stored: its code could not load, or threw (the UI says so). */
  unsaved(): boolean;
  /** Whether the record read was merged from several and waits to be written again by the writer. */
  readonly rewrite: boolean;
  /**
   * Whether a landing page's record waits to be written again from this page (`Ledger.renewal`), asked once the page is
   * idle: it reads localStorage, which a returning visit's start does not.
   */
  renews(): boolean;
  /** The network guard held or refused a request: counted in `get().held` and told as `held`. */
  hold(detail: ConsentEvents['held']): void;
}

/** What the writer works on: the record, the state transition, and the channels to tell others. */
export interface Ledger {
  readonly config: ResolvedConfig;
  readonly deps: Required<Pick<ConsentDeps, 'signals' | 'now' | 'warn'>> & ConsentDeps;
  storage: ConsentStorage;
  record(): ConsentRecord | undefined;
  state(): ConsentState;
  context(): DecisionContext;
  /**
   * Makes `next` the record and tells everyone (see `commit` below); `undefined` when a listener decided again
   * meanwhile, whose newer record is then the one in force.
   */
  commit(next: ConsentRecord | undefined, options?: Commit): GrantDelta | undefined;
  /** Persisted is false from now on: cookies stopped working. `told`: the decision was already told, tell again. */
  lost(told?: boolean): void;
  /** Whether the controller was destroyed: nothing is read, written or told after that. */
  destroyed(): boolean;
  /** The record merged from several that disagreed, until written again (SPEC §4). */
  merged(): ConsentRecord | undefined;
  /** The record as read, if the effective grants it carries are no longer what the page applies (until written again). */
  stale(): ConsentRecord | undefined;
  /** The cookie's value as read, where a landing page wrote it and Safari may drop it tomorrow (`ConsentStorage.renewal`). */
  renewal(): string | undefined;
  show(view: ViewName): void;
  closeAfterDecision(action?: string): void;
  emit<K extends keyof ConsentEvents>(event: K, detail: ConsentEvents[K]): void;
  report: ConsentCore['report'];
  notify(value: string): void;
  guardianHere: boolean;
  /** Shows the banner when the rules want a decision and it is not up. */
  promptIfNeeded(): void;
}

interface Commit {
  /** Stores the record: called after `granted` was told, before the other listeners hear of the change. */
  persist?: () => void;
  /** A new consent id (a reset, a record merged from several). */
  consentId?: string;
  /** The record was read from another tab or the cookie, not decided here. */
  elsewhere?: boolean;
}

function delta(before: ConsentState, after: ConsentState, granted: boolean): GrantDelta {
  const pick = (a: Record<string, boolean>, b: Record<string, boolean>) =>
    only(Object.keys(b), id => b[id] === granted && a[id] !== granted && (granted || a[id] === true));
  return { categories: pick(before.categories, after.categories), services: pick(before.services, after.services) };
}

/** How long after a record entered the child rules the guardian view opens by itself (the reload that follows). */
const GUARDIAN_HANDOVER = 10_000;
/**
 * Whether this page view is a reload (the visitor's, or the one a withdrawal made). A browser without navigation
 * timing entries (Safari before 15, old X5 kernels) says it through the older `performance.navigation`; one that says
 * neither is taken for a reload, so that the reload-loop guard stays on there.
 */
export const reloadedPage = () => {
  try {
    const type = (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.type;
    const older = (performance as { navigation?: { type: number } }).navigation;
    return type ? type == 'reload' : older ? older.type == 1 : true;
  } catch {
    return false;
  }
};

/**
 * Creates the consent controller's core: the record as read, the state computed from it, what is shown, the events,
 * contextual requests, and tab sync. It touches no DOM beyond the storage it is given, and writes nothing: decisions
 * go to the writer it is given (`attach`), at once from npm, once `decide.js` arrived in the script tag.
 */
export function createReader(config: ResolvedConfig, given: ConsentDeps): ConsentCore {
  const deps = {
    signals: () => readPrivacySignals(),
    now: Date.now,
    warn: (message: string) => console.warn(message),
    reloaded: reloadedPage,
    ...given,
  };
  const { now, signals } = deps;
  const browser = typeof document !== 'undefined';
  let destroyed = false;
  /** The timer that reads again when the record in force expires (`watchExpiry`). */
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  /** The timers that read the cookie again after another tab's message it did not show yet (`refresh`). */
  let echoTimers: Array<ReturnType<typeof setTimeout>> = [];
  let writer: Writer | undefined;
  /** Decisions called before the writer arrived, in order, each with whether it may take grants away. */
  let queue: Array<[apply: () => void, resolve: () => void, takes: boolean]> = [];
  let waiters: Array<{ category: string; service?: string; resolve: () => void }> = [];
  let held: Held = Object.freeze(Object.create(null));

  // A listener that throws is the page's bug: told in the console and as an `error` event (never from an `error`
  // listener, which would throw again).
  const threw = (error: unknown, event: keyof ConsentEvents) => {
    console.error('consent-gate: a listener threw', error);
    if (event != 'error') report('listener', `a listener of "${event}" threw: ${error}`, { error });
  };
  const events = createEmitter<ConsentEvents>(threw);
  // A call the API refuses (an unknown category or event, a save() of the wrong shape) is an integration mistake:
  // said in the console too, where a developer who listens to no `error` event sees it (SPEC §9).
  // What goes wrong while nobody listens yet (a tracker written untagged in the HTML, found as the guard starts) waits
  // for the first `error` listener: told just before `ready` where one listens by then (an app can only listen once
  // `createConsentGate()` has returned), else as the first one is added (an app whose bundler put the controller's
  // module in a chunk of its own listens after `ready`). Once anyone listens, errors are told as they happen, in order.
  let starting: Array<ConsentEvents['error']> | undefined = [];
  const tellStarting = () => {
    const early = starting ?? [];
    starting = undefined;
    early.forEach(detail => events.emit('error', detail));
  };
  let reporting = false;
  const report: ConsentCore['report'] = (kind, message, extra) => {
    if (kind == 'api') deps.warn(`consent-gate: ${message}`);
    const detail = { kind, message, ...extra };
    // At most a few dozen kept for a listener that may never come.
    if (starting && !events.has('error')) return void (starting.length < 50 && starting.push(detail));
    // Not told again to the listener it comes from: a page's `error` listener that asks `granted()`, on a page whose
    // built-in broke that too, was told its own failure until the stack ran out.
    if (reporting) return;
    reporting = true;
    try {
      tellStarting();
      events.emit('error', detail);
    } finally {
      reporting = false;
    }
  };
  /** Whether `ready` was told: a listener added later hears it at once. */
  let started = false;

  const views = createShown({
    config,
    state: () => state,
    changed: shown => (state = withShown(state, shown)),
    emit: events.emit,
    report,
    closed: () => (ledger.guardianHere = false),
    browser,
  });
  const { show, hide, close, promptIfNeeded } = views;

  const ledger: Ledger = {
    config,
    deps,
    storage: given.storage,
    record: () => record,
    state: () => state,
    context: () => ({
      config, record, state, signals: signals(), now: now(), made: madeAt, guardianHere: ledger.guardianHere,
    }),
    commit,
    lost(told) {
      persisted = false;
      state = compute();
      if (told && !destroyed) tell();
    },
    destroyed: () => destroyed,
    merged: () => (first.merged && record && record === first.record ? record : undefined),
    stale,
    renewal,
    // A decision the guardian must make first (a child's allow in context) opens their view with the question it answered.
    show: view => views.show(view, (view == 'guardian' && views.get().request) || undefined),
    closeAfterDecision: action => views.closeAfterDecision(action, grantedNow, madeIn),
    emit: (event, detail) => events.emit(event, detail),
    report,
    notify: value => sync?.notify(value),
    guardianHere: false,
    promptIfNeeded,
  };

  /** The consent id of the page's own copy, as last read (`ConsentStorage.mine`). */
  let own: string | undefined;
  /** The record, or several merged (SPEC §4: a cookie tossed onto the parent domain can only take grants away). */
  function readStored() {
    own = undefined;
    try {
      return readRecords(ledger.storage.read(), now(), () => {
        const id = (own = ledger.storage.mine?.());
        return id ? { id, categories: config.categories.map(c => c.id), services: config.services.map(s => s.id) } : undefined;
      });
    } catch (error) {
      report('storage', 'the consent cookie could not be read', { error });
      return { record: undefined, merged: false };
    }
  }
  // A transfer out of China must be in the privacy policy too (PIPL Art. 38–39): said once, where the config has one.
  for (const s of config.services) {
    if (s.crossBorder) {
      // And the operator adding it is told what happens to markup naming only its category (SPEC §6.1, §6.3): it needs
      // every service of the category, so it waits for this separate consent too, for every visitor who does not give it.
      deps.warn(`consent-gate: service "${s.id}" sends personal information out of China: the privacy policy must say so (PIPL Art. 38–39); it is granted only in its own 单独同意 dialog, never by "accept all", and markup naming only "${s.category}" (no data-service) waits for it too`);
    }
  }
  if (!config.policy.updated) deps.warn(`consent-gate: config.policy.updated is not set for policy version "${config.policy.version}": the updated banner shows no dates (SPEC §2)`);
  const first = readStored();
  let record = first.record;
  /** The consent id a record read is taken under: a merge takes none of its copies' ids, unless one is the page's own. */
  const idOf = (read: { record?: ConsentRecord; merged: boolean }) => (read.record && !(read.merged && read.record.id !== own) ? read.record.id : createConsentId());
  let consentId = idOf(first);
  let persisted = ledger.storage.persistent;
  const compute = () => computeState(config, record, { signals: signals(), now: now(), persisted, consentId }, views.get(), held);
  let state = compute();
  const grantsOf = (of: ConsentState) => stringify([of.categories, of.services]);
  /** The grants `change` last told (or the first state, which `ready` tells). */
  let toldGrants = grantsOf(state);

  /**
   * The record as read, while it is the one in force, if the categories it says are in effect (`e`: what the server
   * applies) differ from what the page applies now: DNT or GPC turned off since the decision, a rule of the age
   * groups. Only the categories: a format 2 record's services held off (`eo`) followed each page's own service list, and
   * subdomains with different lists would otherwise write the cookie again on every page view. For the same reason only
   * the categories this page configures: a category of a sibling's own (www. only) is that page's to say. Format 1
   * records carry none: such a record (the 0.1 SDK's) is written again, once, with them: a server reading it without
   * them granted a minor nothing optional, where the page applies analytics and share.
   */
  function stale() {
    if (!record || record !== first.record || state.prompt !== null) return;
    const mine = record.effective?.categories.filter(id => config.categories.some(c => c.id == id));
    return !mine || effectiveGrants(config, state).categories.join() != mine.join() ? record : undefined;
  }

  /**
   * The record as read, while in force and asking nothing, where it waits to be written again as it is (`Ledger.renewal`).
   * The storage is asked first, whatever the record: a landing page marks its tab as it is asked (storage.ts `landing`).
   */
  function renewal() {
    const value = ledger.storage.renewal?.();
    return value && record && record === first.record && !first.merged && state.prompt === null ? value : undefined;
  }

  /** Counts changes, so a change superseded by a listener's own decision stops telling its older news. */
  let generation = 0;

  /**
   * Makes `next` the record and tells everyone, `granted` first: the gate starts a granted script before anything
   * else runs (SPEC §10: accept → first gated script). `persist` (the cookie write) follows, so every other listener
   * already finds the new record stored. A listener that decides again supersedes this change: it is not stored over
   * the newer one, and what is left of it is not told (a minor's age set from a `change` listener was overwritten in
   * the cookie by the decision that triggered it).
   */
  function commit(next: ConsentRecord | undefined, options: Commit = {}): GrantDelta | undefined {
    telling++;
    try {
      // Own options only: an option left out is read through the prototype chain (ECMA-262 OrdinaryGet), and a page's
      // Object.prototype.consentId (an old query parser) became the record's id, one that fails its own check (SPEC §9).
      return change(next, Object.assign(Object.create(null), options));
    } finally {
      telling--;
    }
  }
  /** How many changes are being told now: a listener deciding meanwhile finds its record not stored yet. */
  let telling = 0;
  /**
   * When the newest decision read from elsewhere was made (another tab, a sibling subdomain, another page of this tab
   * read as this one is restored from the back/forward cache): decisions waiting here that were made before give way.
   * Decisions are dated when made (`DecisionContext.made`), not when their code arrived: of two tabs both waiting, the
   * one whose code came first must not outdate the other's later choice.
   */
  let elsewhereAt = 0;

  function change(next: ConsentRecord | undefined, options: Commit): GrantDelta | undefined {
    const before = state;
    const mine = ++generation;
    record = next;
    consentId = options.consentId ?? next?.id ?? consentId;
    state = compute();
    watchExpiry();
    // Nothing left to ask: the banner goes, whoever decided (this page, another tab, the account). Every listener
    // already reads it gone, so no UI redraws a banner that is closing; `hide` is told after `change`.
    const closing = !state.prompt && views.get().banner;
    if (closing) views.set({ ...views.get(), banner: false });
    const closed = views.get();
    const current = () => mine === generation;
    // After a decision whose writer threw, the grants are held off for good (`failed`): none is told granted, and what
    // is told revoked is what was told in force.
    const applied = (of: ConsentState) => (failed ? withheld(config, of) : of);
    const granted = delta(applied(before), applied(state), true);
    const revoked = delta(applied(before), applied(state), false);
    if (options.elsewhere) granted.elsewhere = revoked.elsewhere = true;
    if (granted.categories.length || granted.services.length) events.emit('granted', granted);
    if (current()) options.persist?.();
    if (current() && (revoked.categories.length || revoked.services.length)) events.emit('revoked', revoked);
    if (current()) tell();
    // The guardian's view is a child's: once the person is no child (the account says adult while it is open, another
    // tab set the age), it closes, told as a `hide`, and a question it carried is answered "no". So it does once the
    // guardian answered in another tab (agreed, or refused): left open, its 拒绝 turned that fresh consent into a
    // refusal in every tab (SPEC §5.3).
    const guardian = state.decision?.action == 'guardian' && state.decision.at != before.decision?.at;
    if (current() && views.get().view == 'guardian' && ((before.age == 'child' && state.age != 'child') || (options.elsewhere && (guardian || before.guardianConsent != state.guardianConsent)))) close();
    settle();
    if (options.elsewhere) views.closeAnswered(grantedNow);
    // A listener's own decision may have left a question (a contextual grant after "accept all" that the rules undo):
    // the banner is asked back, where no listener moved the views meanwhile. Then the banner's close is told, where
    // listeners were told it shown and it did not come back (a listener's view or decision meanwhile included).
    if (closing && state.prompt && views.get() === closed) show('banner');
    views.tellBanner();
    return current() ? revoked : undefined;
  }

  /** Tells `change`, to listeners and as the window's `consentgate:change`. */
  function tell() {
    const detail = current();
    toldGrants = grantsOf(detail);
    events.emit('change', detail);
    try {
      window.dispatchEvent(new CustomEvent('consentgate:change', { detail }));
    } catch {
      // No window (SSR, workers): the `change` event above is the only channel.
    }
  }

  /** Whether the state in force grants a category, or a service of it. */
  const grantedNow = (category: string, service?: string) => isGranted(config, current(), category, service);

  /** Resolves the requests and `whenGranted()` promises the state now grants. */
  function settle() {
    views.settle(grantedNow);
    waiters = waiters.filter(waiter => !(grantedNow(waiter.category, waiter.service) && (waiter.resolve(), true)));
  }

  const sync = browser && deps.tabSync !== false ? createTabSync(config.cookie.name, refresh) : undefined;

  /**
   * Reads again as the record in force expires (SPEC §4): a tab that stays open and visible (an SPA, a kiosk) went on
   * applying it, its gate activating and `load()` loading for a decision the next page and the server hold expired.
   * A timer waits at most 2^31 − 1 ms (HTML: a longer delay fires at once), so a later expiry is waited for in steps;
   * a page frozen or in the back/forward cache meanwhile reads again as it comes back (tab sync).
   */
  function watchExpiry() {
    clearTimeout(expiryTimer);
    // Whenever the record's choices apply, also while the banner asks (about a new service; after an allow in context on
    // a first visit): their grants end at the expiry all the same (SPEC §4).
    const live = liveChoices(record, state.prompt);
    if (!browser || destroyed || !live?.decision) return;
    const wait = Math.min(expiryOf(config, live), live.expires ?? Infinity) - now();
    expiryTimer = setTimeout(() => (refresh(), watchExpiry()), Math.min(Math.max(wait, 0) + 50, 2 ** 31 - 1));
  }
  watchExpiry();

  /**
   * Re-reads the record and the signals: another tab decided (`value` is its record, `''` after a reset), or the
   * page became visible again (the cookie may have changed on a sibling subdomain).
   */
  function refresh(value?: string) {
    if (destroyed) return;
    // Read as a cookie is: a record from the channel dated far ahead is no record either (SPEC §4).
    const sent = value ? readRecords([value], now()) : undefined;
    // The cookie says what applies where there is one, as it does for the server and every page opened next (SPEC §4).
    // Two tabs deciding at once each got the other's message: taken as it came, the tab that refused applied the other's
    // acceptance and ran its trackers while the cookie held the refusal. A message the cookie does not show yet (a write
    // reaches the other tabs' renderers a moment later) has it read again shortly. Memory (cookies off) has the messages
    // only.
    const persistent = ledger.storage.persistent;
    let read = persistent ? readStored() : value === '' ? { merged: false } : sent?.record && (!record || sent.record.updatedAt >= record.updatedAt) ? sent : readStored();
    const shown = value ? !!read.record && !!sent?.record && read.record.updatedAt == sent.record.updatedAt && same(read.record, sent.record) : !read.record;
    if (persistent && value !== undefined && !shown) {
      echoTimers.forEach(clearTimeout);
      echoTimers = [100, 1000].map(wait => setTimeout(refresh, wait));
      // The choice another tab made is the visitor's later one all the same: a decision queued here before it (waiting
      // for decide.js) gives way, also where decide.js comes before the cookie shows it (a reset, then this page's older
      // "accept all" applied over it).
      elsewhereAt = Math.max(elsewhereAt, value === '' ? now() : (sent?.record?.decision?.at ?? 0));
    }
    // The record in force read back as none where no cookie reads back at all (a script of the page that hides
    // document.cookie, cookies blocked since): no reset made elsewhere, which would undo the visitor's choice at once and
    // ask again without a word, and a decision built on no record withdraw every other grant. Kept for this page by the
    // writer, said (SPEC §4: `persisted: false`), and read from there on. Inside a decision too: the probe's cookie
    // writes are paid only where the record in force is missing from the cookie, never on a click of a page whose
    // cookies work and hold it (SPEC §10, accept → executed).
    if (!read.record && record && value === undefined && writer && ledger.storage.readsBack?.() === false) {
      writer.dropped();
      read = readStored();
    }
    const stored = read.record;
    // The record this page wrote reads back with its expiry and effective grants: not a change. Nor does the record
    // this page wrote without its decision (`unstore`): the decisions it stands for are still queued here.
    const ours = voided(stored);
    const changed = !ours && (stored && record ? stored.updatedAt != record.updatedAt || !same(stored, record) : stored != record);
    const owed = state.prompt;
    if (changed && (stored || ledger.storage.persistent || value === '')) {
      // A decision, or another tab's reset, is a choice; a record without one (another page's void, a cookie gone) is not.
      elsewhereAt = Math.max(elsewhereAt, value === '' ? now() : (stored?.decision?.at ?? 0));
      commit(stored, { consentId: idOf(read), elsewhere: true });
    }
    // The same record may have expired while the tab stayed open (SPEC §4): it is asked again, as the next page would,
    // and the server, which reads that record as expired, and this page apply the same grants.
    else if (stringify(signals()) !== stringify(state.signals) || compute().prompt !== state.prompt) commit(record);
    // Another tab's reset (or a record gone stale) owes a decision here too: the banner shows, as on the next page.
    if (state.prompt && state.prompt !== owed) promptIfNeeded();
  }

  /**
   * Runs a decision now, or queues it until the writer arrives; the promise settles once it is applied. `takes`: whether
   * it may take grants away, which then read as not granted until it is applied.
   */
  function decision(caller: string, run: (w: Writer) => void, takes = true): Promise<void> {
    if (destroyed) return Promise.resolve();
    const fail = (error: unknown) => {
      lost = true;
      let message = caller;
      // In a try of its own: the error's words or the report may fail on the same page's built-in (a `message` getter,
      // `Map.prototype.get`), and what fails closed and what the console says must not depend on them.
      try {
        message = `${caller}: ${error instanceof Error ? error.message : error}`;
        report('internal', message, { error });
      } catch {}
      // Nothing was stored (a writer of another build, which the files' stamp did not tell; a built-in the page
      // replaced): a decision that may take grants away holds them off on this page, and the stored record loses its
      // decision, as where the writer cannot load (fail closed, SPEC §9). A withdrawal lost in silence kept the
      // trackers running.
      try {
        deps.warn(`consent-gate: ${message}: nothing was stored${takes ? '; the grants are held off, the next page asks again' : ''}`);
      } catch {}
      if (takes) {
        // The record voided before `now()` is asked: a page's replaced built-in may be behind it too.
        (failed = true), (queuedOn = record), unstore(), (queuedAt = now());
        // Told as a withdrawal is: the gate stops what runs (SPEC §6.3: the reload, the vendors' cookies cleared).
        const revoked = delta(state, current(), false);
        if (revoked.categories.length || revoked.services.length) events.emit('revoked', revoked);
        if (grantsOf(current()) != toldGrants) tell();
      }
    };
    return new Promise<void>(resolve => {
      try {
        const view = views.get().view;
        // When the decision was made: a decision waiting for its code is dated so (a click while decide.js was on its way),
        // and it gives way to one made later elsewhere (below). One applied at once is never outdated by the time it runs.
        const made = now();
        const queued = !writer;
        const apply = () => {
          const [outer, outerAt] = [madeIn, madeAt];
          try {
            // Built on the record stored now: a sibling subdomain's tab may have decided since this page last read it,
            // and a decision made from the older choices would write back what the visitor took away there. Not from a
            // listener of a change being told: that change is not stored yet, and reading would undo it.
            if (!telling) refresh();
            // A decision made elsewhere after this one is the visitor's later choice, and stands: a page left for the
            // back/forward cache with "accept all" waiting for its code, restored after a refusal on the next page,
            // applied its stale acceptance over the refusal, dated after it.
            if (queued && elsewhereAt > made) return resolve();
            madeIn = view;
            // Only a decision that waited: one applied at once is dated with its record (no `t` of a millisecond apart).
            madeAt = queued ? made : undefined;
            run(writer!);
          } catch (error) {
            fail(error);
          }
          [madeIn, madeAt] = [outer, outerAt];
          resolve();
        };
        if (writer) return apply();
        queue.push([apply, resolve, takes]);
        if (takes) (queuedAt = now()), (queuedOn = record);
        if (takes && !leaving) {
          // A page left while it waits (a link followed right after "reject all", a tab closed) must not leave the
          // record in force: it is taken back as the page is hidden (`visibilitychange`, the one event sure to come on
          // mobile, and `pagehide`: HTML's unload steps hide the document before it). Applied later on this page, the
          // decision is stored over it.
          leaving = () => {
            try {
              if (documentProperty('visibilityState') == 'hidden') unstore();
            } catch {}
          };
          try {
            listen(window, 'pagehide', leaving);
            listen(document, 'visibilitychange', leaving);
          } catch {
            // No window (SSR, workers): no page to leave.
          }
        }
        // What it may take away no longer reads as granted from now on: said to listeners (Consent Mode, the dataLayer, a
        // UI of the page's own), since `get()` changed.
        if (grantsOf(current()) != toldGrants) tell();
        deps.needWriter?.();
      } catch (error) {
        // Settled all the same: a decision's promise never rejects (the banner's buttons and the page await it). What
        // failed (a built-in the page replaced after the SDK started) is a decision lost, as above; one queued before
        // still asks for its code.
        try {
          fail(error);
          deps.needWriter?.();
        } catch {}
        resolve();
      }
    });
  }

  /**
   * Settles the promises of the decisions waiting, which stay queued: applied if their code arrives on a later try, and
   * until then what they may take away stays off on this page (fail closed: a withdrawal whose code cannot load is not
   * stored, but nothing it withdraws starts again here).
   */
  function unavailable() {
    queue = queue.map(([apply, resolve, takes]) => (resolve(), [apply, () => {}, takes]));
    unstore();
  }

  /**
   * While a decision that may take grants away waits for its code, the stored record is replaced by itself without a
   * decision (`undecided`: SPEC §4, §9, fail closed): the next page, a sibling subdomain and the server then apply no
   * optional grant and the banner asks again, where they would have applied what the visitor took away. Once the
   * decision is applied it is stored over it.
   */
  function unstore() {
    // Only the record the decisions waiting were made on: one decided since, in another tab or on a sibling subdomain
    // (read here by tab sync), is the visitor's newer choice, which the void must not undo.
    // A destroyed controller's leaving listener voids nothing: a controller made since may have stored a newer choice.
    if (destroyed || !record?.decision || (record !== queuedOn && record.updatedAt > queuedAt) || !holding()) return;
    try {
      // No earlier than the record it voids: under a clock set back since (within the day a record may run ahead), a
      // copy of that record on another domain level read as the newer of two copies that agree, its decision kept.
      const at = Math.max(now(), record.updatedAt);
      const value = undecided(record, at);
      // Told to the other tabs of this origin as a decision is (tab sync): they stop applying what it withdraws.
      if (!ledger.storage.write(value, config.cookie.rejectDays)) throw 0;
      (voidedAt = Math.floor(at)), sync?.notify(value);
    } catch {
      // The record without its decision could not be made or did not stick (a built-in the page replaced, as the
      // decision's own write could not): every copy of the record goes, so that the next page asks rather than apply
      // what was withdrawn (fail closed, SPEC §9). Where cookies cannot be written at all, the page keeps the grants off.
      try {
        ledger.storage.remove();
      } catch {}
    }
  }
  /**
   * A decision that may take grants away could not be applied (its writer threw): like one waiting for its writer, it
   * holds the optional grants off on this page for good (`decision`).
   */
  let failed = false;
  /** Whether a decision's writer threw, whatever the decision (`unsaved`). */
  let lost = false;
  /** Whether optional grants are held off: a decision that may take them away waits, or failed. */
  // Not the page's `Array.prototype.some`: one replaced after the SDK started made every `get()` throw (SPEC §9).
  const holding = () => failed || any(queue, ([, , takes]) => takes);
  /** When `unstore` wrote the record without its decision, to tell it from another page's record. */
  let voidedAt = 0;
  /** Whether `stored` is the record without its decision this page wrote (`unstore`). */
  const voided = (stored?: ConsentRecord) => !!stored && !stored.decision && stored.updatedAt == voidedAt;
  /** The view open as the decision being applied was made (`closeAfterDecision`). */
  let madeIn: ViewName | undefined;
  /** When the decision being applied was made (`DecisionContext.made`). */
  let madeAt: number | undefined;
  /** When the last decision that may take grants away was queued, and the record in force then. */
  let queuedAt = 0;
  let queuedOn: ConsentRecord | undefined;
  let leaving: EventListener | undefined;

  /**
   * The state as the page is to apply it (`get()`, `granted()`, the events): the record's, with every optional grant off
   * while a decision that may take grants away waits for the writer (SPEC §7.2). One object per state, so that listeners
   * comparing states see no change where there is none.
   */
  function current(): ConsentState {
    if (!holding()) return state;
    if (cautious?.[0] !== state) cautious = [state, withheld(config, state)];
    return cautious[1];
  }
  let cautious: [of: ConsentState, view: ConsentState] | undefined;

  /** Whether a public call's failure was said in the console (`guard`). */
  let callFailed = false;
  /** Wraps a public function: inert after `destroy()` (unless `after`), never throwing into the page. */
  function guard<A extends unknown[], R>(fn: (...args: A) => R, fallback: R, after?: boolean): (...args: A) => R {
    return (...args: A) => {
      if (destroyed && !after) return fallback;
      try {
        return fn(...args);
      } catch (error) {
        // Said in the console too, once: a view that does not open with nothing said (a page's `Object.assign` replaced
        // after the SDK started) leaves whoever looks into it nothing to go on (SPEC §9); a page asking `granted()` on
        // each scroll is not flooded. In a try: the page's `console.error` may throw as well.
        try {
          callFailed ||= (console.error('consent-gate: a call failed (a built-in the page replaced?)', error), true);
        } catch {}
        report('internal', error instanceof Error ? error.message : String(error), { error });
        return fallback;
      }
    };
  }

  /** The category `request()` / `whenGranted()` name, or `undefined` after an `api` error naming what is unknown. */
  const named = (caller: string, id: string, service?: string) => {
    const c = config.categories.find(x => x.id === id);
    if (c && (service === undefined || isIn(config, service, id))) return c;
    report('api', `${caller}: unknown ${c ? `service "${service}" in` : 'category'} "${id}"`, { service });
  };

  function request(category: string, service?: string): Promise<boolean> {
    if (grantedNow(category, service)) return Promise.resolve(true);
    const c = named('request()', category, service);
    // No visitor to ask without a browser (a server render): a server's `await request(…)` waited for good.
    if (!c || !browser) return Promise.resolve(false);
    const person = { age: state.age, youthMode: state.youthMode, guardianConsent: state.guardianConsent };
    const reason = forcedReason(c, person, config.dnt, signals());
    // A transfer abroad this person may not agree to (a minor's, a child's, in youth mode: SPEC §5.4), or what stays
    // held off once a guardian agreed (a child's pixel or personalization: the minors' lock, SPEC §5.3): no dialog
    // whose allow could do nothing, and no guardian view either (no guardian can allow it for a child).
    const s = config.services.find(x => x.id === service);
    const abroad = s && crossBorderReason(s, person);
    if (abroad || forcedReason(c, { ...person, guardianConsent: true }, config.dnt, signals())) return Promise.resolve(false);
    // A child (SPEC §5.3): the guardian's view first, carrying the question, which the guardian's agreement there opens
    // next (setAge below); a refusal, or the view closed, answers it "no". Also with a guardian's consent on file: what
    // a child is granted is the guardian's to allow, and a child's own allow first would only lead to the guardian's view
    // and the same question again.
    return views.ask(reason || state.age == 'child' ? 'guardian' : 'request', { category, service });
  }

  function whenGranted(category: string, service?: string | WaitOptions, options?: WaitOptions): Promise<void> {
    if (typeof service == 'object') (options = service), (service = undefined);
    const signal = signalOf(options);
    if (signal?.aborted) return Promise.reject(signal.reason);
    // After `destroy()` a wait never resolves (nothing is granted any more) and still ends with its signal: a component
    // unmounted as the app tore the gate down had its abort ignored, its wait left behind.
    if (destroyed) return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
    if (grantedNow(category, service)) return Promise.resolve();
    // An unknown name waits for a grant that can never come: it still waits (fail closed), and says so.
    named('whenGranted()', category, service);
    return new Promise((resolve, reject) => {
      // Let go of by the signal once settled: one signal of a route or an app may serve many waits.
      const abort = () => ((waiters = waiters.filter(other => other != waiter)), reject(signal!.reason));
      const waiter = { category, service, resolve: () => (signal?.removeEventListener('abort', abort), resolve()) };
      waiters.push(waiter);
      signal?.addEventListener('abort', abort, { once: true });
    });
  }

  /** `options.signal`, or nothing where it is none (an `AbortController` given for its signal: said, and waited on). */
  const signalOf = (options?: WaitOptions) => {
    const signal = options?.signal;
    if (signal == null || typeof signal.addEventListener == 'function') return signal;
    report('api', 'whenGranted(): options.signal is no AbortSignal (an AbortController\'s .signal)', {});
  };

  const never = new Promise<void>(() => {});
  /** The names `granted()` has looked up and found wanting, each said once. */
  const unknowns = new Set<string>();
  const core: ConsentCore = {
    config,
    get: current,
    // A name that is no category or service of the config answers false, as a refusal would: said once per name, as
    // every other call says it (`granted('Analytics')` kept a page's own tags off, silently).
    granted: guard((category: string, service?: string) => {
      const yes = grantedNow(category, service);
      const key = `${category} ${service}`;
      if (!yes && !unknowns.has(key)) unknowns.add(key), named('granted()', category, service);
      return yes;
    }, false),
    // "Accept all" and youth mode turned off take no grant away (decision.ts: the rules may keep a grant off, never turn
    // one off), nor does a request to delete interest tags: waiting for the writer, they leave the grants in force.
    acceptAll: by => decision('acceptAll()', w => w.decide(everything(config), 'accept-all', by), false),
    rejectAll: by => decision('rejectAll()', w => w.decide(nothing(config), 'reject-all', by)),
    save: (choices, by) => decision('save()', w => w.decide(choices, 'save', by)),
    setAge: (group, given) => {
      // Own options only (ECMA-262 OrdinaryGet reads inherited ones): a page's `Object.prototype.guardianConsent` (an
      // old query parser) made a child's own "under 14" a malformed call, refused, and the grants stayed.
      const options: SetAgeOptions = Object.assign(Object.create(null), given);
      // Whether the guardian view is shown is read when the call is made: in the script tag a call waits for decide.js,
      // and the guardian view's 同意 has moved on to the preferences by then.
      const inGuardianView = views.get().view === 'guardian';
      // The age group stored, confirmed again (a signed-in visitor's page does so as it starts) takes nothing away: left
      // before its code arrives, the page must not void the record for it (the next page would ask again).
      const same = group !== 'child' && group === state.age && (options.source !== 'account' || state.ageFromAccount);
      const done = decision('setAge()', w => w.setAge(group, options, inGuardianView, given), !same);
      // The guardian agreed in the view a child's request() opened (SPEC §5.3, §6.4): its question is asked now, at once
      // (its allow waits behind the agreement for the code that writes both), and answered back to no view.
      const asked = views.get().request;
      if (asked && inGuardianView && options.guardianConsent === true && options.source === 'guardian') views.askAfterGuardian(asked);
      return done;
    },
    setYouthMode: on => decision('setYouthMode()', w => w.setYouthMode(on), on !== false && !state.youthMode),
    reset: () => decision('reset()', w => w.reset()),
    deleteInterests: () => decision('deleteInterests()', w => w.deleteInterests(), false),
    decide: (input, action) =>
      isAction(action) ? decision(action, w => w.decide(input as SaveInput, action)) : (report('api', `decide(): unknown action "${String(action)}"`), Promise.resolve()),
    show: guard(show, undefined),
    hide: guard(hide, undefined),
    close: guard(close, undefined),
    request: guard(request, Promise.resolve(false)),
    whenGranted: guard(whenGranted, never, true),
    on: (event, fn) => {
      // A misspelt event (`chnage`) or a listener that is no function would never fire: said at once.
      // The event first: `on()` with nothing named no event, only a listener "of undefined".
      const known = (EVENTS as readonly unknown[]).includes(event);
      if (!known || typeof fn != 'function') {
        report('api', `on(): ${known ? `the listener of "${event}" must be a function` : `unknown event "${String(event)}" (events: ${EVENTS.join(', ')})`}`);
      }
      if (destroyed) return () => {};
      let live = true;
      const off = events.on(event, fn);
      // Told in a microtask of its own to a listener added after it happened, as a promise's `then` would be.
      if (started && event == 'ready') {
        queueMicrotask(() => {
          if (!live || destroyed) return;
          const once = createEmitter<ConsentEvents>(threw);
          once.on('ready', fn as (state: ConsentState) => void);
          once.emit('ready', current());
        });
      }
      // Kept for a later one where this one is gone by then.
      if (started && event == 'error' && starting?.length) queueMicrotask(() => destroyed || !events.has('error') || tellStarting());
      return () => ((live = false), off());
    },
    report,
    listens: events.has,
    rewrite: first.merged || !!stale(),
    renews: () => !!renewal(),
    hold(detail) {
      const was = held[detail.service];
      held = Object.freeze(
        Object.assign(Object.create(null), held, {
          [detail.service]: Object.freeze({
            count: (was?.count ?? 0) + 1,
            kinds: Object.freeze([...new Set([...(was?.kinds ?? []), detail.kind])]),
            url: was?.url ?? detail.url,
          }),
        }),
      );
      state = Object.freeze({ ...state, held });
      events.emit('held', detail);
    },
    attach(create) {
      if (writer || destroyed) return;
      writer = create(ledger);
      // Applied in order, each taken off the queue first: `granted()` stays cautious while later ones wait, and
      // answers plainly while the last one is told (the gate activates on that news).
      while (queue.length) queue.shift()![0]();
      // A decision that changed nothing (an age group confirmed again) stored nothing: the record this page voided while
      // it waited is stored again, or the void would ask again on every other page while this one applies the grants.
      if (voidedAt && !failed && record?.decision && voided(readStored().record)) writer.restore();
      settle();
      // Grants the queue held off and no decision changed (an account's age group confirmed as stored) are in force
      // again: said, as their holding off was.
      if (grantsOf(current()) != toldGrants) tell();
    },
    unavailable,
    unsaved: () => lost || queue.length > 0,
    destroy: guard(() => {
      hide();
      sync?.stop();
      clearTimeout(expiryTimer);
      echoTimers.forEach(clearTimeout);
      events.clear();
      destroyed = true;
      queue.splice(0).forEach(([, resolve]) => resolve());
    }, undefined),
  };

  // Listeners attached right after creation (or replayed from the script-tag queue) still hear `ready`.
  queueMicrotask(() => {
    if (destroyed) return void (starting = undefined);
    if (events.has('error')) tellStarting();
    const tell = views.prompt();
    started = true;
    events.emit('ready', current());
    // A prerendered page's banner is drawn for the visitor who opens it, and told shown when they do: a page counting
    // its impressions by `show` counted one for each prerender nobody opened (Speculation Rules).
    tell && (prerendered(tell) || tell());
    // Just entered the child rules, and the withdrawal reload followed: the guardian view the visitor was led to
    // opens again by itself (SPEC §5.3).
    const initial = first.record;
    // The reload only: a visitor who closed the view and went on to another page is not asked again by itself.
    const fresh = initial && initial === record && Math.abs(now() - initial.updatedAt) < GUARDIAN_HANDOVER;
    if (state.prompt === 'guardian' && fresh && deps.reloaded()) show('guardian');
  });
  return core;
}
