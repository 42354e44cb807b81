import { VIEWS } from './lists.js';
import { crossBorderReason } from './rules.js';
import type { Shown } from './state.js';
import type { ConsentEvents, ConsentState, ResolvedConfig, ViewName } from './types.js';

/** A contextual question (`request()`), with a category, and a service when it asks about one. */
export type Question = { category: string; service?: string };

/** What the owner of what is shown needs of the controller around it. */
export interface ShownDeps {
  config: ResolvedConfig;
  /** The state of the record in force (its `prompt`, its grants), as the rules compute it. */
  state(): ConsentState;
  /** Called with each new `Shown`, before `hide` is told: the controller's state carries it from then on. */
  changed(shown: Shown): void;
  emit<K extends 'show' | 'hide'>(event: K, detail: ConsentEvents[K]): void;
  report(kind: 'api', message: string): void;
  /** A modal view closed: whoever was at the keyboard for it (the guardian) is no longer known to be. */
  closed(): void;
  /** Whether there is a visitor to show the banner to: none in a server render (no `document`). */
  browser: boolean;
}

/**
 * The one owner of what is shown (SPEC §7.2, §8): the banner, the modal view over it, and the question a contextual
 * dialog asks, with the `request()` promises waiting for its answer. The UI and a headless UI only render it, from
 * `get()` and the `show` / `hide` events.
 */
export function createShown(deps: ShownDeps) {
  const { config, emit } = deps;
  /** Without a prototype: a page's `Object.prototype.view` is no open view (SPEC §9). */
  let shown: Shown = Object.assign(Object.create(null) as Shown, { banner: false });
  /** The view a contextual dialog was opened over (a preferences switch for a transfer abroad): where its answer returns. */
  let under: ViewName | undefined;
  /** The category whose transfers abroad are being asked about one by one, after its own allow. */
  let chain: string | undefined;
  let waiting: Array<Question & { resolve: (allowed: boolean) => void }> = [];
  /**
   * Whether listeners were last told the banner shown. A decision takes the banner away at once and tells it after
   * `granted` and `change` (`tellBanner`); a listener meanwhile may open a view, show the banner again or decide once
   * more. What they hear pairs up all the same: one `hide` for a banner told shown, none for one never told.
   */
  let toldBanner = false;

  function set(next: Shown, closed?: ViewName) {
    shown = Object.assign(Object.create(null) as Shown, next);
    deps.changed(shown);
    if (closed == 'banner') tellBanner();
    else if (closed) emit('hide', { view: closed });
  }

  /** Tells the banner's `show` or `hide` where listeners were last told otherwise. */
  function tellBanner() {
    if (toldBanner == shown.banner) return;
    toldBanner = shown.banner;
    emit(toldBanner ? 'show' : 'hide', { view: 'banner' });
  }

  function answer(allowed: boolean) {
    const pending = waiting;
    waiting = [];
    pending.forEach(request => request.resolve(allowed));
  }

  // `detail` without a prototype where none is given: a page's `Object.prototype.category` is no question (SPEC §9).
  function show(view: ViewName = 'preferences', detail: Partial<Question> = Object.create(null)) {
    // `request` only as `request(category)` opens it: without its question the dialog would ask about nothing.
    if (view === 'request' && !detail.category) return deps.report('api', 'show(): the request view opens through request(category)');
    if (!(VIEWS as readonly unknown[]).includes(view)) return deps.report('api', `show(): unknown view "${String(view)}"`);
    if (view === 'banner') {
      // None without a browser (`prompt` below): a reset there, a listener's call, showed it in a server's HTML.
      if (!deps.browser) return;
      // The banner comes forward: a modal view over it closes (a question it asked is answered "no").
      if (shown.view) close();
      set({ banner: true });
      return tellBanner();
    }
    const open = shown.view, asked = shown.request;
    // Shown already, asking the same: nothing changes, nothing is told (a UI counting `show` / `hide` stays even).
    if (open == view && asked?.category == detail.category && asked?.service == detail.service) return;
    // Another view replacing the contextual dialog answers its question "no": a share click must not be replayed
    // minutes later because the visitor happened to grant `share` in the preferences. The guardian's view carrying
    // the question (a child's, SPEC §5.3) leaves it waiting for the guardian.
    if (view !== 'request') (chain = undefined), detail.category || answer(false);
    under = view !== 'request' ? undefined : shown.view !== 'request' ? shown.view : under;
    // A view it replaces is told closed first, the next question of the dialog as its own dialog.
    set({ banner: shown.banner, view, request: detail.category ? { category: detail.category, service: detail.service } : undefined }, open);
    emit('show', { view, ...detail });
  }

  /** Closes the modal view; the banner stays while a decision is owed. */
  function close() {
    const view = shown.view;
    deps.closed();
    chain = undefined;
    answer(false);
    if (view) set({ banner: shown.banner }, view);
  }

  /**
   * Closes the contextual dialog whose question a decision it did not make granted (another tab's 全部接受, the page's
   * own `acceptAll()`): nothing is left to ask. Back to the view it was opened over; its `request()` was answered
   * `true` (`settle`).
   */
  function closeAnswered(granted: (category: string, service?: string) => boolean) {
    const asked = shown.view == 'request' && shown.request;
    // In the middle of a category's transfers abroad, the next one is asked, as this dialog's own allow would.
    if (asked && granted(asked.category, asked.service)) askNext(asked.service && chain);
  }

  /**
   * After the dialog's question is answered: the next transfer abroad of `category` not granted yet, each in its own
   * 单独同意 dialog (SPEC §5.4), or back to the view the dialog was opened over.
   */
  function askNext(category: string | undefined) {
    const state = deps.state();
    const next = category && state.categories[category] &&
      config.services.find(s => s.category == category && s.crossBorder && !crossBorderReason(s, state) && !state.services[s.id]);
    if (!next) return under ? show(under) : close();
    show('request', { category, service: next.id });
    chain = category;
  }

  /**
   * Shows the banner a decision is owed, and returns how to tell it (`show`): the controller's first state, told by
   * `ready` before it, already carries it (a headless UI rendering on `ready` draws the banner). Told only while it is
   * still up: a `ready` listener may have decided meanwhile.
   */
  function prompt() {
    // Without a browser (a server render) no banner shows by itself, at the start or after a reset or an age group:
    // `get().banner` stays false and no `show` is told, so a server's HTML holds none (a client that hydrates after its
    // own `ready` reads `banner: true` there: it hydrates from the server's state, README "React").
    if (!deps.browser || !deps.state().prompt || shown.banner) return;
    set({ ...shown, banner: true });
    return tellBanner;
  }

  return {
    /** What is shown now. */
    get: () => shown,
    set,
    tellBanner,
    show,
    close,

    /** `hide()`: everything shown goes, the modal view and the banner. */
    hide() {
      close();
      set({ banner: false }, 'banner');
    },

    /**
     * Opens `view` with `question` and waits for its answer: `true` once the state grants it (`settle`), `false` when
     * the view closes or another replaces it. The guardian's view carries a child's question (SPEC §5.3) to the
     * request view its agreement opens (`askAfterGuardian`). Asked after the view opens: opening it answers the
     * questions asked before.
     */
    ask(view: 'request' | 'guardian', question: Question): Promise<boolean> {
      return new Promise(resolve => {
        show(view, question);
        waiting.push({ ...question, resolve });
      });
    },

    /**
     * The guardian agreed in the view a child's `request()` opened (SPEC §5.3, §6.4): its question is asked now, and
     * answered back to no view.
     */
    askAfterGuardian(question: Question) {
      show('request', question);
      under = undefined;
    },

    /** Answers `true` to the questions waiting that `granted` now grants. */
    settle(granted: (category: string, service?: string) => boolean) {
      waiting = waiting.filter(request => !(granted(request.category, request.service) && (request.resolve(true), true)));
    },

    closeAnswered,

    /**
     * After a decision, the view it was made in closes, so that a UI of the page's own renders from `get()` and the
     * events alone. The contextual dialog closes once its own question is answered (a `contextual` decision), back to
     * the view it was opened over, or first asks in turn about each transfer abroad in the category just granted, each
     * in its own 单独同意 dialog (SPEC §5.4). Another decision made meanwhile leaves it asking, unless it granted what
     * the dialog asks (the page's own `acceptAll()`). `madeIn` is the view open as the decision was made: one opened
     * while it waited for its code (the script tag's decide.js; a page's "Cookie 设置" right after the banner's 全部接受)
     * is the visitor's next step, and stays.
     */
    closeAfterDecision(action: string | undefined, granted: (category: string, service?: string) => boolean, madeIn: ViewName | undefined) {
      const state = deps.state();
      const asked = shown.view == 'request' && shown.request;
      if (asked) {
        if (action != 'contextual') return closeAnswered(granted);
        return askNext(asked.service ? chain : asked.category);
      }
      if (shown.view && shown.view == madeIn && !state.prompt) close();
    },

    /**
     * Shows the banner a decision is owed. A view that is open stays open, the banner behind it (`show('banner')` would
     * close it): one the page opened right at start-up, before the first state, or the view a visitor is deciding in.
     */
    promptIfNeeded() {
      prompt()?.();
    },
    prompt,
  };
}
