import { documentProperty, listen } from '../core/document-own.js';
import { CG } from './styles.js';

/** The element focused in the page, or in a shadow root inside it. */
export function deepActive() {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active as HTMLElement | null;
}

/** Elements a keyboard may reach, before `reached` says whether it does. */
export const CONTROLS = 'a[href],button,input,select,textarea,[tabindex]';

/** Whether the keyboard reaches `e`: in the tab order, not disabled, hidden or inert. */
export const reached = (e: HTMLElement) =>
  e.tabIndex >= 0 && !(e as HTMLButtonElement).disabled && !e.closest('[inert]') && e.checkVisibility?.() !== false;

/** The first element in `root` matching `selector` that the keyboard reaches. */
export const first = (root: ParentNode | null, selector = CONTROLS) => root && [...root.querySelectorAll<HTMLElement>(selector)].find(reached);

/**
 * Where a keyboard starts on the page: the first control of its `<main>`, else of the page. The focus a closing UI
 * gives back where nothing of the page held it before (the SDK focused the banner itself) goes there: else it fell to
 * <body> at the page's end, and the next Tab left the page (WCAG 2.4.3 Focus Order).
 */
export const start = () => first(Document.prototype.querySelector.call(document, 'main,[role=main]')) || first(document) || null;

/**
 * Focuses `e` without scrolling the window: Safari before 15 ignores `preventScroll`, and the page jumped to its top
 * after a tap on 全部接受 far down it (the focus the banner held going to `<main>`'s first control). Put back only where
 * the option went unread: a browser that reads it may scroll on `focusin`, as `uncover` does to keep a control clear
 * of the banner.
 */
export const focusStill = (e?: HTMLElement | null) => {
  const x = scrollX;
  const y = scrollY;
  let read;
  e?.focus({
    get preventScroll() {
      return (read = true);
    },
  });
  if (!read && (scrollX != x || scrollY != y)) scrollTo(x, y);
};

/**
 * Keeps page controls clear of the banner while it shows, and of the floating button after it (WCAG 2.4.11 Focus Not
 * Obscured: the button sat wholly over a footer link at the page's end, which no scrolling could uncover):
 * - the page keeps room for the banner at its end, so that what the keyboard reaches there (the footer's policy
 *   links, "Cookie 设置") can scroll clear of it. The host grows only where it is drawn at the page's end, and only
 *   on a page that already scrolls: room added there moves nothing on screen, so nothing shifts. It is measured again as
 *   the page grows (a feed, an SPA's content arriving after the banner) and as the window changes (a phone turned);
 * - a page control the keyboard reaches wholly under the box scrolls clear of it. Keyboard focus only
 *   (`:focus-visible`): scrolling under a pointer between mousedown and click would move the click elsewhere. As the
 *   window shrinks under a focused field (a phone's on-screen keyboard opening under the search field being typed
 *   in), a field the box covers at all scrolls clear;
 * - the banner and the floating button rise above a bar the page fixes at the bottom of the window (a mobile page's
 *   tab bar), where the banner covered every tab (SPEC §8: it never blocks clicks) and the button the bar's first item;
 * - while a page's own modal dialog is open (a login), the boxes are hidden: the dialog makes everything else inert,
 *   so they would show without taking a tap or a key.
 */
export function createRoom(root: ShadowRoot, banner: () => HTMLElement | null) {
  const host = root.host as HTMLElement;
  /** A listener that never throws into the page (SPEC §9): its prototypes and globals may be anything. */
  const safe =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      try {
        fn(...args);
      } catch {}
    };
  // Under this page view's names (`CG`, src/ui/styles.ts), which no page CSS can set, inherit down or register.
  const set = (name: string, value: string) => (value || host.style.getPropertyValue(name)) && host.style.setProperty(name, value || '0px');
  /**
   * Whether the host is drawn at the page's end: nothing in flow beside it, or beside an element it is in, ends below
   * it. A page's own `#consent-gate` at the end of its header grew there and pushed the page down, and so did the host
   * of a `column-reverse` `<body>`, drawn first; a `<script>` after it, a bar or sheet the page fixes to the window,
   * end nowhere in the flow.
   */
  function atEnd() {
    for (let at: Element = host; at != documentProperty('body') && at.parentElement; at = at.parentElement) {
      const bottom = at.getBoundingClientRect().bottom + 1;
      for (const other of at.parentElement.children)
        if (other.getBoundingClientRect().bottom > bottom && !/fixed|absolute/.test(getComputedStyle(other).position)) return false;
    }
    return true;
  }
  /** How far `lift` raised the box: the bar's height, or 0. */
  let raised = 0;
  function reserve() {
    modal();
    const box = banner();
    // The banner's text, where it scrolls (a 320 px phone, 400 % zoom), is a keyboard stop: holding links, it is no
    // scroller the keyboard reaches by itself (Chromium), and what follows its last link could not be read (WCAG 2.1.1).
    const text = box?.querySelector<HTMLElement>('.t');
    if (text) text.tabIndex = text.scrollHeight > text.clientHeight + 1 ? 0 : -1;
    const body = documentProperty('body');
    // A custom property, set through the CSSOM (a strict CSP allows that): `all: initial` on :host resets every
    // other property the page could set. The page scrolls in the window, or in a `<body>` that scrolls itself
    // (`html, body { height: 100%; overflow-x: hidden }` makes it so), where the host's room is as much at the end.
    // Above a bar the box rises over (`lift`), the page's end must scroll clear of the bar as well.
    set(`${CG}room`, box && Math.max(document.documentElement.scrollHeight, body?.scrollHeight ?? 0) > innerHeight && atEnd() ? `${box.offsetHeight + 16 + raised}px` : '');
  }
  /**
   * Scrolls `target` clear of the box where the box covers any of it and it fits above the box (`typing`: a field the
   * on-screen keyboard pushed under it, tall or not): a link 97 % under the banner, its focus ring's edge alone showing,
   * passed WCAG 2.4.11 and hid where the keyboard stood (2.4.12).
   */
  function clear(target: Element | null | undefined, typing?: boolean) {
    const box = banner()?.getBoundingClientRect();
    if (!box || !target || target == host || target == documentProperty('body')) return;
    const rect = target.getBoundingClientRect();
    // Beside the box is not under it: the floating button is narrow, the banner at most 760 px wide.
    if (rect.bottom > box.top && rect.top < box.bottom && rect.right > box.left && rect.left < box.right && (typing || rect.bottom - rect.top < box.top)) {
      // The box of the page that scrolls it: an app shell scrolls inside its own container (`html, body { overflow:
      // hidden }`, a scrolling `<main>`), where the window does not move. A control fixed to the window scrolls with
      // nothing: the page moved on each focus for nothing.
      let scroller: Element | null = target;
      for (; scroller; scroller = scroller.parentElement) {
        const style = getComputedStyle(scroller);
        if (style.position == 'fixed') return;
        if (scroller != target && scroller.scrollHeight > scroller.clientHeight && /auto|scroll/.test(style.overflowY)) break;
      }
      (scroller ?? window).scrollBy({ top: rect.bottom - box.top + 8, behavior: 'instant' });
    }
  }
  const uncover = safe((event: FocusEvent) => {
    modal();
    const target = event.target as Element;
    // `?.`: a page whose `Event.prototype.target` answers nothing had every focus move throw into it.
    if (target?.matches?.(':focus-visible')) clear(target);
  });
  /**
   * Hides the boxes while a modal dialog of the page is open: they would take no tap or key (`inert` behind it). A
   * dialog only: a page in fullscreen (`:modal` too) leaves the visitor every control. One an SPA takes out of the page
   * while open fires no `close`: looked at again until it is gone.
   */
  let again: ReturnType<typeof setTimeout> | undefined;
  const modal = safe(() => {
    const open = !!Document.prototype.querySelector.call(document, 'dialog:modal');
    host.toggleAttribute('data-modal', open);
    clearTimeout(again);
    if (open) again = setTimeout(modal, 500);
  });
  /**
   * Lifts the banner, or the floating button, above a bar the page fixes to the bottom of the window under it (its
   * height, at most a third of the window): looked for along the box's lowest pixels. Measured as it shows, and again
   * as the page scrolls, grows or the window changes: a bar hidden on scroll, or one a route renders later.
   */
  const lift = safe(() => {
    const box = banner();
    set(`${CG}lift`, '');
    raised = 0;
    if (!box) return;
    const { left, right, bottom } = box.getBoundingClientRect();
    let bar = 0;
    for (const x of [left + 2, (left + right) / 2, right - 2])
      for (let element of Document.prototype.elementsFromPoint.call(document, x, bottom - 2) as Array<Element | null>)
        for (; element && element != host && element != documentProperty('body') && element != documentProperty('documentElement'); element = element.parentElement)
          if (getComputedStyle(element).position == 'fixed') {
            const edge = element.getBoundingClientRect();
            if (edge.top > innerHeight * 0.66 && edge.bottom > innerHeight - 2) bar = Math.max(bar, innerHeight - edge.top);
            break;
          }
    set(`${CG}lift`, bar ? `${bar}px` : '');
    raised = bar;
  });
  // The page grows or shrinks (observed on <body>, measured in the next frame: a room set inside the observer's own
  // callback would be a size change it delivers in a loop, reported to the page as an error).
  const measure = safe(() => (lift(), reserve()));
  let grown: ResizeObserver | undefined;
  try {
    grown = new ResizeObserver(safe(() => requestAnimationFrame(measure)));
  } catch {}
  let height = innerHeight;
  const resized = safe(() => {
    measure();
    // The on-screen keyboard opening under the field being typed in shrinks the window under it: the field scrolls
    // clear by what the box covers of it. Nothing else moves on a resize (a window widened, a phone's address bar).
    const shrank = innerHeight < height;
    height = innerHeight;
    const active = documentProperty('activeElement');
    if (shrank && active?.matches('input,textarea,select,[contenteditable]')) clear(active, true);
  });
  const observe = safe((on: boolean) => {
    grown?.disconnect();
    const body = documentProperty('body');
    if (on && body) grown?.observe(body);
  });
  /**
   * Safari fires no `scrollend`, nor does Chrome before 114 (WeChat's older kernels): there a scroll at rest for 150 ms
   * stands for it. Without it a tab bar the page shows on scroll stayed under the banner.
   */
  let rest: ReturnType<typeof setTimeout> | undefined;
  const [scrolled, rested] = 'onscrollend' in window ? ['scrollend', lift] : ['scroll', () => (clearTimeout(rest), (rest = setTimeout(lift, 150)))];
  function listenAgain() {
    listen(document, 'focusin', uncover as EventListener);
    // `close` does not bubble: heard as it passes the document, on its way to the page's dialog.
    listen(document, 'close', modal, true);
    listen(window, 'resize', resized);
    listen(window, scrolled, rested);
    observe(true);
  }
  listenAgain();
  return {
    reserve,
    lift,
    listen: listenAgain,
    stop() {
      listen(document, 'focusin', uncover as EventListener, false, true);
      listen(document, 'close', modal, true, true);
      listen(window, 'resize', resized, false, true);
      listen(window, scrolled, rested, false, true);
      observe(false);
      clearTimeout(again);
      clearTimeout(rest);
    },
  };
}
