/**
 * The banner's stylesheet; the views bring theirs (`views/frame.tsx`). `:host{all:initial!important}` cuts off
 * everything the page's CSS could pass down: for `!important` declarations the shadow tree's own rules win over the
 * page's (CSS Cascade 4, "context"). `all` leaves custom properties alone, so the theme's `--cg-*` are set on the
 * UI's own boxes, where a page rule on `#consent-gate` cannot reach them (`--cg-fg: transparent` blanked the banner).
 * It leaves `direction` alone too, set here: the UI's languages run left to right, and an RTL page must not mirror them.
 * A page's `zoom` multiplies through `all`: `--cg-zoom` undoes it (`unzoom`, src/ui/host.ts). The host comes last in the
 * order of a flex or grid `<body>` whose children the page orders (`order: 1` on each: `all` put the host, and the room
 * kept for the banner in it, first; a `column-reverse` body still draws it first, where no room is kept).
 * The banner, the floating button and the dialogs sit in the top layer (a manual popover, a modal dialog), so an
 * ancestor's `transform`, `overflow` or `z-index` cannot move or hide them; `position: fixed` keeps them in place
 * where there is no top layer, its offsets as longhands (`inset` is Chrome 87 and Safari 14.1: on an older engine, such
 * as WeChat's on Chromium 86, a fixed box without offsets stayed at the page's end, out of reach). Sizes are in px, never rem, so a page's `html{font-size}` cannot scale the UI.
 * Dark mode follows the visitor's setting; the banner does not move, so reduced motion concerns the views only. A
 * banner a decision closed is `inert` until it leaves the page, and hidden meanwhile; one whose decision waits for its
 * code is `aria-busy`, its buttons dimmed a little, their text above 4.5:1 (WCAG 1.4.3: at 60 % the light theme's 设置
 * fell to 2.8:1; src/ui/mount-ui.ts). A notice (opening a view, a choice not saved) stands at the top: at the bottom it
 * covered the banner's buttons on a phone, the one just pressed included (WCAG 2.4.11). In a
 * viewport under 500 px high (a phone on its side, 400 % zoom: WCAG 1.4.10; a phone at 200 % text zoom, whose buttons
 * take two rows) the banner may take 60 % of the height: under 39 % its text was cut to a line or two beside the
 * buttons; at the whole height it hid every page control the keyboard reached, with no room above it to scroll one into
 * (WCAG 2.4.11 Focus Not Obscured: it is no modal). The boxes keep clear of a phone's notch and home indicator
 * (`env(safe-area-inset-*)`, non-zero on a page with `viewport-fit=cover`); the banner and the floating button rise by
 * `--cg-lift` above a bar the page fixes at the bottom (SPEC §8: the banner never blocks a click on its tabs; a
 * transform, which moves no layout: measured after the first paint, an offset moved the banner as a layout shift), and
 * both hide while a modal dialog of the page is open (src/ui/focus.ts). Text that scrolls in the banner (a 320 px phone
 * in English: its policy link and minors line below the edge) shows a shade at its lower edge while more is below (the
 * shade stays with the box, a cover in the banner's colour moves with the text's end). The floating button's focus
 * ring, which stands on the page, has a band of the button's background inside it: the dark scheme's light ring alone
 * was 2.0:1 on a white page (WCAG 1.4.11 wants 3:1), the band beside it is dark there, and light on a dark page.
 */
export const CSS = `:host{all:initial!important;direction:ltr!important;zoom:var(--cg-zoom,1)!important;display:block!important;order:2147483647!important;height:var(--cg-room,0)!important}\
.b,.d,.f{--cg-bg:#fff;--cg-fg:#1d2129;--cg-muted:#4e5969;--cg-line:#c9cdd4;--cg-accent:#0b57d0;--cg-on-accent:#fff;--cg-radius:8px;--cg-font:system-ui,sans-serif}\
@media(prefers-color-scheme:dark){.b,.d,.f{--cg-bg:#1f2329;--cg-fg:#e8eaed;--cg-muted:#bdc1c6;--cg-line:#5f6368;--cg-accent:#8ab4f8;--cg-on-accent:#202124}}\
*{box-sizing:border-box;margin:0;padding:0;font:inherit;color:inherit}\
.b,.f{position:fixed;top:auto;right:max(8px,env(safe-area-inset-right));bottom:max(8px,env(safe-area-inset-bottom));left:max(8px,env(safe-area-inset-left));transform:translateY(calc(0px - var(--cg-lift,0px)));z-index:2147483647;font:14px/1.5 var(--cg-font);color:var(--cg-fg);background:var(--cg-bg);border:1px solid var(--cg-line);border-radius:var(--cg-radius);box-shadow:0 4px 24px #0004;overflow:visible}\
.b{max-width:760px;width:auto;height:auto;max-height:39vh;margin:0 auto;padding:12px;display:flex;flex-direction:column;gap:8px}\
@media(max-height:500px){.b{max-height:60%}}\
.b[inert]{visibility:hidden}\
.b[aria-busy] .a{opacity:.9;cursor:progress}\
:host([data-modal]) .b,:host([data-modal]) .f{display:none}\
.t{overflow:auto;display:grid;gap:4px;word-break:break-word;background:linear-gradient(#0000,var(--cg-bg) 60%) bottom/100% 20px no-repeat local,linear-gradient(#0000,#0003) bottom/100% 8px no-repeat}\
h2{font-size:16px;font-weight:600}\
.n{border-left:3px solid var(--cg-accent);padding-left:8px}\
.m{color:var(--cg-muted);font-size:13px}\
.a{display:flex;flex-wrap:wrap;gap:8px}\
.a>button{flex:1}\
button{cursor:pointer;min-height:32px;padding:4px 8px;border:1px solid var(--cg-accent);border-radius:6px;background:none;color:var(--cg-accent)}\
.p{background:var(--cg-accent);color:var(--cg-on-accent)}\
.l{border:0;padding:0;min-height:24px;min-width:24px}\
.l,a{color:var(--cg-accent);text-decoration:underline}\
:focus-visible{outline:2px solid var(--cg-accent);outline-offset:2px}\
.b:focus{outline:0}\
.f{right:auto;margin:0;padding:4px 12px;border-radius:99px}\
.f:focus-visible{box-shadow:0 0 0 2px var(--cg-bg),0 4px 24px #0004}\
.o{top:max(8px,env(safe-area-inset-top));right:8px;bottom:auto;left:auto;transform:none;border-radius:var(--cg-radius)}\
.s{position:fixed;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}`;

/** WCAG 2 relative luminance of a `#rgb` / `#rrggbb` colour; `undefined` for any other way of writing one. */
export function luminance(colour: string): number | undefined {
  const hex = /^#([\da-f]{3}|[\da-f]{6})$/i.exec(colour)?.[1];
  if (!hex) return;
  const full = hex.length == 3 ? hex.replace(/./g, '$&$&') : hex;
  const [r, g, b] = [0, 2, 4].map(i => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/**
 * The page's theme (`ui.theme`, colours and lengths only: SPEC §9) on the UI's own boxes, in both colour schemes. An
 * accent given without the text on it keeps the light scheme's white text in the dark one too: the dark scheme's own
 * dark text was made for its light accent, and on a page's brand colour it fell to 2.5:1 (WCAG 1.4.3). A brand colour
 * chosen for white that is too dark for the dark scheme's background (under 4.5:1 on #1f2329: a luminance under
 * 0.25) gives way there to the dark scheme's own accent, unless the page themes the background too: its links, text
 * buttons and focus rings read at 2.4:1 otherwise (WCAG 1.4.3, 1.4.11).
 */
export const themed = (theme: Record<string, string>) => {
  const accent = theme['--cg-accent'];
  const lit = accent ? luminance(accent) ?? 0 : 0;
  const dim = accent && !theme['--cg-bg'] && (luminance(accent) ?? 1) < 0.25;
  // Too light for the light scheme's white (under 4.5:1: a luminance over 0.183, ooopic's orange #f60 reads at 2.9:1):
  // its links, text buttons and focus rings would be hard to read (WCAG 1.4.3, 1.4.11). Said, naming the config; the
  // text on it is dark from where dark reads better than white (a luminance over 0.213).
  if (lit > 0.183 && !theme['--cg-bg']) console.warn(`consent-gate: ui.theme["--cg-accent"] ${accent} is too light for the banner's white background (under 4.5:1, WCAG 1.4.3): its links and focus rings are hard to read; choose a darker accent`);
  return (
    `.b,.d,.f{${Object.entries({ ...(accent ? { '--cg-on-accent': lit > 0.213 ? '#202124' : '#fff' } : {}), ...theme }).map(e => e.join(':')).join(';')}}` +
    (dim ? '@media(prefers-color-scheme:dark){.b,.d,.f{--cg-accent:#8ab4f8;--cg-on-accent:#202124}}' : '')
  );
};

/**
 * The prefix of the UI's custom properties on this page view: `--cg` and a random part. `all: initial` leaves custom
 * properties alone, and a page's CSS reaches one it can name: `html{--cg-zoom:.25}` drew the banner's text at 3.5 px,
 * `#consent-gate{--cg-lift:5000px!important}` or `@property --cg-lift { inherits: false; initial-value: 5000px }` kept
 * the floating button out of the window, a `--cg-bg` registered with another syntax took the banner's background. The
 * stylesheets are written with `--cg-` (and a theme's `--cg-accent`), renamed as they are adopted.
 */
export const CG = `--cg${Math.random().toString(36).slice(2, 6)}-`;

/**
 * Adds a constructable stylesheet: no `<style>` element and no inline style, so a strict CSP (`style-src 'self'`)
 * needs no `unsafe-inline` (SPEC §8).
 */
export function adopt(root: ShadowRoot, given: string) {
  const css = given.replace(/--cg-/g, CG);
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    // No constructable stylesheets (Safari and iOS before 16.4, every in-app browser there; Firefox before 101): a
    // `<style>` instead, or the banner was unstyled at the end of the page, out of sight, and the page's CSS could hide
    // it. A strict CSP (`style-src 'self'`) refuses it there: the UI then works unstyled.
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
    // Refused, the element has no sheet (the host is in the page by now): said once, as an integration mistake is
    // (SPEC §9). Not in jsdom, which has neither CSP nor sheets in a shadow root: an app's tests failed on the error.
    if (!style.sheet && !refusedSaid && !/jsdom/.test(navigator.userAgent)) {
      refusedSaid = true;
      console.error(
        "consent-gate: the page's CSP style-src refuses the consent UI's <style>, its styles where there are no constructable stylesheets (Safari before 16.4): the UI is unstyled. Add 'unsafe-inline' to style-src where such browsers matter",
      );
    }
  }
}

let refusedSaid = false;
