import type { ConsentCore } from '../core/controller.js';
import type { headOf } from '../core/document-own.js';

/**
 * How long a vendor script may take before it counts as failed. Vendors blocked on a network (Google's hosts
 * from mainland China) often hang rather than fail, and gated scripts run one after another (`activate.ts`):
 * one hanging vendor must not hold the others back for the browser's own minutes-long timeout. The script
 * may still arrive and run later; it is reported once, now.
 */
export const TIMEOUT = 10_000;

export type LoadScript = (script: HTMLScriptElement, service?: string, insert?: () => void, src?: string) => Promise<unknown>;

/**
 * The external scripts loaded on this page, whichever controller asked: an app that makes its controller again (a
 * remount, a hot reload) or runs two at once must not run a vendor's script twice (hm.js would count every page
 * view twice). A script that failed is forgotten, so that a later call tries again.
 */
const loaded = new Map<string, Promise<HTMLScriptElement>>();

/** A new page, as far as loaded scripts go: for tests, which play many pages in one document. @internal */
export const forgetLoadedScripts = () => loaded.clear();

/**
 * Inserts a prepared `<script>` (appended to `<head>` unless `insert` places it) and resolves once it ran.
 * An external script loads once per URL and page whoever asks (markup, `load()`, a preset loader, another
 * controller), so no vendor is counted twice; an inline one runs at insertion. A 404, a network error or a timeout
 * rejects and fires one `error` event naming the service and URL (SPEC §9); a later call may try again.
 */
export function createScriptLoader(core: Pick<ConsentCore, 'report'>, head: typeof headOf): LoadScript {
  // A page may have taken its `<head>` out of the document: the root element takes the script then.
  // `src`: the URL `insert` gives a script that has none yet (a held one made live in place).
  return (script, service, insert = () => head().appendChild(script), src = script.src) => {
    if (!src) return insert(), Promise.resolve(script);
    let promise = loaded.get(src);
    // Another node loads its URL (a component inserting its SDK's script on each mount, held until consent): this one
    // is told as that one is, its own `onload` (`wx.config()` once jweixin ran) waiting on its own node.
    if (promise) promise.then(() => script.dispatchEvent(new Event('load')), () => script.dispatchEvent(new Event('error')));
    else {
      loaded.set(src, promise = new Promise((resolve, reject) => {
        const settle = (event?: Event) => {
          if (!timer) return; // a load or error after the timeout: already reported
          clearTimeout(timer);
          timer = 0;
          if (event?.type == 'load') return resolve(script);
          const message = `${src} failed to load`;
          loaded.delete(src);
          core.report('load', message, { service, src });
          reject(new Error(message));
        };
        let timer: ReturnType<typeof setTimeout> | 0 = setTimeout(settle, TIMEOUT);
        // Listeners, not `onload =`: a gated script's own `onload` attribute was copied and must still run.
        script.addEventListener('load', settle);
        script.addEventListener('error', settle);
        insert();
      }));
    }
    return promise;
  };
}
