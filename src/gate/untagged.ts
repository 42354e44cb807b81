import type { ConsentCore } from '../core/controller.js';
import type { Service } from '../core/types.js';

/** The markup that would have kept a tracker waiting: the element as written, gated. */
const tagged = (element: Element, category: string, service: string) => {
  const name = element.localName;
  const src = element.getAttribute('src');
  return `<${name}${name == 'script' ? ' type="text/plain"' : ''} data-consent="${category}" data-service="${service}" data-src="${src}">${name == 'img' ? '' : `</${name}>`}`;
};

/**
 * Where the page put the SDK: the script tag's own `<script>` element (`null` where it was not found), or
 * `undefined` in an npm build, where the guard starts with the app's `createConsentGate({ guard: true })`.
 */
export type SdkScript = HTMLScriptElement | null | undefined;

/**
 * Why a script element was not held although the guard holds every one a script makes: it was made before the guard
 * started. A script made by `createElement` is "force async" (HTML: its `async` reads true without the attribute);
 * one the parser made, `document.write()` during parsing included, reads its attribute. Other elements say nothing of
 * their maker.
 */
const madeByScript = (element: Element) => element instanceof HTMLScriptElement && element.async && !element.hasAttribute('async');

/** A `<script>` the SDK's guard starts from too late for the scripts after it: not a plain script run in order. */
const late = (sdk: HTMLScriptElement) => sdk.async || sdk.defer || sdk.type == 'module' || madeByScript(sdk);

/** What to do so that the guard starts before the page's snippets (SPEC §6.6: first thing, before any other script). */
const first = (sdk: SdkScript) =>
  sdk === undefined
    ? // An app's bundle (a module, or loaded after the HTML's scripts) cannot start before a classic script of the HTML.
      'move that script into the app, after createConsentGate(config, { guard: networkGuard }) (an app bundle runs after the HTML\'s own scripts, so its guard cannot be first)'
    : `put Consent Gate's <script> first in <head>, before every other script${sdk && late(sdk) ? ', without async, defer or type="module" (it has one of them now, or a script inserted it, so scripts before it in the page ran first)' : ''}`;

/**
 * Says what the network guard found fetched before it could hold it (SPEC §6.6, §9: an integration mistake says so),
 * in the console and as an `error` event of kind `untagged`, with what to change: the markup to write instead for a
 * tracker written in the HTML, or where the SDK's script goes for one a script added before the guard started (a
 * snippet above the SDK's `<script>`, or the SDK loaded `async` / `defer`). The guard finds each service once.
 */
export const reportUntagged = (core: ConsentCore, sdk?: SdkScript) => (service: Service, element: Element) => {
  const html = element.outerHTML;
  const opening = html.slice(0, html.indexOf('>') + 1);
  // Granted now (a returning visit), the tag still reaches the vendor before consent on a first visit.
  const when = core.granted(service.category, service.id) ? 'on a visit without consent it reaches' : 'it reached';
  const gated = tagged(element, service.category, service.id);
  // Earlier in the page than the SDK's own <script>: whoever made it, the guard could not have held it.
  const before = !!sdk && !!(element.compareDocumentPosition(sdk) & Node.DOCUMENT_POSITION_FOLLOWING);
  const snippet = `gate that snippet as <script type="text/plain" data-consent="${service.category}" data-service="${service.id}">…</script>`;
  // Made by a script, or earlier in the page than the SDK (a snippet that sets `async` itself, as Google's do, leaves
  // no other trace of its maker): what to change is where the SDK goes, or the snippet.
  const message = madeByScript(element)
    ? `${opening} was added by a script that ran before Consent Gate's network guard started: ${when} ${service.id} before any consent. To hold it, ${first(sdk)}; or ${snippet}`
    : before
      ? `${opening} comes before Consent Gate's <script> in the page: ${when} ${service.id} before any consent. If a script adds it, ${first(sdk)}, or ${snippet}; if the HTML has it, write it as ${gated}`
      : `${opening} in the HTML is not gated: ${when} ${service.id} before any consent (the browser fetches it before Consent Gate can stop it). Write it as ${gated}${sdk && late(sdk) ? `; if a script of the page adds it, ${first(sdk)}` : ''}`;
  console.warn(`consent-gate: ${message}`);
  core.report('untagged', message, { service: service.id, src: element.getAttribute('src') ?? undefined });
};
