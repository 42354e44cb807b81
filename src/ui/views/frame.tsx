import { Fragment, h, render, type ComponentChildren, type VNode } from 'preact';
import type { ViewContext } from '../view-context.js';
import { by } from '../dom.js';

const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled])';

/**
 * What the modal views add to the banner's stylesheet (`styles.ts`), with their motion and its reduced-motion off
 * switch. In forced colours the switches draw their own state in system colours (the browser would paint both states
 * one colour: WCAG 1.4.11); under 400 px of height (400 % zoom, WCAG 1.4.10) the header and the actions scroll with
 * the text instead of leaving it a line. The header and the actions stay on top of what scrolls under them (a switch
 * painted over × took its click), and what the keyboard reaches scrolls clear of them (`scroll-padding`, sized for a
 * two-line title and a wrapped row of buttons: WCAG 2.4.11). A checkbox beside a label that wraps keeps its 20 px
 * (a flex item, it shrank to 16 px wide). Names and addresses break anywhere: one long word (a service named
 * `AdobeExperiencePlatformWebSDK`) pushed a switch out of a 320 px dialog (WCAG 1.4.10); `word-break: break-word` is
 * `overflow-wrap: anywhere` as Safari before 15.4 knows it too. The answer chosen among pressed buttons (the age)
 * carries a check mark, not a colour alone (WCAG 1.4.1), kept out of its name (`/ ""`); Safari before 17.4 drops that
 * declaration, and takes the plain mark before it.
 * A swipe past the end of what scrolls does not go on to scroll the page behind (`overscroll-behavior`: on a phone the
 * visitor came back to another place in the page).
 */
export const css = `.d{position:fixed;top:0;right:0;bottom:0;left:0;z-index:2147483647;margin:auto;width:min(640px,calc(100% - 16px));max-height:calc(100% - 16px);overflow:auto;overscroll-behavior:contain;scroll-padding:72px 0 120px;padding:0 16px;font:14px/1.5 var(--cg-font);color:var(--cg-fg);background:var(--cg-bg);border:1px solid var(--cg-line);border-radius:var(--cg-radius);box-shadow:0 4px 24px #0004;animation:cg .2s ease-out}\
.d::backdrop{background:#0009}\
.d>*{margin-bottom:12px}\
.h,.d>.a{position:sticky;z-index:1;background:var(--cg-bg);padding:12px 0}\
.h{top:0;display:flex;justify-content:space-between;align-items:center;gap:8px}\
.d>.a{bottom:0;margin:0}\
h3,dt,.k{font-weight:600}\
.m,small{color:var(--cg-muted);font-size:13px}\
.e{border-left:3px solid #d93025;padding-left:8px}\
.x{flex:none;border:0;padding:0;width:32px;font-size:22px;line-height:1;color:var(--cg-fg)}\
section{border-top:1px solid var(--cg-line);padding-top:12px;display:grid;gap:4px}\
.r{display:flex;justify-content:space-between;align-items:center;gap:12px}\
ul{list-style:none;display:grid;gap:4px;padding-left:12px}\
small{border:1px solid var(--cg-line);border-radius:4px;padding:0 4px;margin-left:2px;font-size:12px;white-space:nowrap}\
.w{flex:none;position:relative;width:40px;height:24px;min-height:0;padding:0;border:0;border-radius:12px;background:var(--cg-muted)}\
.w::after{content:"";position:absolute;top:3px;left:3px;width:18px;height:18px;border-radius:50%;background:var(--cg-bg);transition:transform .2s}\
.w[aria-checked=true]{background:var(--cg-accent)}\
.w[aria-checked=true]::after{transform:translateX(16px)}\
.w:disabled{opacity:.5;cursor:not-allowed}\
@media(forced-colors:active){.w{forced-color-adjust:none;background:Canvas;border:2px solid ButtonText}.w::after{top:1px;left:1px;background:ButtonText}.w[aria-checked=true]{background:Highlight;border-color:Highlight}.w[aria-checked=true]::after{background:HighlightText}.w:focus-visible{outline-color:Highlight}}\
@media(max-height:400px){.h,.d>.a{position:static}.d{scroll-padding:0}}\
p,dd,h3,h4,.r>span{word-break:break-word}\
[aria-pressed=true]::before{content:"✓ ";content:"✓ "/""}\
dd+dt{margin-top:8px}\
.v>:first-child{margin-top:8px;font-weight:600}\
.v dl>div{display:flex;gap:8px}\
.v dt{flex:0 0 6.5em;font-weight:400;color:var(--cg-muted)}\
.k{display:flex;gap:8px;align-items:center}\
input{flex:none;width:20px;height:20px;accent-color:var(--cg-accent)}\
@keyframes cg{from{opacity:0;transform:translateY(8px)}}\
@media(prefers-reduced-motion:reduce){*,::after{animation:none!important;transition:none!important}}`;

/** Opens the dialog as modal (the page goes inert; the top layer sits above any host z-index) and moves focus in. */
function open(dialog: HTMLDialogElement | null) {
  if (dialog && !dialog.open) {
    // jsdom and very old engines lack showModal(): the dialog still opens, with the Tab trap below.
    dialog.showModal ? dialog.showModal() : dialog.setAttribute('open', '');
    dialog.querySelector<HTMLElement>(FOCUSABLE)?.focus();
  }
}

/**
 * Esc closes; Tab and Shift+Tab wrap at the ends, so focus stays in the view (WCAG 2.1.2 allows this: Esc leaves). In
 * `views.js`, once for every view (`ViewContext.keydown`).
 */
export function onKeyDown(close: () => void, event: KeyboardEvent) {
  const dialog = event.currentTarget as HTMLElement;
  // Nothing thrown into the page (SPEC §9): a `KeyboardEvent.prototype.key` getter or a `querySelectorAll` the page
  // replaced since threw at each key press. Esc still closes, through the dialog's `cancel`.
  try {
    if (event.key == 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key == 'Tab') {
      const all = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const active = (dialog.getRootNode() as ShadowRoot).activeElement as HTMLElement;
      // Focus on the dialog itself (after a click on its text) or outside it: Shift+Tab left the view for the page. On
      // an element of the dialog that is no stop of Tab (a confirmation given the focus), it goes back as in the page.
      if (active == all[event.shiftKey ? 0 : all.length - 1] || (event.shiftKey && (active == dialog || !dialog.contains(active)))) {
        event.preventDefault();
        all[event.shiftKey ? all.length - 1 : 0]!.focus();
      }
    }
  } catch {}
}

/**
 * A modal view: a `<dialog>` labelled by its heading (and described by the element `about` names: a question the
 * visitor answers is read as the dialog opens, not only by reading on past the close button), with the close button
 * first and the actions last, where Tab wraps. Keyed by view, so going from one view to the next opens a fresh dialog
 * and focus moves in again; the mount returns focus to where it was when the last view closes.
 */
export const Modal = ({ c, title, children, actions, about }: { c: ViewContext; title: string; children: ComponentChildren; actions: ComponentChildren; about?: string }) => (
  <dialog
    key={c.view}
    class="d"
    aria-labelledby="cg-h"
    aria-describedby={about}
    ref={open}
    onKeyDown={c.keydown}
    // The browser's own Esc handling (a close request): keep the dialog under the mount's control.
    onCancel={(event: Event) => (event.preventDefault(), c.close())}
  >
    <div class="h">
      <h2 id="cg-h">{title}</h2>
      <button class="x" data-action="close" aria-label={c.t('close')} onClick={c.close}>
        ×
      </button>
    </div>
    {children}
    {c.alert}
    <div class="a">{actions}</div>
  </dialog>
);

/**
 * A button with its `data-action` hook (SPEC §8, contract). `p` is the primary look, shared by accept and refuse. `act`
 * is told `'api'` for a click no visitor made (a script's `.click()`, `isTrusted` false): a decision it makes is
 * recorded as the page's code, not as the visitor's (SPEC §4).
 */
export const Button = ({ action, label, act, look = 'p', ...extra }: { action: string; label: string; act: (by?: 'api') => void; look?: string; [attribute: string]: unknown }) => (
  <button class={look} data-action={action} onClick={(event: Event) => act(by(event))} {...extra}>
    {label}
  </button>
);

/** A link opening in a new tab, so the visitor keeps the banner; plain text when the URL is not configured. */
export const Link = ({ href, label }: { href?: string; label: ComponentChildren }) =>
  href ? (
    <a href={href} target="_blank" rel="noopener">
      {label}
    </a>
  ) : (
    <>{label}</>
  );

/** Renders a view's tree (or nothing) into its container: the one place the views meet Preact's `render`. */
export const renderView = (container: Element, node: VNode<any> | null) => render(node, container);
