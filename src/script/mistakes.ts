/**
 * `mistakes.js` beside `consent-gate.min.js`: the words for the integration mistakes the bundle finds as the page starts
 * (SPEC §9: an integration mistake says what to fix). The bundle finds them; this file, asked for only where there is
 * one, says them, so that no other visitor downloads the words (src/script.ts):
 * - a config element that is not JSON: where in it the mistake is (json-mistake.ts);
 * - gated markup that Consent Gate never reads as meant (markup-mistakes.ts);
 * - a page that offers no way to withdraw consent;
 * - a config meant but not read, or read beside one that is not, and an SDK's tag that is no plain `<script>`.
 */
import { jsonMistake } from './json-mistake.js';

export { markupMistakes } from './markup-mistakes.js';

/** A page with neither the floating button nor a `data-consent-open` control (src/script.ts). */
export const NO_WAY_BACK = 'this page offers no way to change or withdraw consent: add a link with data-consent-open (e.g. "Cookie 设置" in the footer) or set ui.floatingButton';

/** A page's own binding of that name: a `let` or `const` of the page's scripts, seen by this file as by the bundle. */
declare const consentGateConfig: unknown;

/**
 * Says where the page put its config so that the SDK did not read it as meant, and an SDK loaded so that the scripts
 * before it ran unheld (src/script.ts `boot`; SPEC §9). `config` is what the SDK read (`undefined`: none, the built-in
 * defaults apply), `element` the config element it read it from, `tag` 1 for an async, deferred or inserted tag, 2 for
 * a module. Looked at again now: what the page has mended since is not said.
 */
export function configMistakes(element: HTMLElement | null, config: unknown, tag: number): void {
  const say = (words: string, level: 'error' | 'warn' = 'error') => console[level](`consent-gate: ${words}`);
  // An SDK that runs whenever it arrives (`async`, `defer`, inserted by a tag manager: the browser makes such a script
  // async; a module is deferred) starts after scripts it must come before: the guard holds nothing they did, and a
  // Google tag may have read no Consent Mode defaults (SPEC §6.6, §7.4).
  if (tag) say(`this <script> is ${tag > 1 ? 'type="module"' : 'async, defer or inserted by a script'}, so scripts before it ran unheld: load it as a plain <script> first in <head>`, 'warn');
  const global = Object.prototype.hasOwnProperty.call(window, 'consentGateConfig');
  if (config === undefined) {
    // None read: one after the SDK's script, read by nobody (the SDK runs on its defaults, which hold no service).
    // A config read as `null` (a template's `{{ cfg|json }}` of nothing) was read, and is refused as such.
    const late = Document.prototype.getElementById.call(document, 'consent-gate-config') ? '#consent-gate-config' : global && 'window.consentGateConfig';
    if (late) say(`${late} comes after the SDK's <script> and was not read (the built-in defaults apply): put it first`);
    // Or one meant but not where the SDK reads one: a binding of the page's scripts (no property of window), or an
    // element with that id.
    else if (typeof consentGateConfig != 'undefined')
      say(`${consentGateConfig instanceof Element ? 'an element id="consentGateConfig" is no config (the config element is <script type="application/json" id="consent-gate-config">)' : 'consentGateConfig is declared with let or const, which the SDK cannot read: set window.consentGateConfig'}; the built-in defaults apply`);
  } else if (element) {
    // Read from the element: a second one (anywhere in the page) is read by nobody, and what only it says (a service to
    // hold) would go unheld, unsaid. So is a `window.consentGateConfig` beside it, and a `src` (a JSON script's is never
    // fetched).
    if (Document.prototype.querySelectorAll.call(document, '#consent-gate-config').length > 1) say('the page has several #consent-gate-config elements: only the first is read');
    if (global) say('window.consentGateConfig is not read: #consent-gate-config is', 'warn');
    if (!(element.textContent || '').trim()) say(`#consent-gate-config is empty${element.hasAttribute('src') ? ' (its src is never fetched: write the JSON inside it)' : ''}; the built-in defaults apply`);
  } else {
    // Read from `window.consentGateConfig`: a config given after it (a second template's, before a second copy of the
    // SDK's tag, which does nothing) is read by nobody, and what only it says (a service to hold) would go unheld.
    if (Document.prototype.getElementById.call(document, 'consent-gate-config')) say("#consent-gate-config comes after the SDK's <script> and was not read (window.consentGateConfig was): keep one config, first");
    // Deleted or emptied after it was read (a page tidying up) is no second config.
    if (global && ((window as { consentGateConfig?: unknown }).consentGateConfig ?? config) !== config) say("window.consentGateConfig was set again after the SDK had read it: only the first config is read (one config per page, before the SDK's <script>)");
  }
}

/**
 * The message for a config element the bundle could not parse (`terse`: the bundle's own, the engine's reason alone),
 * read again from the page; `undefined` where it says another refusal now, or none (the page changed it since).
 */
export function explain(_config: unknown, terse: string): string | undefined {
  // The prototype's method: markup (user content) may take the name on `document` (SPEC §9).
  const text = Document.prototype.getElementById.call(document, 'consent-gate-config')?.textContent || '{}';
  try {
    JSON.parse(text);
  } catch (error) {
    const { message } = error as Error;
    if (terse.endsWith(`(${message})`)) return `consent-gate: #consent-gate-config is not valid JSON ${jsonMistake(text, message)}`;
  }
}
