// `consent-gate/global`: the script tag's globals for a page's own TypeScript (no build of the SDK involved):
// `import type {} from 'consent-gate/global'` and `window.ConsentGate` is typed. Typed as the controller, which is
// what code after the SDK's `<script>` finds; code before it queues functions, typed with `ConsentGateQueue` (README).
import type { ConsentGateConfig, ScriptConsentGate } from './core/types.js';

/**
 * `window.ConsentGate` before the SDK's `<script>` has run: functions queued for the controller. The controller
 * takes the same `push(fn)` once it is there (it runs the function at once), so code that queues works either way:
 * `((window as { ConsentGate?: ConsentGateQueue }).ConsentGate ??= []).push(cg => …)`. One function per call: the
 * controller's `push` takes one (typed as an array's, so that `??= []` keeps the queue's type).
 */
export type ConsentGateQueue = { push(...fns: Array<(gate: ScriptConsentGate) => void>): unknown };

declare global {
  interface Window {
    /**
     * The script tag's controller (SPEC §7.2), from the moment `consent-gate.min.js` has run: absent before, and the
     * fail-closed controller (no `config`) when the page's config is invalid.
     */
    ConsentGate?: ScriptConsentGate;
    /** The page's config as a global, read once when the script tag runs, if it has no `#consent-gate-config` element. */
    consentGateConfig?: ConsentGateConfig;
  }
}

