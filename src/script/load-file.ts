import { createOwn, documentProperty, headOf, listen, onReplaced } from '../core/document-own.js';
import type { Trust } from '../core/trusted-types.js';

/** This build's stamp, which every file beside the bundle registers (rollup.config.ts puts it in). */
declare const __CONSENT_GATE_BUILD__: string;

/** What the files beside the bundle register into: `gate.js` as `m.gate`, `i18n/zh-TW-views.js` as `m.zhTWviews`. */
interface Registry {
  m: Record<string, unknown>;
}

/** How long a file of the SDK's may take before it is taken for one that will never come (a 7 KB file on 2G). */
const STALLED = 15_000;

/**
 * Loads the SDK's own files beside `consent-gate.min.js` (SPEC §10): the gate, the decision writer, the views with
 * Preact, the languages and the presets' 清单 text, each a small classic script that registers into
 * `window.__consentGate.m` (rollup.config.ts builds them). Same-origin classic scripts pass a strict CSP
 * (`script-src 'self'`); the nonce of the SDK's own script tag is passed on; under Trusted Types the URL goes through
 * the SDK's policy. A file that fails to load is asked for once more before the promise rejects naming the file and
 * where it was looked for (a network hiccup must not leave a page without its gate). Call it while the bundle runs:
 * only then does `document.currentScript` name the bundle's URL.
 */
export function createFileLoader(trust: Trust) {
  // Through the prototype: markup may name an element `currentScript` or `querySelector` (an `<img name>` in user
  // content), and the files would then load from its `src`, another origin's scripts included (SPEC §9).
  // Without a current script (a `type="module"` tag), the bundle's own name before any file of its folder: the first
  // `script[src*="consent-gate"]` was the language file included beside it, and every file was asked for in i18n/.
  const find = (selector: string) => Document.prototype.querySelector.call(document, selector);
  const found = documentProperty('currentScript') ?? find('script[src*="consent-gate.min.js"]') ?? find('script[src*="consent-gate"]');
  const script = found instanceof HTMLScriptElement ? found : undefined;
  const base = script?.src || location.href;
  // No prototype: a page's `Object.prototype.gate = …` is no file being loaded (SPEC §9).
  const loading: Record<string, Promise<unknown>> = Object.create(null);
  const said = new Set<string>();
  /** Errors this loader has already written to the console. */
  const told = new WeakSet<object>();
  /**
   * What each file threw as it ran, by URL (a page's globals can break a file that evaluates after them: `var Map = {}`):
   * said as such, not as a file of another version, whose fix (deploying again) would change nothing.
   */
  const threw: Record<string, string> = Object.create(null);
  listen(window, 'error', (event: ErrorEvent) => event.filename && (threw[event.filename] = event.message), true);
  /**
   * The CSP directive that refused each URL, from its violation event (fired before the element's `error`); not a
   * report-only policy's, which refuses nothing.
   */
  const refused: Record<string, string> = Object.create(null);
  listen(window, 'securitypolicyviolation', (event: SecurityPolicyViolationEvent) => event.disposition == 'enforce' && (refused[event.blockedURI] = event.effectiveDirective), true);
  /**
   * Why a file could not be loaded, as far as the page can tell, with the fix where it is no missing file: a CSP that
   * does not allow the files' URL, or a server answering a `.js` as another type under `X-Content-Type-Options:
   * nosniff`, were told to deploy every file, which they had; an HTML page (a fallback route's, for a file it does not
   * have) stays a missing file. The status and type come from Resource Timing (`responseStatus` from Chrome 109,
   * `contentType` from 125; elsewhere, and from another origin without CORS, none: the words for a missing file stand).
   * Read defensively: the page's `performance` may be anything, and a throw here would leave the load unsettled.
   */
  const why = (url: string) => {
    if (refused[url]) return `: the page's CSP ${refused[url]} refused it — allow it there`;
    try {
      const seen = performance.getEntriesByName(url).pop() as (PerformanceResourceTiming & { responseStatus?: number; contentType?: string }) | undefined;
      const status = seen?.responseStatus ?? 0;
      const type = seen?.contentType;
      // A 5xx is the server failing on a file it may well have (an overloaded CDN node, an origin down): no deploy mends it.
      return status
        ? ` (HTTP ${status}${type ? `, ${type}` : ''})${status < 400 && type && !/script|html/.test(type) ? ' — serve .js as text/javascript' : status > 499 ? ' — the server failed: see its log' : ''}`
        : '';
    } catch {
      return '';
    }
  };
  /**
   * Files on their way, and how to settle each without its element. `document.open()` aborts the document's fetches,
   * takes their elements out of it and erases every handler on them, `onload` and `onerror` included: a file waited
   * for so was never had (a first visit's `decide.js`, and "accept all" did nothing). Each is taken if it ran, and
   * asked for again if not.
   */
  const pending = new Map<HTMLScriptElement, () => void>();
  onReplaced(() => pending.forEach((settle, element) => element.isConnected || settle()));
  /**
   * Set once the page's Trusted Types have refused a script URL: a page requiring them whose directive does not allow
   * the SDK's policy (said by `createTrust`). The files are then imported as modules, which is no Trusted Types sink
   * and passes the same CSP `script-src`, so the banner still decides (SPEC §8, §9). The gated scripts of the page
   * stay refused by its own enforcement.
   */
  let modules = false;
  const fetchOnce = (url: string, key: string) =>
    new Promise<void>((resolve, reject) => {
      // One that came late, after it was given up on (below), is taken: asked for again, it would be waited for again.
      if (registry()[key]) return resolve();
      const element = createOwn('script');
      const fail = (stalled?: unknown) => {
        // The element's clean-up in a try: from a timer or the element's `error`, what a built-in the page replaced
        // after the SDK started throws reaches no one (SPEC §9), and the file is asked for again all the same.
        try {
          pending.delete(element), element.remove();
        } catch {}
        reject(new Error(`consent-gate: ${url} could not be loaded${stalled === true ? ` within ${STALLED / 1e3} s — see the server's or the CDN's log` : why(url)}`));
      };
      // A request that never ends (a server or proxy that stalls, a page's `src` setter that sets nothing) fires neither
      // `load` nor `error`: the decision waiting for `decide.js` stayed busy for good, with nothing said. Given up on
      // after a while, and asked for once more, as a failed one is.
      // (An import has no element to wait on: settled by then or not, a promise settles once.)
      setTimeout(() => (pending.has(element) || modules) && settle(true), STALLED);
      const settle = (stalled?: boolean) => (registry()[key] ? (pending.delete(element), resolve()) : fail(stalled));
      if (!modules) {
        try {
          element.src = trust.url(url);
        } catch {
          modules = true;
        }
      }
      if (modules) return import(url).then(() => resolve(), fail);
      element.nonce = script?.nonce || '';
      // Fetched as the bundle was: from a CDN with CORS (`crossorigin`, as Subresource Integrity on the bundle needs),
      // a file's errors reach the page with their words, and the request is one of the same kind.
      if (script?.crossOrigin) element.crossOrigin = script.crossOrigin;
      // Each file runs as soon as it arrives (a script made here is async): `async = false` would make every file
      // wait for the ones asked for before it, so a slow decide.js would hold back the preferences. Order is kept
      // where it matters by asking: a view file is asked for only once views.js (the Preact it uses) has run.
      element.onload = () => (pending.delete(element), resolve());
      element.onerror = fail;
      pending.set(element, settle);
      headOf().appendChild(element);
    });
  // No page script makes a file unparsable: the server answered something else for it (an SPA's HTML fallback).
  const unparsable = (url: string) => /SyntaxError/.test(threw[url] ?? '');
  const registry = () => (window as unknown as { __consentGate?: Registry }).__consentGate?.m ?? {};
  /**
   * Beside the bundle, with its query: a page that busts caches with `consent-gate.min.js?v=…` got the new bundle and
   * the files of the last deploy from the cache, refused as of another build (its returning visitors' tags never ran).
   */
  const urlOf = (path: string) => new URL(`${path}.js${script ? new URL(base).search : ''}`, base).href;
  const load = <T>(path: string): Promise<T> =>
    (loading[path] ??= (() => {
      const url = urlOf(path);
      const key = path.slice(path.indexOf('/') + 1).replace(/-/g, '');
      const registered = () => {
        const module = registry()[key] as { v?: string } | undefined;
        // A file of another build (a cache holding the last deploy's, a partial deploy) would call into this bundle with
        // other names: refused, so that nothing half-works. Of another build, not only of another version: two builds
        // of one version differ too.
        if (module?.v !== __CONSENT_GATE_BUILD__) {
          throw new Error(
            threw[url]
              ? `consent-gate: ${url} threw as it ran (${threw[url]}): ${unparsable(url) ? 'it is not the file (an HTML page answered for it?)' : 'a script of the page replaced what it uses'}`
              : `consent-gate: ${url} loaded but registered nothing of build ${__CONSENT_GATE_BUILD__} (${module ? `it is of ${module.v ? `build ${module.v}` : 'an older one'}: a cached copy of another deploy?` : 'nothing at all'})`,
          );
        }
        return module;
      };
      // A file the page included itself, beside the bundle (a language, so that it downloads in parallel with the
      // bundle, SPEC §10): its registration is used, or its own load awaited, instead of a second request. A tag
      // that failed before the bundle ran fires nothing more: after three seconds the file is asked for as usual.
      return new Promise<void>((resolve, reject) => {
        let own: HTMLScriptElement | undefined;
        try {
          // Read defensively: `document.getElementsByTagName` may be clobbered by the page's markup.
          // With or without the bundle's query: its stamp says whether it is of this build.
          own = [...document.getElementsByTagName('script')].find(element => element.src.split('?')[0] == url.split('?')[0]);
        } catch {}
        if (!own) return reject();
        if (registry()[key]) return resolve();
        // It failed before the bundle ran (an error status, where the browser tells it): asked for at once.
        const seen = performance.getEntriesByName?.(url).pop() as (PerformanceResourceTiming & { responseStatus?: number }) | undefined;
        if ((seen?.responseStatus ?? 0) >= 400) return reject();
        own.addEventListener('load', () => resolve(), { once: true });
        own.addEventListener('error', () => reject(), { once: true });
        setTimeout(reject, 3000);
      })
        .then(registered)
        .catch(() => fetchOnce(url, key).catch(() => fetchOnce(url, key)).then(registered))
        .catch(error => {
          delete loading[path];
          // Said once per file, whoever asked for it (the gate, the writer, a view, a language): an integration
          // mistake the console names with its fix (#9.4); the caller still reports it as an `error` event. Only a
          // file missing or of another version: a URL the page's Trusted Types refused was said with its own fix.
          if (!said.has(path) && /^consent-gate:/.test((error as Error)?.message)) {
            said.add(path);
            const message = (error as Error).message;
            console.error(`${message}${(threw[url] && !unparsable(url)) || / — /.test(message) ? '' : ' — deploy every file of dist/ beside consent-gate.min.js'}`);
          }
          told.add(error);
          throw error;
        });
    })()) as Promise<T>;
  /**
   * Fetches a file ahead, without running it, so that opening it later waits on no network. Only a head start: on a
   * page whose markup took a document method's name (`<img name="createElement">`, which the boot reports) there is
   * none, and nothing is thrown into the page from the idle callback (SPEC §9).
   */
  const prefetch = (path: string) => {
    try {
      const link = createOwn('link');
      link.rel = 'prefetch';
      // Asked for as the file will be (`crossorigin`), or the browser fetches it twice.
      if (script?.crossOrigin) link.crossOrigin = script.crossOrigin;
      link.href = urlOf(path);
      headOf().appendChild(link);
    } catch {}
  };
  return Object.assign(load, { prefetch, told: (error: unknown) => error instanceof Object && told.has(error) });
}
