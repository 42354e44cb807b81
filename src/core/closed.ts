import { createEmitter } from './emitter.js';
import type { ConsentEvents, ConsentGate, ConsentState } from './types.js';
import { VERSION } from './version.js';

/**
 * The controller a script tag gets when its config is invalid: every gate stays closed, nothing is stored or
 * shown, and every call is safe. Queued functions still run against it, so a page's code never breaks.
 */
export function createClosedGate(reason: unknown): ConsentGate {
  const state: ConsentState = {
    categories: { necessary: true },
    services: {},
    forced: {},
    choices: { categories: {}, services: {}, exceptions: [] },
    prompt: null,
    decided: false,
    age: 'unknown',
    ageFromAccount: false,
    youthMode: false,
    guardianConsent: false,
    signals: { dnt: false, gpc: false },
    persisted: false,
    consentId: '',
    policyVersion: '',
  };
  const noop = () => {};
  const message = reason instanceof Error ? reason.message : String(reason);
  // Share links are plain links: without this they would reach the vendor without consent (review finding F2).
  const stop = (event: Event) => {
    // The composed path also finds links inside open shadow roots (review R3).
    if (event.composedPath().some(node => node instanceof Element && node.hasAttribute('data-consent-request'))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  };
  if (typeof document !== 'undefined') for (const type of ['click', 'auxclick']) document.addEventListener(type, stop, true);
  const gate: ConsentGate = {
    version: VERSION,
    get: () => state,
    granted: category => category === 'necessary',
    acceptAll: noop,
    rejectAll: noop,
    save: noop,
    show: noop,
    hide: noop,
    setAge: noop,
    setYouthMode: noop,
    request: () => Promise.resolve(false),
    load: () => Promise.reject(new Error(message)),
    whenGranted: () => new Promise(noop),
    // A page listening for errors hears why nothing will ever be granted.
    on: (event, fn) => {
      // Each error listener hears it once, through the live controller's emitter: a non-function is ignored, a
      // listener that throws is logged, never thrown into the page (API review).
      if (event === 'error') {
        const one = createEmitter<Pick<ConsentEvents, 'error'>>(error => console.error('consent-gate: a listener threw', error));
        one.on('error', fn as (detail: ConsentEvents['error']) => void);
        queueMicrotask(() => one.emit('error', { kind: 'config', message, error: reason }));
      }
      return noop;
    },
    reset: noop,
    destroy: noop,
    push(fn) {
      try {
        fn(gate);
      } catch (error) {
        console.error('consent-gate: a queued function threw', error);
      }
    },
  };
  return gate;
}
