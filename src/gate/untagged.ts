import type { ConsentCore } from '../core/controller.js';
import type { Service } from '../core/types.js';

/** The markup that would have kept a tracker waiting: the element as written, gated. */
const tagged = (element: Element, category: string, service: string) => {
  const name = element.localName;
  const src = element.getAttribute('src');
  return `<${name}${name == 'script' ? ' type="text/plain"' : ''} data-consent="${category}" data-service="${service}" data-src="${src}">${name == 'img' ? '' : `</${name}>`}`;
};

/**
 * Says what the network guard found written untagged in the HTML (SPEC §6.6, §9: an integration mistake says so), in
 * the console and as an `error` event of kind `untagged`, with the tagged markup to use instead. The guard finds
 * each service once.
 */
export const reportUntagged = (core: ConsentCore) => (service: Service, element: Element) => {
  const html = element.outerHTML;
  // Granted now (a returning visit), the tag still reaches the vendor before consent on a first visit.
  const when = core.granted(service.category, service.id) ? 'on a visit without consent it reaches' : 'it reached';
  const message = `${html.slice(0, html.indexOf('>') + 1)} in the HTML is not gated: ${when} ${service.id} before any consent (the browser fetches it before Consent Gate can stop it). Write it as ${tagged(element, service.category, service.id)}`;
  console.warn(`consent-gate: ${message}`);
  core.report('untagged', message, { service: service.id, src: element.getAttribute('src') ?? undefined });
};
