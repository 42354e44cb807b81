import type { ConsentCore } from '../core/controller.js';
import type { ConsentEvents, ConsentState } from '../core/types.js';
import { documentProperty, headOf, listen, onReplaced, queryDocument } from '../core/document-own.js';
import { isGoogle } from '../core/google.js';
import { PRESSES } from '../core/lists.js';
import { createEmitter } from '../core/emitter.js';
import { matches } from '../core/natives.js';
import { reloadedPage } from '../core/reader.js';
import { consentModeSignals, gtag, pushTo } from './consent-mode.js';
import { createClickHandler } from './hooks.js';
import { allows, describe, problemOf, readTarget, targetText } from './target.js';
import { stringify } from '../core/json.js';

/**
 * The reading of gated markup (target.ts), lent to the rest of the gate: the script tag's bundle has it already for
 * the click hooks and the preloads, and `gate.js` stays within its SPEC §10 budget without a second copy.
 */
const TARGET = { allows, describe, problemOf, readTarget, targetText };

/**
 * The services whose snippet ran on this page (a preset's loader: the `_hmt` queue, `gdt('init')`, gtag's `config`), by
 * id and script: a controller made again must not queue their page view twice. By service, not by URL: two 腾讯广告 action
 * sets share one script, and markup may load Google's `gtag/js` before its service's snippet configured it. Kept here,
 * in the bundle, and lent to `gate.js` (its SPEC §10 budget).
 */
const snippets = new Set<string>();

/** Whether this is the first time `key`'s snippet runs on this page; it is taken as run from now on. */
const firstSnippet = (key: string) => !snippets.has(key) && !!snippets.add(key);

/** A new page, as far as snippets go: for tests, which play many pages in one document. @internal */
export const forgetSnippets = () => snippets.clear();

/** Events the rest of the gate acts on; those that fire before it starts are kept for it. */
export type Backlog = Array<['revoked', ConsentEvents['revoked']] | ['child', ConsentEvents['child']]>;

/**
 * The part of the gate that must run with the SDK itself. The script tag loads the rest of the gate (activation,
 * loaders, withdrawal) only after the banner has painted, but before that:
 * - a click on a `data-consent-request` share link must already be stopped and asked about, or the visitor
 *   reaches the vendor without consent (fail closed), and `data-consent-open` / `-allow` must work;
 * - Consent Mode defaults must be in the data layer before any Google tag can read it, and each change must be
 *   pushed as it happens (SPEC §7.4);
 * - a withdrawal or a child's age set by the page at once must still clear cookies when the rest arrives.
 * Returns the backlog for the rest of the gate and a stop function.
 */
export interface Early {
  /** What happened before the rest of the gate arrived, handed over once. */
  takeBacklog(): Backlog;
  target: typeof TARGET;
  /** Whether the document is still being parsed (the bundle's reader of the document's own `readyState`). */
  parsing(): boolean;
  /** Calls `fn` each time the document has been parsed (`DOMContentLoaded`, after `document.open()` too). Returns the way to stop. */
  onParsed(fn: () => void): () => void;
  /** Whether this page view is a reload. */
  reloaded(): boolean;
  /** Whether a service's snippet runs for the first time on this page (lent: one page-wide record, in the bundle). */
  once: typeof firstSnippet;
  /** The document's own `querySelectorAll` (markup may take the name on `document`). */
  query: typeof queryDocument;
  /** Where scripts go: the document's own `<head>` (markup may take the name on `document`), or its root. */
  head: typeof headOf;
  stop(): void;
}

export function startEarly(core: ConsentCore): Early {
  const backlog: Backlog = [];
  const onClick = createClickHandler(core);
  // The end of the parse told through the SDK's own emitter, which asks none of the page's `Set` or array methods (SPEC
  // §9): with a page's `Set.prototype.forEach` doing nothing, the gate never took the last node the parse wrote.
  const parsed = createEmitter<{ parsed: void }>(error => core.report('internal', `the end of the parse: ${error}`, { error }));
  const onParsed = () => parsed.emit('parsed', undefined);
  // A middle click opens a link in a new tab without a `click` event. Listened for again on a document replaced by
  // `document.open()`, which drops every listener: its share links must still wait for their grant, and the gate
  // still hears the end of its parse (it waits for that to take the last node written, which the network or a
  // `document.write()` in pieces may not have finished).
  const hooks = (remove?: boolean) => {
    ['click', 'auxclick'].forEach(type => listen(document, type, onClick as EventListener, true, remove));
    // On the window, ahead of the page's own listeners there (the SDK's script comes first in <head>).
    PRESSES.forEach(type => (remove ? removeEventListener : addEventListener)(type, onClick as EventListener, true));
    listen(document, 'DOMContentLoaded', onParsed, false, remove);
  };
  hooks();
  const unreplaced = onReplaced(hooks);
  const { gcm, dataLayer: named, services } = core.config;
  const google = services.filter(isGoogle);
  // Consent commands go to `window.dataLayer`, which gtag.js reads, and to the array `dataLayer` names, which a Tag
  // Manager loaded with `l=` reads: either one without them has no defaults, and Google treats ad signals as granted.
  const layers = gcm ? [...new Set(['dataLayer', named || 'dataLayer'])] : [];
  let told = false;
  // Told in a microtask: the first push runs while the controller is being made, before the page can listen.
  const into = (name: string, pushed: boolean) =>
    pushed || told || ((told = true), queueMicrotask(() => core.report('page', `window.${name} takes no push (the page made it something else): Google tags reading it get nothing from Consent Gate`)));
  // In an index loop (SPEC §9): with a page's `forEach` doing nothing, Google's tags got no withdrawal's "denied".
  const consent = (kind: string, signals: object) => {
    for (let i = 0; i < layers.length; i++) into(layers[i]!, gtag(layers[i]!, 'consent', kind, signals));
  };
  if (gcm) warnEarlyCommands(layers, google.length);
  consent('default', consentModeSignals());
  // Each change reaches Google tags and the page's tag manager as it happens, before the grant activates anything
  // (`granted` comes before `change`, and these listeners before the rest of the gate's), and the state at start
  // too: a returning visitor's stored grants.
  // Told only what changed: `granted` and `change` of one decision carry the same state twice, and "accept all" with
  // only Google's own consents still to give leaves every signal as it was.
  let last = ['', ''];
  const push = (state: ConsentState) => {
    const signals = consentModeSignals(state, google);
    const change = { categories: state.categories, services: state.services, decided: state.decided, action: state.decision?.action };
    const now = [signals, change].map(value => stringify(value));
    if (now[0] != last[0]) consent('update', signals);
    if (named && now[1] != last[1]) into(named, pushTo(named, { event: 'consentgate_change', consentGate: change }));
    last = now;
  };
  const signals = gcm || named ? [core.on('granted', () => push(core.get())), core.on('change', push)] : [];
  queueMicrotask(() => signals.length && push(core.get()));
  const offs = [core.on('revoked', detail => backlog.push(['revoked', detail])), core.on('child', detail => backlog.push(['child', detail]))];
  const stopRecording = () => offs.splice(0).forEach(off => off());
  return {
    target: TARGET,
    parsing: () => documentProperty('readyState') == 'loading',
    onParsed: fn => parsed.on('parsed', fn),
    reloaded: reloadedPage,
    once: firstSnippet,
    query: queryDocument,
    head: headOf,
    takeBacklog() {
      stopRecording();
      return backlog.splice(0);
    },
    stop() {
      hooks(true);
      unreplaced();
      signals.splice(0).forEach(off => off());
      stopRecording();
    },
  };
}

/**
 * Integration mistakes Consent Mode cannot mend, said in the console (SPEC §9). Google reads the consent state a
 * command finds when it runs, and a command queued before the defaults finds none, which it takes as granted: a
 * `gtag('config')` or a Tag Manager start pasted above the SDK's `<script>`. And with `gcm: true` but no Google
 * service, no consent can ever grant a signal (each is granted through a Google service's own, PIPL Art. 39).
 */
function warnEarlyCommands(layers: string[], googleServices: number) {
  const say = (text: string) => console.warn(`consent-gate: ${text}`);
  if (!googleServices) say('config.gcm is on, but no service is a Google tag: its signals stay "denied"');
  try {
    for (const name of layers) {
      for (const entry of (window as unknown as Record<string, Array<{ event?: unknown; 0?: unknown }>>)[name] || []) {
        if (typeof entry != 'object') continue;
        // Defaults already there (the page's own, or an earlier controller's): what follows found them.
        if (entry?.[0] == 'consent') break;
        // gtag() queues `arguments` objects, Tag Manager's snippet `{ event: 'gtm.js' }`. Plain data, `js` (the
        // snippet's clock) and `set` send nothing; `config` and `event` do.
        const shown = entry?.event || (typeof entry?.[0] == 'string' && !matches(/^(js|set)$/, entry[0]) && entry[0]);
        if (shown) return say(`window.${name} held "${shown}" before the Consent Mode defaults, and Google reads it as consented: put the SDK's <script> first`);
      }
    }
  } catch {
    // A data layer that is no array, or whose entries throw when read: nothing more can be told about it.
  }
}
