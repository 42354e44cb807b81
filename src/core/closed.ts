import { consentModeSignals, gtag } from '../gate/consent-mode.js';
import { normalizeConfig } from './config.js';
import { createEmitter } from './emitter.js';
import { listen, onReplaced, requestOf } from './document-own.js';
import { PRESSES } from './lists.js';
import { computeState, isGranted } from './state.js';
import type { ConsentEvents, FailClosedConsentGate, WaitOptions } from './types.js';
import { VERSION } from './version.js';

/**
 * The controller a script tag gets when its config is invalid (SPEC §9): every gate stays closed, nothing is stored
 * or shown, and every call is safe. Its state is the one of a visitor who decided nothing, under the default
 * profile, computed by the same rules as the live controller's. Queued functions still run against it, so a page's
 * code never breaks.
 */
export function createClosedGate(reason: unknown, worded: Promise<void> = Promise.resolve()): FailClosedConsentGate {
  // `worded` settles once the reason's message is final: the script tag's words for a refused config come in a file
  // (src/script.ts). The reason itself never resolves a promise: with a page's `Object.prototype.then` every error
  // would be taken for a promise, and never settle.
  const message = () => (reason instanceof Error ? reason.message : String(reason));
  if (typeof document !== 'undefined') {
    // Share links are plain links: without this they would reach the vendor without consent. First, and with no array
    // method: what failed before this controller was made may be a page's broken `Array.prototype`, which fails what
    // follows too.
    const stop = (event: Event) => {
      if (requestOf(event) !== null) {
        // A press is not prevented (a touch would no longer scroll): its click comes, and is.
        if (event.type.endsWith('click')) event.preventDefault();
        event.stopImmediatePropagation();
      }
    };
    // The prototype's method: markup named `addEventListener` (user content) hides the document's own (SPEC §9).
    const hooks = () => {
      listen(document, 'click', stop as EventListener, true);
      listen(document, 'auxclick', stop as EventListener, true);
      // A press as the live gate holds one (early.ts): on the window, ahead of the page's own listeners there.
      for (let i = 0; i < PRESSES.length; i++) listen(window, PRESSES[i]!, stop as EventListener, true);
    };
    hooks();
    // A document replaced by `document.open()` lost them: its share links must wait all the same.
    onReplaced(hooks);
  }
  const defaults = normalizeConfig({});
  // No record, so no time to compare with: not the page's clock, which may be what failed (a `Date.now` that throws
  // must not make the fail-closed controller throw into the page, SPEC §9).
  const state = computeState(defaults, undefined, { signals: { dnt: false, gpc: false }, now: 0, persisted: false, consentId: '' }, { banner: false });
  const noop = () => {};
  const settled = () => Promise.resolve();
  if (typeof document !== 'undefined') {
    // An ungated Google tag on the page still finds every Consent Mode signal denied (SPEC §7.4): without defaults
    // Google treats ad signals as granted.
    gtag('dataLayer', 'consent', 'default', consentModeSignals());
  }
  const gate: FailClosedConsentGate = Object.freeze({
    version: VERSION,
    config: undefined,
    get: () => state,
    granted: (category: string, service?: string) => isGranted(defaults, state, category, service),
    acceptAll: settled,
    rejectAll: settled,
    save: settled,
    show: noop,
    hide: noop,
    setAge: settled,
    setYouthMode: settled,
    request: () => Promise.resolve(false),
    load: () => worded.then(() => Promise.reject(new Error(message()))),
    // Never granted; a wait given up (`{ signal }`) is let go as the live controller lets it go.
    whenGranted: (_category: string, service?: string | WaitOptions, options?: WaitOptions) => {
      const signal = (typeof service == 'object' ? service : options)?.signal;
      return new Promise<void>((_, reject) =>
        signal?.aborted ? reject(signal.reason) : signal?.addEventListener?.('abort', () => reject(signal.reason), { once: true }));
    },
    // A page listening for errors hears why nothing will ever be granted: each error listener once, through the
    // live controller's emitter (a non-function is ignored, a listener that throws is logged, never thrown).
    on: <K extends keyof ConsentEvents>(event: K, fn: (detail: ConsentEvents[K]) => void) => {
      if (event === 'error') {
        const one = createEmitter<Pick<ConsentEvents, 'error'>>(error => console.error('consent-gate: a listener threw', error));
        one.on('error', fn as (detail: ConsentEvents['error']) => void);
        worded.then(() => one.emit('error', { kind: 'config', message: message(), error: reason }));
      }
      return noop;
    },
    reset: settled,
    destroy: noop,
    push(fn: (gate: FailClosedConsentGate) => void) {
      const threw = (error: unknown) => console.error('consent-gate: a queued function threw', error);
      try {
        if (typeof fn != 'function') throw new TypeError(`ConsentGate.push() takes a function, got ${typeof fn}`);
        const result: unknown = fn(gate);
        if (result instanceof Promise) result.catch(threw);
      } catch (error) {
        threw(error);
      }
    },
  });
  return gate;
}
