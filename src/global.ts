// `consent-gate/global`: the script tag's globals for a page's own TypeScript (no build of the SDK involved):
// `import type {} from 'consent-gate/global'` and `window.ConsentGate` is typed. Typed as the controller, which is
// what code after the SDK's `<script>` finds; code before it (the queue, `window.ConsentGate || []`) is the exception
// the README asks pages to avoid.
import type { ConsentGateConfig, ScriptConsentGate } from './core/types.js';

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

export {};
