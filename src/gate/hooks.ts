import type { ConsentCore } from '../core/controller.js';
import { VIEWS } from '../core/lists.js';
import type { ViewName } from '../core/types.js';
import { dom, guarded, requestOf, trimmed } from '../core/document-own.js';
import { matches } from '../core/natives.js';
import { describe, problemOf } from './target.js';

/**
 * The click hooks of SPEC §6.1, from one capturing listener so nodes added later work too:
 * - `data-consent-open[="view"]` opens the preferences (or the named view);
 * - `data-consent-allow="share"` (with `data-service`: only that service) asks in context, through the same dialog
 *   as `request()`: it names the recipients before anything is granted, and grants that one category or service.
 *   Markup is page content, possibly user content that a sanitiser kept (`data-*` survives): no attribute alone may
 *   grant anything (SPEC §6.4);
 * - `data-consent-request="share"` (+ `data-service`): while not granted, the click is stopped before any
 *   other handler sees it and `request()` asks; if allowed, the same click (modifier keys included) is
 *   dispatched again on the same target, so the link navigates or the page's own handler runs.
 *
 * Popup blockers: when already granted the click is left alone, so `target="_blank"` and a handler's
 * `window.open` run synchronously inside the visitor's click. Otherwise the replay runs when the grant lands,
 * i.e. inside the visitor's click on "allow" in the request dialog, whose user activation lets a new window
 * open.
 */
export function createClickHandler(core: ConsentCore) {
  const asking = new WeakSet<Element>();
  const handle = (event: MouseEvent) => {
    // The path, not `event.target`: a click inside an open shadow root (a share bar as a web component) reaches
    // this listener retargeted to the host element.
    // The DOM's own methods, as the bundle found them, in an index loop (`dom`): a share link waiting for its grant must
    // be found whatever the page replaced since (SPEC §6.2). The prototype's `matches` too: a form's controls are its
    // properties, and `<input name="matches">` (a search form) made `form.matches` that input, so every click in the
    // form threw into the page (SPEC §9).
    const path = dom!.path(event);
    const target = path[0] as Element;
    let element: Element | undefined;
    for (let i = 0; i < path.length && !element; i++) {
      const node = path[i];
      if (node instanceof Element && dom!.matches(node, '[data-consent-open],[data-consent-allow],[data-consent-request]')) element = node;
    }
    if (!element) return;
    // Around spaces read as HTML reads a keyword attribute's value: `data-consent-open="minor "` opens the minors view.
    const read = (name: string) => trimmed(dom!.attribute(element, `data-${name}`));
    const open = read('consent-open');
    const allow = read('consent-allow');
    const request = read('consent-request');
    const service = read('service');
    // A name that is not configured (a typo) is said below, naming the element, not by granted() as the page's call.
    const problem = request != null && problemOf(core.config, { categories: [request], refused: [], service: service || undefined });
    if (request != null && !problem && core.granted(request, service || undefined)) return;
    // A press on a share link waiting for its grant goes no further: a page's own handler of it (Zepto's `tap`, made of
    // `touchend`; a `pointerup` or `mousedown` opening the share window) would reach the vendor while the dialog asks
    // (SPEC §6.2). Nothing is prevented, so the click still comes, and asks.
    if (!matches(/click$/, event.type)) return void (request != null && event.stopImmediatePropagation());
    if (event.type == 'auxclick' && (request == null || event.button != 1)) return;
    if (allow != null && request == null && open == null && (allow.match(/\S+/g) ?? []).length != 1) {
      // One category or one service per button: a button granting several at once would grant what its dialog
      // cannot name in one question. The click goes on as the page meant it; only the grant is refused.
      const message = `data-consent-allow="${allow}" must name one category (one button per category or service): it granted nothing`;
      console.warn(`consent-gate: ${message}`);
      return core.report('gate', message);
    }
    event.preventDefault();
    // A name that is not configured (a typo) can never be granted: the click stays stopped (fail closed) and the
    // developer is told which element and name, once per click, in the console (SPEC §9).
    if (problem) {
      console.warn(`consent-gate: ${describe(element)} ${problem}: the click was stopped.`);
      event.stopImmediatePropagation();
      return core.report('gate', `data-consent-request ${problem}`, { service: service || undefined });
    }
    if (request != null) {
      event.stopImmediatePropagation();
      if (asking.has(element)) return; // a double click asks once and replays once
      asking.add(element);
      void core.request(request, service || undefined).then(allowed => {
        asking.delete(element);
        if (allowed) target.dispatchEvent(new MouseEvent('click', event));
      });
    } else if (allow != null) void core.request(allow, service || undefined);
    else if (open && (open == 'request' || !(VIEWS as readonly string[]).includes(open))) {
      // A value that names no view (`"prefs"`, `"settings"`): said with the element, which the page must mend (SPEC §9).
      // The request view asks about one category: it opens through `data-consent-allow`.
      const message = `${describe(element)} opens nothing: data-consent-open takes no value (the preferences) or ${VIEWS.filter(view => view != 'request').join(', ')}`;
      console.warn(`consent-gate: ${message}`);
      core.report('gate', message);
    } else core.show((open || undefined) as ViewName);
  };
  // Nothing thrown into the page (SPEC §9), and a share link waiting for its grant stays stopped (fail closed): looked
  // up again without array methods, and held where even that fails; a press on it goes no further, as above.
  return guarded(handle, event => {
    const link = requestOf(event);
    let held = link !== null;
    try {
      held &&= !core.granted(trimmed(dom!.attribute(link!, 'data-consent-request'))!, trimmed(dom!.attribute(link!, 'data-service')) || undefined);
    } catch {}
    if (!held) return;
    if (matches(/click$/, event.type)) event.preventDefault();
    event.stopImmediatePropagation();
  });
}
