import type { ConsentCore } from '../core/controller.js';
import { allows, readTarget } from './target.js';

/**
 * A returning visit's granted tags, fetched ahead of the file that runs them (SPEC §10: a granted tag's request
 * starts no later than with the fastest peer). The script tag's activation is `gate.js`, a second file, and a
 * script inserted by a script runs only once the page's parse and first layout are done: on the bench page (CPU 4×)
 * `gate.js` arrived at 383 ms and the tag it inserted was requested at 718 ms, where osano's was at 563. A
 * `<link rel="preload" as="script">` per granted tag starts its request now, with what decides whether the
 * browser can hand the response to the gate's script later (`crossorigin`, `integrity`, `referrerpolicy`, the
 * nonce), so the tag is fetched once and runs as soon as the gate inserts it.
 *
 * Only what the gate will run at its start: a classic `<script type="text/plain" data-src>` whose target is met
 * (a service it names belongs to a category it names), and a configured service's `src` where its loader is the
 * script tag's own. Nothing runs here; a preload only fetches. Where the SDK is in `<head>`, the markup is looked
 * at again once parsed.
 */
export function preloadGranted(core: ConsentCore): void {
  const { services } = core.config;
  const seen = new Set<string>();
  const preload = (url: string, from?: HTMLScriptElement) => {
    if (seen.has(url)) return;
    seen.add(url);
    const link = document.createElement('link');
    for (const name of ['crossorigin', 'integrity', 'referrerpolicy']) {
      const value = from?.getAttribute(name);
      if (value != null) link.setAttribute(name, value);
    }
    // Under a CSP header the browser hides the nonce attribute (HTML "nonce hiding"); the property keeps it.
    if (from?.nonce) link.nonce = from.nonce;
    link.rel = 'preload';
    link.setAttribute('as', 'script');
    link.href = url;
    document.head.appendChild(link);
  };
  const look = () => {
    try {
      for (const s of services) if (s.src && !s.loader && core.granted(s.category, s.id)) preload(s.src);
      for (const script of document.querySelectorAll<HTMLScriptElement>('script[type="text/plain"][data-consent][data-src]:not([data-type])')) {
        const target = readTarget(script, 'data-consent');
        const { service } = target;
        if (
          target.categories.length &&
          (!service || services.some(s => s.id == service && target.categories.includes(s.category))) &&
          allows(core, target)
        ) {
          preload(script.getAttribute('data-src')!, script);
        }
      }
    } catch {
      // A hint only: the gate fetches whatever was not fetched ahead.
    }
  };
  look();
  if (document.readyState == 'loading') document.addEventListener('DOMContentLoaded', look, { once: true });
}
