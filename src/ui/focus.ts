import { listen } from '../core/document-own.js';

/** The element focused in the page, or in a shadow root inside it. */
export function deepActive() {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active as HTMLElement | null;
}

/**
 * Keeps page controls clear of the banner while it shows, and of the floating button after it (WCAG 2.4.11 Focus Not
 * Obscured: the button sat wholly over a footer link at the page's end, which no scrolling could uncover):
 * - the page keeps room for the banner at its end, so that what the keyboard reaches there (the footer's policy
 *   links, "Cookie 设置") can scroll clear of it. The host grows only when it is the body's last element, and only on
 *   a page that already scrolls: room added there moves nothing on screen, so nothing shifts;
 * - a page control the keyboard reaches wholly under the box scrolls clear of it. Keyboard focus only
 *   (`:focus-visible`): scrolling under a pointer between mousedown and click would move the click elsewhere.
 */
export function createRoom(root: ShadowRoot, banner: () => HTMLElement | null) {
  const host = root.host as HTMLElement;
  function reserve() {
    const box = banner();
    if (host.nextElementSibling) return;
    // A custom property, set through the CSSOM (a strict CSP allows that): `all: initial` on :host resets every
    // other property the page could set.
    const room = box && document.documentElement.scrollHeight > innerHeight ? `${box.offsetHeight + 16}px` : '';
    if (room || host.style.length) host.style.setProperty('--cg-room', room || '0');
  }
  function uncover(event: FocusEvent) {
    const box = banner()?.getBoundingClientRect();
    const target = event.target as Element;
    // `?.`: a page whose `Event.prototype.target` answers nothing had every focus move throw into it.
    if (!box || target == host || !target?.matches?.(':focus-visible')) return;
    const rect = target.getBoundingClientRect();
    // Beside the box is not under it: the floating button is narrow, the banner at most 760 px wide.
    if (rect.top >= box.top && rect.bottom <= box.bottom && rect.left >= box.left && rect.right <= box.right) scrollBy({ top: rect.bottom - box.top + 8, behavior: 'instant' });
  }
  const listenAgain = () => listen(document, 'focusin', uncover as EventListener);
  listenAgain();
  return { reserve, listen: listenAgain, stop: () => listen(document, 'focusin', uncover as EventListener, false, true) };
}
