import { h } from 'preact';
import type { Loader, ViewModule } from './view-context.js';

interface Registry {
  /** The Preact of this bundle, for the views: they are built with `preact` as this global. */
  p: { h: typeof h };
  /** What each loaded file registered: `views/x.js` as `m.x`, `i18n/zh-TW-views.js` as `m.zhTWviews`. */
  m: Record<string, ViewModule>;
}

/**
 * Script-tag build (replaces `load-view.ts`): views and languages are small classic scripts beside
 * `consent-gate.min.js` (`views/preferences.js`, `i18n/en.js`), built by rollup.config.ts as IIFEs that register
 * into `window.__consentGate.m` and share this bundle's Preact. Same-origin classic scripts pass a strict CSP
 * (`script-src 'self'`); a nonce of the SDK's own script tag is passed on. Call it while the bundle runs: only then
 * does `document.currentScript` name the bundle's URL.
 */
export function createLoader(): Loader {
  const script = (document.currentScript ??
    document.querySelector('script[src*="consent-gate"]')) as HTMLScriptElement | null;
  const registry = ((window as unknown as { __consentGate: Registry }).__consentGate ??= { m: {} } as unknown as Registry);
  registry.p = { h };
  return path =>
    new Promise((resolve, reject) => {
      const element = document.createElement('script');
      element.src = new URL(`${path}.js`, script?.src || location.href).href;
      element.nonce = script?.nonce || '';
      element.onload = () => {
        const module = registry.m[path.slice(path.indexOf('/') + 1).replace(/-/g, '')];
        module ? resolve(module) : reject(element.src);
      };
      element.onerror = () => reject(element.src);
      document.head.appendChild(element);
    });
}
