import type { BrowserContext, Page } from 'playwright-core';
import { parseCookieWrite, type CookieWrite } from './parse-cookie-write.js';
import type { StepId } from './report.js';

const BINDING = '__consentGateScanWrite';
/** The sessionStorage key that carries what a page sent as it was left to the next document (see `installHooks`). */
export const LEFT_KEY = '__consentGateScanLeft';

export interface WriteWatch {
  /**
   * Cookies written by script (`document.cookie`, `cookieStore.set`), and by HTTP `Set-Cookie` (watch-network.ts adds
   * them), in the order written, deletions left out.
   */
  cookies: Array<CookieWrite & { step: StepId }>;
  /** localStorage / sessionStorage keys written (`setItem`, or a property set: `localStorage.key = …`). */
  storage: Array<{ area: 'local' | 'session'; origin: string; key: string; step: StepId }>;
  /** Also records the keys a page's storage gains however they are written (see `attach` below). */
  attach(page: Page): Promise<void>;
}

/** The origin of a DevTools storage id: `securityOrigin`, or the `storageKey` up to its partition (`^0…`). */
export function originOfStorageId(id: { securityOrigin?: string; storageKey?: string }): string | undefined {
  const text = id.securityOrigin || id.storageKey?.split('^')[0];
  if (!text) return undefined;
  try {
    const { origin, protocol } = new URL(text);
    return /^https?:$/.test(protocol) ? origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs in every frame before the page's own scripts. Only reports, then does exactly what the browser would:
 * getters, return values and errors are the originals'. A reporting failure is swallowed, never the page's.
 */
function installHooks({ binding, left }: { binding: string; left: string }) {
  const send = (kind: string, text: unknown) => {
    try {
      const report = (window as unknown as Record<string, unknown>)[binding];
      if (typeof report === 'function') (report(kind, String(text)) as Promise<unknown>).catch(() => {});
    } catch {
      // The page replaced or froze something we use: it keeps working, we lose one report.
    }
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (cookie?.get && cookie.set) {
    const { get, set } = cookie;
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      enumerable: cookie.enumerable ?? true,
      get() {
        return get.call(this);
      },
      set(value) {
        send('cookie', value);
        set.call(this, value);
      },
    });
  }
  // A connection opened ahead to a vendor (`<link rel=preconnect>`, in the markup or added by script) reaches its
  // server with no request to see: the link is watched as it enters the document or gets its `rel` / `href`.
  const preconnect = (node: Node) => {
    const link = node as HTMLLinkElement;
    if (link.localName == 'link' && /(^|\s)preconnect(\s|$)/i.test(link.rel) && link.href) send('preconnect', link.href);
  };
  try {
    new MutationObserver(records => {
      for (const record of records) {
        if (record.type == 'attributes') preconnect(record.target);
        for (const node of record.addedNodes) {
          preconnect(node);
          if ((node as Element).getElementsByTagName) for (const link of (node as Element).getElementsByTagName('link')) preconnect(link);
        }
      }
    }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['rel', 'href'] });
  } catch {
    // No document to watch (a worker): nothing of it can preconnect.
  }
  // A request sent as the page is left (a beacon, a keepalive fetch, on `pagehide` or a hidden `visibilitychange`) is
  // not reported to the profile by Playwright, and a binding called then is never delivered: each is kept in the tab's
  // sessionStorage, and told by the next document of its origin as it starts (the scan's reload and second page),
  // with how it was sent and from which page. Only then: while the page lives Playwright reports them. Listened to
  // first, before the page's own listeners; the storage methods are taken before the page can replace them.
  const { getItem, setItem: keep, removeItem } = Storage.prototype;
  let leaving = false;
  const absolute = (url: unknown) => {
    try {
      return new URL(url instanceof Request ? url.url : String(url), location.href).href;
    } catch {
      return '';
    }
  };
  const remember = (url: unknown, how: string) => {
    try {
      const told = JSON.parse(getItem.call(sessionStorage, left) ?? '[]') as unknown[];
      keep.call(sessionStorage, left, JSON.stringify([...told, [absolute(url), how, location.href]].slice(-50)));
    } catch {
      // No sessionStorage (an opaque origin, storage blocked): that request goes untold.
    }
  };
  try {
    const told = getItem.call(sessionStorage, left);
    if (told) {
      removeItem.call(sessionStorage, left);
      for (const each of JSON.parse(told) as unknown[]) send('left', JSON.stringify(each));
    }
  } catch {}
  try {
    addEventListener('pagehide', () => (leaving = true), true);
    addEventListener('pageshow', () => (leaving = false), true);
    document.addEventListener('visibilitychange', () => (leaving = document.visibilityState == 'hidden'), true);
    const beacon = Navigator.prototype.sendBeacon;
    if (beacon) {
      Navigator.prototype.sendBeacon = function (this: Navigator, url: string | URL, data?: BodyInit | null) {
        if (leaving) remember(url, 'sendBeacon');
        return beacon.call(this, url, data);
      };
    }
    const fetcher = window.fetch;
    window.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      if (leaving && (init?.keepalive ?? (input instanceof Request && input.keepalive))) remember(input, 'keepalive fetch');
      return fetcher.apply(this, arguments as unknown as [RequestInfo | URL, RequestInit?]);
    } as typeof fetch;
  } catch {
    // A frozen navigator or window (a worker has neither): the page's requests are Playwright's to tell.
  }
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
    let area = 'local';
    try {
      area = this === window.sessionStorage ? 'session' : 'local';
    } catch {
      // An opaque origin has no sessionStorage to compare with.
    }
    send(area, key);
    return setItem.call(this, key, value);
  };
  const store = (window as unknown as { CookieStore?: { prototype: { set(...args: unknown[]): Promise<void> } } }).CookieStore;
  if (store) {
    const original = store.prototype.set;
    store.prototype.set = function (this: unknown, ...args: unknown[]) {
      const [first, second] = args;
      const options = (typeof first === 'object' && first !== null ? first : { name: first, value: second }) as Record<string, unknown>;
      const attributes = [
        options.domain ? `; domain=${options.domain}` : '',
        options.path ? `; path=${options.path}` : '',
        options.expires != null ? `; expires=${new Date(options.expires as number).toUTCString()}` : '',
      ].join('');
      send('cookie', `${options.name}=${options.value ?? ''}${attributes}`);
      return original.apply(this, args);
    };
  }
}

/**
 * Records every cookie and storage key a profile's pages write, when they write it, and passes on each connection they
 * ask to open ahead (`connection`). A snapshot at the end of a step would miss what is written and removed in
 * between — the SDK itself clears a not-granted service's cookies when its gate starts (src/gate/index.ts), so a
 * tracker that ran before it leaves nothing to see afterwards, yet its cookie was set and sent.
 */
export async function watchWrites(
  context: BrowserContext,
  step: () => StepId,
  connection: (url: string, document: string) => void = () => {},
  left: (url: string, document: string, how: 'sendBeacon' | 'keepalive fetch') => void = () => {},
): Promise<WriteWatch> {
  const watch: WriteWatch = {
    cookies: [],
    storage: [],
    // A key set as a property (`localStorage.hm = 1`, `localStorage['_ga'] = …`) goes past `setItem`: a page that then
    // removed it within the step read clean. DevTools reports every key a storage gains, however written, for the
    // page's own frames (another site's frame is a target of its own: its `setItem` is still seen by the hook).
    async attach(page) {
      try {
        const session = await context.newCDPSession(page);
        session.on('DOMStorage.domStorageItemAdded', ({ storageId, key }) => {
          // The scan's own (above): no key of the page's.
          if (key === LEFT_KEY) return;
          const origin = originOfStorageId(storageId);
          if (origin) watch.storage.push({ area: storageId.isLocalStorage ? 'local' : 'session', origin, key, step: step() });
        });
        await session.send('DOMStorage.enable');
      } catch {
        // A page closed meanwhile: what it wrote through `setItem` is still seen.
      }
    },
  };
  await context.exposeBinding(BINDING, (source, kind: unknown, text: unknown) => {
    // A frame without a URL of its own (`about:blank`, `about:srcdoc`) writes as the document that made it, whose origin
    // it shares (HTML "determining the origin"): a tracker cookie written through a blank frame's `document.cookie`, and
    // cleared by the SDK a moment later, read clean.
    let frame: typeof source.frame | null = source.frame;
    while (frame && /^about:/.test(frame.url())) frame = frame.parentFrame();
    const url = frame?.url() ?? '';
    if (!/^https?:/.test(url) || typeof text !== 'string') return;
    if (kind === 'preconnect') {
      connection(text, url);
    } else if (kind === 'left') {
      // The binding is the page's to call too: what is not the hook's own triple is dropped.
      let told: unknown;
      try {
        told = JSON.parse(text);
      } catch {}
      const [target, how, from] = Array.isArray(told) ? told : [];
      if (typeof target !== 'string' || (how !== 'sendBeacon' && how !== 'keepalive fetch')) return;
      left(target, typeof from === 'string' && /^https?:/.test(from) ? from : url, how);
    } else if (kind === 'cookie') {
      const write = parseCookieWrite(text, url);
      if (write && !write.deletion) watch.cookies.push({ ...write, value: write.value.slice(0, 80), step: step() });
    } else if (kind === 'local' || kind === 'session') {
      watch.storage.push({ area: kind, origin: new URL(url).origin, key: text, step: step() });
    }
  });
  await context.addInitScript(installHooks, { binding: BINDING, left: LEFT_KEY });
  return watch;
}
