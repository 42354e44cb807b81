import { documentProperty, listen } from '../core/document-own.js';

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
 *   a page that already scrolls: room added there moves nothing on screen, so nothing shifts. It is measured again as
 *   the page grows (a feed, an SPA's content arriving after the banner) and as the window changes (a phone turned);
 * - a page control the keyboard reaches wholly under the box scrolls clear of it. Keyboard focus only
 *   (`:focus-visible`): scrolling under a pointer between mousedown and click would move the click elsewhere. As the
 *   window shrinks under a focused control (a phone's on-screen keyboard opening under the search field being typed
 *   in), a control the box covers at all scrolls clear;
 * - the floating button rises above a bar the page fixes at the bottom of the window (a mobile page's tab bar), where
 *   it would sit over the bar's first item;
 * - while a page's own modal dialog is open (a login), the boxes are hidden: the dialog makes everything else inert,
 *   so they would show without taking a tap or a key.
 */
export function createRoom(root: ShadowRoot, banner: () => HTMLElement | null, floating: () => HTMLElement | null) {
  const host = root.host as HTMLElement;
  /** A listener that never throws into the page (SPEC §9): its prototypes and globals may be anything. */
  const safe =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      try {
        fn(...args);
      } catch {}
    };
  const set = (name: string, value: string) => (value || host.style.getPropertyValue(name)) && host.style.setProperty(name, value || '0px');
  function reserve() {
    modal();
    const box = banner();
    if (host.nextElementSibling) return;
    // A custom property, set through the CSSOM (a strict CSP allows that): `all: initial` on :host resets every
    // other property the page could set.
    set('--cg-room', box && document.documentElement.scrollHeight > innerHeight ? `${box.offsetHeight + 16}px` : '');
  }
  /** Scrolls `target` clear of the box where the box covers it wholly, or at all (`partly`). */
  function clear(target: Element | null | undefined, partly?: boolean) {
    const box = banner()?.getBoundingClientRect();
    if (!box || !target || target == host || target == documentProperty('body')) return;
    const rect = target.getBoundingClientRect();
    // Beside the box is not under it: the floating button is narrow, the banner at most 760 px wide.
    if (
      partly
        ? rect.bottom > box.top && rect.top < box.bottom && rect.right > box.left && rect.left < box.right
        : rect.top >= box.top && rect.bottom <= box.bottom && rect.left >= box.left && rect.right <= box.right
    ) {
      // The box of the page that scrolls it: an app shell scrolls inside its own container (`html, body { overflow:
      // hidden }`, a scrolling `<main>`), where the window does not move.
      let scroller = target.parentElement;
      while (scroller && !(scroller.scrollHeight > scroller.clientHeight && /auto|scroll/.test(getComputedStyle(scroller).overflowY))) scroller = scroller.parentElement;
      (scroller ?? window).scrollBy({ top: rect.bottom - box.top + 8, behavior: 'instant' });
    }
  }
  const uncover = safe((event: FocusEvent) => {
    modal();
    const target = event.target as Element;
    // `?.`: a page whose `Event.prototype.target` answers nothing had every focus move throw into it.
    if (target?.matches?.(':focus-visible')) clear(target);
  });
  /** Hides the boxes while a modal dialog of the page is open: they would take no tap or key (`inert` behind it). */
  const modal = safe(() => host.toggleAttribute('data-modal', !!Document.prototype.querySelector.call(document, ':modal')));
  /** Lifts the floating button above a bar the page fixes under it (its height, at most a third of the window). */
  const lift = safe(() => {
    const button = floating();
    set('--cg-lift', '');
    if (!button) return;
    const { left, right, top, bottom } = button.getBoundingClientRect();
    let bar = 0;
    for (const x of [left + 2, (left + right) / 2, right - 2])
      for (let element of Document.prototype.elementsFromPoint.call(document, x, (top + bottom) / 2) as Array<Element | null>)
        for (; element && element != host && element != documentProperty('body') && element != documentProperty('documentElement'); element = element.parentElement)
          if (/fixed|sticky/.test(getComputedStyle(element).position)) {
            const edge = element.getBoundingClientRect().top;
            if (edge > innerHeight * 0.66) bar = Math.max(bar, innerHeight - edge);
            break;
          }
    set('--cg-lift', bar ? `${bar}px` : '');
  });
  // The page grows or shrinks (observed on <body>, measured in the next frame: a room set inside the observer's own
  // callback would be a size change it delivers in a loop, reported to the page as an error).
  let grown: ResizeObserver | undefined;
  try {
    grown = new ResizeObserver(() => requestAnimationFrame(safe(reserve)));
  } catch {}
  const resized = safe(() => {
    reserve();
    lift();
    clear(documentProperty('activeElement'), true);
  });
  function listenAgain() {
    listen(document, 'focusin', uncover as EventListener);
    // `close` does not bubble: heard as it passes the document, on its way to the page's dialog.
    listen(document, 'close', modal, true);
    addEventListener('resize', resized);
    grown?.disconnect();
    const body = documentProperty('body');
    if (body) grown?.observe(body);
  }
  listenAgain();
  return {
    reserve,
    lift,
    listen: listenAgain,
    stop() {
      listen(document, 'focusin', uncover as EventListener, false, true);
      listen(document, 'close', modal, true, true);
      removeEventListener('resize', resized);
      grown?.disconnect();
    },
  };
}
