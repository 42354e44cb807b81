import type { ConsentCore } from '../core/controller.js';
import type { Trust } from '../core/trusted-types.js';
import { installGuard, type Guard } from './guard.js';

/** The markup that would have kept a tracker waiting: the element as written, gated. */
const tagged = (element: Element, category: string, service: string) => {
  const name = element.localName;
  const src = element.getAttribute('src');
  return `<${name}${name == 'script' ? ' type="text/plain"' : ''} data-consent="${category}" data-service="${service}" data-src="${src}">${name == 'img' ? '' : `</${name}>`}`;
};

/**
 * Starts the network guard for a controller (SPEC §6.6): grants come from the controller, holds are counted in its
 * state (`get().held`) and told as `held` events, and a tracker written untagged in the HTML is reported once per
 * service, in the console and as an `error` event of kind `untagged`, with the tagged markup to use instead. Held
 * images outside the page load on their grant.
 */
export function startGuard(core: ConsentCore, trust: Trust): Guard {
  const guard = installGuard({
    services: core.config.services,
    granted: service => core.granted(service.category, service.id),
    held: ({ service, kind, url }) => core.hold({ service: service.id, kind, url }),
    untagged(service, element) {
      const html = element.outerHTML;
      // Granted now (a returning visit), the tag still reaches the vendor before consent on a first visit.
      const when = core.granted(service.category, service.id) ? 'on a visit without consent it reaches' : 'it reached';
      const message = `${html.slice(0, html.indexOf('>') + 1)} in the HTML is not gated: ${when} ${service.id} before any consent (the browser fetches it before Consent Gate can stop it). Write it as ${tagged(element, service.category, service.id)}`;
      console.warn(`consent-gate: ${message}`);
      core.report('untagged', message, { service: service.id, src: element.getAttribute('src') ?? undefined });
    },
    trust,
  });
  const off = core.on('granted', guard.release);
  return { release: guard.release, stop: () => (off(), guard.stop()) };
}
