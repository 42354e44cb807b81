import type { BrowserContext, Page } from 'playwright-core';

/** A frame of a stack as Chromium's DevTools protocol gives it (`Runtime.CallFrame`): lines and columns from 0. */
interface CallFrame {
  url: string;
  lineNumber: number;
  columnNumber: number;
}

/** `Runtime.StackTrace`: the synchronous frames, then the stack that scheduled them (a timer, a promise, an event). */
interface Stack {
  callFrames: CallFrame[];
  parent?: Stack;
}

/** `Network.Initiator`: what made a request — the parser (markup), a script, a preload, a redirect. */
export interface Initiator {
  type: string;
  url?: string;
  lineNumber?: number;
  columnNumber?: number;
  stack?: Stack;
}

/** A URL as a finding names where it came from: without its query, which is often long and says nothing of the place. */
const place = (url: string) => url.split(/[?#]/)[0]!;

/**
 * Where a request was asked for, as `url:line:column` (`url:line` for markup), lines from 1 as an editor counts them:
 * the innermost frame of the page's own code, through the stacks that scheduled it (a snippet's `setTimeout`, a
 * promise). Frames of the SDK's own files (`isSdk`: its network guard wraps `fetch` and the DOM, its gate inserts the
 * scripts it lets through) are skipped while another is there: QA fixes the page, not the wrapper. `undefined` when
 * nothing names a place (a request made by the browser itself).
 */
export function describeInitiator(initiator: Initiator, isSdk: (url: string) => boolean = () => false): string | undefined {
  const frames: CallFrame[] = [];
  for (let stack = initiator.stack; stack; stack = stack.parent) frames.push(...stack.callFrames.filter(frame => frame.url));
  const frame = frames.find(frame => !isSdk(frame.url)) ?? frames[0];
  if (frame) return `${place(frame.url)}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
  if (!initiator.url) return undefined;
  return initiator.lineNumber === undefined ? place(initiator.url) : `${place(initiator.url)}:${initiator.lineNumber + 1}`;
}

export interface InitiatorWatch {
  /** Where the first request to `url` was asked for (`describeInitiator`), when the browser said. */
  of(url: string): string | undefined;
  /**
   * Whether the page (`'page'`: its main frame) or one of its frames (`'frame'`) went to `url` by itself, on a timer of
   * its markup or its response (`<meta http-equiv=refresh>`, a `Refresh` header), not because it was read or clicked.
   */
  refreshed(url: string): 'page' | 'frame' | undefined;
}

/** How a refresh names its place (Chromium's `Page.frameRequestedNavigation` reasons). */
const REFRESHES: Record<string, string> = { metaTagRefresh: '<meta http-equiv=refresh>', httpHeaderRefresh: 'its Refresh header' };

/**
 * Records where each request of a browser context's pages was asked for, from Chromium's `Network.requestWillBeSent`
 * (Playwright's `Request` has no initiator): a finding can then name the template line or the script to fix, not only
 * the URL that left. Each page is attached as it opens; requests of frames in another process (a cross-site frame
 * under site isolation) and of workers are not seen, and name no place. Keyed by URL: the first asker of a URL names it.
 */
export function watchInitiators(context: BrowserContext, isSdk: (url: string) => boolean): InitiatorWatch & { attach(page: Page): Promise<void> } {
  const places = new Map<string, string>();
  const refreshes = new Map<string, 'page' | 'frame'>();
  const attached = new WeakMap<Page, Promise<void>>();
  // Once a page, whoever asks first (the context's `page` event, or the scan before it navigates): both wait for it.
  const attach = (page: Page) => {
    let done = attached.get(page);
    if (!done) attached.set(page, (done = listen(page)));
    return done;
  };
  const listen = async (page: Page) => {
    try {
      const session = await context.newCDPSession(page);
      session.on('Network.requestWillBeSent', event => {
        const { request, initiator } = event as { request: { url: string }; initiator: Initiator };
        if (places.has(request.url)) return;
        const where = describeInitiator(initiator, isSdk);
        if (where) places.set(request.url, where);
      });
      // A refresh's navigation is asked for by no script and no markup the browser names (its initiator is `other`, as
      // the scan's own navigations are): the page says it is about to go, and why, just before. A frame's refresh (an
      // ad slot's) moves the frame, not the page the visitor reads.
      let main: string | undefined;
      session.on('Page.frameRequestedNavigation', event => {
        const { frameId, reason, url } = event as { frameId: string; reason: string; url: string };
        const how = REFRESHES[reason];
        if (!how) return;
        const which = frameId == main ? 'page' : 'frame';
        if (!refreshes.has(url)) refreshes.set(url, which);
        if (!places.has(url)) places.set(url, `${which == 'frame' ? 'a frame of ' : ''}${place(page.url())} (${how})`);
      });
      await session.send('Network.enable');
      await session.send('Page.enable');
      // The main frame keeps its id through the page's navigations.
      main = ((await session.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } }).frameTree.frame.id;
    } catch {
      // A page closed before it could be attached, or a browser without the protocol: its findings name no place.
    }
  };
  context.on('page', page => void attach(page));
  return { attach, of: url => places.get(url) ?? places.get(url.split('#')[0]!), refreshed: url => refreshes.get(url) ?? refreshes.get(url.split('#')[0]!) };
}
