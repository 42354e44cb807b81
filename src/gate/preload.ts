import type { ConsentCore } from '../core/controller.js';
import { createOwn, documentProperty, headOf, listen, queryDocument } from '../core/document-own.js';
import { allows, readTarget } from './target.js';

/**
 * A returning visit's granted tags, fetched ahead of the file that runs them (SPEC §10: a granted tag's request
 * starts no later than with the fastest peer). The script tag's activation is `gate.js`, a second file, and a
 * script inserted by a script runs only once the page's parse and first layout are done: on the bench page (CPU 4×)
 * `gate.js` arrived at 383 ms and the tag it inserted was requested at 718 ms, where osano's was at 563. A
 * `<link rel="preload" as="script">` per granted tag starts its request sooner, with what decides whether the
 * browser can hand the response to the gate's script later (`crossorigin`, `integrity`, `referrerpolicy`, the
 * nonce), so the tag is fetched once and runs as soon as the gate inserts it.
 *
 * Only what the gate will run and the network guard, where it is on, lets through (`held`; SPEC §6.6: a URL on the
 * host of a service that is not granted is held whatever the markup says): a classic `<script type="text/plain"
 * data-src>` whose target is met and names only configured things, then a configured service's `src` where its
 * loader is the script tag's own (markup first: where both name a URL, the gate runs the markup's script, with its
 * attributes).
 *
 * When: the markup the document holds when the SDK starts (written before its `<script>`), after the calls queued
 * in `window.ConsentGate` have been applied (src/script.ts), under the grants in force then, as the gate would apply
 * them; what the parser adds after the SDK's `<script>`, and the configured services, once the document is parsed,
 * so that the page's own scripts written after the SDK (an account's refusal or age group) have decided first.
 * Waiting for the parse for all of it moved the bench page's request (SDK at the end of `<body>`) from 268–454 ms to
 * 636 ms (8 runs each): `DOMContentLoaded` comes after the page's first layout there. Nothing runs here; a preload
 * only fetches.
 */
export function preloadGranted(core: ConsentCore, held: (url: string) => boolean = () => false): void {
  const { services } = core.config;
  const seen = new Set<string>();
  const look = () => {
    try {
      const preload = (url: string | null, from?: HTMLScriptElement) => {
        if (!url || seen.has(url) || held(url)) return;
        seen.add(url);
        const link = createOwn('link');
        for (const name of ['crossorigin', 'integrity', 'referrerpolicy']) {
          const value = from?.getAttribute(name);
          if (value != null) link.setAttribute(name, value);
        }
        // Under a CSP header the browser hides the nonce attribute (HTML "nonce hiding"); the property keeps it.
        if (from?.nonce) link.nonce = from.nonce;
        link.rel = 'preload';
        link.setAttribute('as', 'script');
        link.href = url;
        headOf().appendChild(link);
      };
      for (const script of queryDocument<HTMLScriptElement>('script[type="text/plain"][data-consent][data-src]:not([data-type]):not([nomodule])')) {
        const target = readTarget(script, 'data-consent');
        const { categories, service } = target;
        // What the gate refuses as a mistake (an unknown service, one of another category) or leaves for a
        // decision (`!category`) is not fetched ahead; an unknown category is never granted.
        if (
          categories.length &&
          !target.refused.length &&
          (!service || services.some(s => s.id == service && categories.includes(s.category))) &&
          allows(core, target)
        ) {
          preload(script.getAttribute('data-src'), script);
        }
      }
      if (documentProperty('readyState') != 'loading') for (const s of services) if (s.src && !s.loader && core.granted(s.category, s.id)) preload(s.src);
    } catch {
      // A hint only: the gate fetches whatever was not fetched ahead.
    }
  };
  look();
  try {
    if (documentProperty('readyState') == 'loading') listen(document, 'DOMContentLoaded', look, { once: true });
  } catch {
    // A page that broke `addEventListener`: what it writes later is fetched by the gate alone.
  }
}
