import type { ConsentCore } from '../core/controller.js';
import type { Lang } from '../core/types.js';
import { queryDocument } from '../core/document-own.js';
import { pageBody } from './dom.js';
import { CG } from './styles.js';

/** Hosts this SDK made a shadow root on: one may be mounted again after `destroy()`. */
const OURS = new WeakSet<Element>();

/** Why the page's own `#consent-gate` cannot host the UI, or `undefined` when it can. */
function unfit(element: HTMLElement): string | undefined {
  if (element.localName != 'div') return `it is a <${element.localName}>, not a <div>`;
  // No box means nothing inside it renders, top layer or not: `[hidden]` or `display: none` on it or an ancestor.
  if (element.checkVisibility && !element.checkVisibility()) return 'it is hidden';
  // Painted but dead: `inert` lets no click or focus in (the banner, its views and the floating button could not be
  // used, so no choice made or withdrawn), `aria-hidden` takes it from screen readers. The prototype's `closest`: a
  // <form id="consent-gate"> in user content may carry an input named closest.
  const closest = (selector: string) => Element.prototype.closest.call(element, selector);
  if (closest('[inert]')) return 'it is inert, or inside an inert element';
  if (closest('[aria-hidden="true" i]')) return 'it is hidden from screen readers (aria-hidden="true" on it or around it)';
  if (element.shadowRoot && !OURS.has(element)) return 'it already has a shadow root of its own';
  // A shadow root hides what the element holds: a `<div id="consent-gate">` in user content (a comment's signature)
  // lost its text, and went with the comments the page reloads, the banner with it.
  if (!OURS.has(element) && (element.firstElementChild || element.textContent!.trim())) return 'it has content of its own, which the UI would hide';
}

/**
 * Finds or makes the UI's host, `<div id="consent-gate">` (SPEC §8, contract), with its open shadow root. A page
 * element that already has the id but cannot host the UI (not a `div`, hidden, another shadow root, user content that
 * took the id) is replaced and reported (SPEC §8): it keeps its place and content but gives the id up to the SDK's
 * own host, which goes first in `<body>` (a host in the page's element's place would be hidden with it), so one
 * element has the id and `#consent-gate` finds the SDK's. Call it once `<body>` exists.
 */
export function createHost(core: ConsentCore, lang: string): ShadowRoot {
  let host = document.getElementById('consent-gate');
  let problem = host ? unfit(host) : undefined;
  let root: ShadowRoot | undefined;
  if (host && !problem) {
    try {
      root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    } catch (error) {
      problem = `it refuses a shadow root (${error})`;
    }
  }
  if (!root) {
    const own = document.createElement('div');
    own.id = 'consent-gate';
    if (problem) {
      const message = `the page's #consent-gate cannot host the UI: ${problem}; Consent Gate uses its own host instead`;
      console.warn(`consent-gate: ${message}`);
      core.report('ui', message);
      // The prototype's: a <form id="consent-gate"> in user content may carry an input named removeAttribute.
      Element.prototype.removeAttribute.call(host, 'id');
      pageBody()!.prepend(own);
    } else pageBody()!.appendChild(own);
    host = own;
    root = own.attachShadow({ mode: 'open' });
  }
  OURS.add(host!);
  // Screen readers pick the voice from the nearest lang, which the page's <html lang> may not match (WCAG 3.1.2).
  host!.lang = lang;
  // FastClick (old iOS and WeChat H5 templates) cancels a tap's click and sends its own to the event's target, which
  // outside the shadow root is the host: no button of the UI took a tap. `needsclick` is its documented way out (on a
  // page's own host too, where it stays after `destroy()`: it means nothing to anything else).
  host!.classList.add('needsclick');
  return root;
}

/**
 * The scale below 1 a page fixes for itself in its viewport `<meta>` (the last one, which the browser applies), as the
 * browser applies it, else 1. lib-flexible, common on Chinese mobile sites, writes `initial-scale=0.5,
 * maximum-scale=0.5, user-scalable=no` on a 2× screen and sizes the page's px twice as large: the banner's 14 px text
 * showed at 7, its buttons 10 px high. A page the visitor may zoom into (a desktop page on a phone, at 0.38) is left as
 * it is: its own text is as small, and the banner would stay enlarged as the visitor zooms in. The scale is the visual
 * viewport's, not the `<meta>`'s: desktop browsers ignore the `<meta>` (the same H5 page opened on a PC showed the
 * banner twice as large), and a `minimum-scale=1` beside it keeps the page at 1.
 */
function fixedScale() {
  const content = String([...queryDocument<HTMLMetaElement>('meta[name=viewport]')].pop()?.content);
  const applied = +(window.visualViewport?.scale as number);
  // Fixed: no zooming in past it (a maximum under 1), or none at all.
  return applied > 0 && applied < 1 && /maximum-scale\s*=\s*0*\.|user-scalable\s*=\s*(no|0)/i.test(content) ? applied : 1;
}

/**
 * Undoes a page's CSS `zoom` above the host (a page scaled to its design width, `body{zoom:.67}`), which
 * `all: initial` on `:host` cannot: zoom multiplies down the tree. At 0.67 the banner's text was 9 px and its buttons
 * 21 px high, under the 24 px WCAG 2.2 asks of a target (2.5.8); at 2 the banner took three quarters of a phone's
 * screen. The browser's own zoom is not CSS zoom, and still applies (WCAG 1.4.4). A custom property through the
 * CSSOM, as `--cg-room` (`src/ui/focus.ts`): a strict CSP allows it, and `all` leaves it alone.
 */
export function unzoom(host: HTMLElement) {
  const zoom = (host.parentElement?.currentCSSZoom || 1) * fixedScale();
  if (zoom != 1 || host.style.length) host.style.setProperty(`${CG}zoom`, `${1 / zoom}`);
}
