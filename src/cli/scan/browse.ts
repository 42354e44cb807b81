import type { BrowserContext, Page } from 'playwright-core';

/** A Chrome's platform, in its user agent string and in its client hints (`Sec-CH-UA-Platform`). */
const PLATFORMS: Partial<Record<NodeJS.Platform, { system: string; hint: string }>> = {
  darwin: { system: 'Macintosh; Intel Mac OS X 10_15_7', hint: 'macOS' },
  win32: { system: 'Windows NT 10.0; Win64; x64', hint: 'Windows' },
};
const platformOf = (platform: NodeJS.Platform) => PLATFORMS[platform] ?? { system: 'X11; Linux x86_64', hint: 'Linux' };
const majorOf = (version: string) => version.split('.')[0] || '0';

/**
 * The user agent of a Chrome on this platform, in its reduced form (`Chrome/156.0.0.0`, as Chrome sends it since the
 * User-Agent reduction). A headless Chromium says `HeadlessChrome/156.0.8078.114`: a page that starts its trackers
 * only for people, not for scanners, would have read clean.
 */
export function visitorUserAgent(version: string, platform: NodeJS.Platform = process.platform): string {
  return `Mozilla/5.0 (${platformOf(platform).system}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${majorOf(version)}.0.0.0 Safari/537.36`;
}

/**
 * `navigator.userAgentData` and the `Sec-CH-UA` headers of the page, as a Chromium's without "HeadlessChrome" among
 * its brands. Playwright's `userAgent` option changes the string only; these come from the page's DevTools target
 * (Emulation.setUserAgentOverride), set before it navigates. Frames of other sites and workers are targets of their
 * own and keep the headless brand: what a page hides from them is beyond this.
 */
export async function passAsVisitor(context: BrowserContext, page: Page, version: string): Promise<void> {
  const brands = (full: boolean) => [
    { brand: 'Chromium', version: full ? version : majorOf(version) },
    { brand: 'Not_A Brand', version: full ? '24.0.0.0' : '24' },
  ];
  try {
    const session = await context.newCDPSession(page);
    await session.send('Emulation.setUserAgentOverride', {
      userAgent: visitorUserAgent(version),
      userAgentMetadata: {
        brands: brands(false),
        fullVersionList: brands(true),
        platform: platformOf(process.platform).hint,
        platformVersion: '',
        architecture: 'x86',
        model: '',
        mobile: false,
      },
    });
  } catch {
    // A page closed meanwhile, or a browser without DevTools sessions: the user agent string is still a visitor's.
  }
}

/** Chromium's switch that leaves `navigator.webdriver` false, as in a browser a person opened. */
export const NOT_AUTOMATED = '--disable-blink-features=AutomationControlled';

/**
 * What a visitor acts on: links, controls, widgets, and the SDK's hooks on any element (a `<span data-consent-open>`
 * opens the choices: clicked after the refusal, the reload's reading would not be a reader's). `tabindex="-1"` is none:
 * a skip link's target (`<main tabindex="-1">`) holds the whole page.
 */
const ACTIVE =
  'a[href],area,button,input,select,textarea,label,summary,iframe,object,embed,video,audio,[onclick],[tabindex]:not([tabindex^="-"]),[contenteditable],' +
  '[data-consent-open],[data-consent-request],[data-consent-allow],' +
  '[role=button],[role=link],[role=checkbox],[role=menuitem],[role=tab],[role=switch],[role=option],[role=radio],[role=slider],[role=textbox],[role=combobox],[role=dialog]';

/**
 * Finds a spot of the page to click that does nothing a visitor would mean: no link, control or widget, nothing the
 * page draws as clickable (a pointer cursor: a delegated handler), and not the consent banner. Runs in the page.
 */
function findEmptySpot(active: string): { x: number; y: number; what: string } | null {
  for (const y of [0.3, 0.5, 0.15, 0.7, 0.05, 0.9]) {
    for (const x of [0.5, 0.1, 0.9, 0.3, 0.7]) {
      const [px, py] = [Math.round(innerWidth * x), Math.round(innerHeight * y)];
      const element = document.elementFromPoint(px, py);
      if (!element || element.closest('#consent-gate') || element.closest(active)) continue;
      if (getComputedStyle(element).cursor == 'pointer') continue;
      return { x: px, y: py, what: `<${element.localName}>` };
    }
  }
  return null;
}

/**
 * The page's scrolling, read and moved (`by` pixels down, or back to the top): the window's, or where the document
 * does not scroll, the box that scrolls instead, the largest at least half the window high (an app shell:
 * `html, body { height: 100% }`, and a `<body>` or `<main>` with `overflow: auto`). Runs in the page.
 */
function scrollPage(move: { by?: number; top?: boolean }): { y: number; room: number } {
  const root = document.scrollingElement ?? document.documentElement;
  let box: Element | undefined;
  if (root.scrollHeight - innerHeight < 1) {
    let largest = 0;
    for (const element of document.querySelectorAll('body, body *')) {
      const { clientHeight, clientWidth, scrollHeight } = element;
      if (clientHeight < innerHeight / 2 || scrollHeight - clientHeight < 1 || clientHeight * clientWidth <= largest) continue;
      if (!/auto|scroll|overlay/.test(getComputedStyle(element).overflowY)) continue;
      [box, largest] = [element, clientHeight * clientWidth];
    }
  }
  const target = box ?? window;
  // At once whatever the page's `scroll-behavior: smooth`: read straight after, a smooth scroll had not moved yet (its
  // jump to the end measured 0, and the page was said to have grown).
  if (move.by) target.scrollBy({ top: move.by, behavior: 'instant' });
  if (move.top) target.scrollTo({ top: 0, behavior: 'instant' });
  return box ? { y: box.scrollTop, room: Math.max(0, box.scrollHeight - box.clientHeight - box.scrollTop) } : { y: scrollY, room: Math.max(0, root.scrollHeight - innerHeight - scrollY) };
}

export interface Browsed {
  /** How far the page scrolled down, in CSS pixels. */
  scrolledPx: number;
  /** Of `scrolledPx`, what was jumped at once to the end of a page longer than 20 screens. */
  jumpedPx?: number;
  /** What the page still had below after that jump: it grew as it was read (an endless feed), and the rest was not read. */
  unreadPx?: number;
  /** The element clicked, as `<p>`, and where; absent when the page had no empty spot outside the banner. */
  clicked?: { what: string; x: number; y: number };
  /** The keys pressed, the focus on no control (`ArrowDown`, `ArrowUp`); absent where a control had the focus. */
  pressed?: string[];
}

/**
 * Whether the focus is on no control and not in the banner (on `<body>`, or a skip link's target the click above
 * focused), so that a key pressed reaches the page and acts on nothing. Runs in the page.
 */
function focusOnNoControl(active: string): boolean {
  const focused = document.activeElement;
  return !focused || focused == document.body || !(focused.closest(active) || focused.closest('#consent-gate') || focused.shadowRoot);
}

/** What a reader presses: a line down and back up, which scrolls the page and acts on nothing. */
const READING_KEYS = ['ArrowDown', 'ArrowUp'];

/**
 * What a visitor does while reading a page, before answering its banner: moves the pointer, scrolls to the end with
 * the wheel and back, clicks an empty spot beside the banner, and presses a key. None of it is consent (PIPL Art. 14: consent is a
 * clear act, given knowing the purpose), yet a template may take scrolling or "continuing to browse" for it, or load
 * a tracker once the reader reaches it: before any decision, that is a leak the scan must see.
 */
export async function browse(page: Page): Promise<Browsed> {
  const spot = await page.evaluate(findEmptySpot, ACTIVE).catch(() => null);
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.mouse.move(spot?.x ?? viewport.width / 2, spot?.y ?? viewport.height / 3, { steps: 4 });
  let scrolledPx = 0;
  const scroll = (move: { by?: number; top?: boolean } = {}) => page.evaluate(scrollPage, move).catch(() => ({ y: 0, room: 0 }));
  // At most 20 turns of the wheel (16 windows): an endless feed keeps growing as it is read.
  let turns = 0;
  for (; turns < 20; turns++) {
    const { y: before, room } = await scroll();
    if (turns > 0 && room < 1) break;
    const step = Math.min(Math.max(room, 100), viewport.height * 0.8);
    await page.mouse.wheel(0, step);
    await page.waitForTimeout(120);
    let after = (await scroll()).y;
    // The wheel turned a box of the page that scrolls on its own (a list, a side panel): the page itself, by script.
    if (after <= before && room >= 1) {
      after = (await scroll({ by: step })).y;
      await page.waitForTimeout(120);
    }
    scrolledPx += Math.max(0, after - before);
    if (after <= before) break;
  }
  // A page longer than that (a listing of 20,000 items) is read to its end at once: a tracker in its footer, or lazy
  // at its bottom, read clean. What is left after the jump grew as it was read. Only after all the turns: a page that
  // stopped scrolling before (a box that moved no further) has no end to jump to.
  let jumpedPx: number | undefined;
  let unreadPx: number | undefined;
  const { y: at, room } = await scroll();
  if (turns == 20 && room >= 1) {
    await scroll({ by: room });
    await page.waitForTimeout(300);
    const end = await scroll();
    jumpedPx = Math.max(0, end.y - at);
    scrolledPx += jumpedPx;
    unreadPx = Math.round(end.room) || undefined;
  }
  if (scrolledPx > 0) {
    await page.mouse.wheel(0, -scrolledPx);
    await page.waitForTimeout(120);
    await scroll({ top: true });
  }
  // Found again at the top: what lies under a point moved as the page scrolled and a lazy part arrived.
  const empty = scrolledPx > 0 ? await page.evaluate(findEmptySpot, ACTIVE).catch(() => null) : spot;
  if (empty) await page.mouse.click(empty.x, empty.y);
  // Only with the focus on no control (the click on an empty spot leaves it on <body> or the skip link's target): in
  // a search box or on the banner's buttons a key would act. A template may take the first keydown for "continuing
  // to browse" too.
  const read = { scrolledPx, ...(jumpedPx && { jumpedPx }), ...(unreadPx && { unreadPx }), ...(empty && { clicked: empty }) };
  if (!(await page.evaluate(focusOnNoControl, ACTIVE).catch(() => false))) return read;
  for (const key of READING_KEYS) await page.keyboard.press(key);
  return { ...read, pressed: READING_KEYS };
}
