import type { BrowserContext, Page, Route } from '@playwright/test';

/** Our own server (demo pages, bundles); every other host is a vendor and never reached for real. */
const LOCAL = /^(127\.0\.0\.1|localhost|[a-z]+\.ooopic\.test)$/;
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

/** How a vendor URL (matched by substring) answers instead of the fake: 404, a network timeout, or never. */
export type Failure = '404' | 'timedout' | 'hang';

export interface Vendors {
  /** Every vendor URL requested, in order (scripts, pixels, frames, popups). */
  requests: string[];
  /** Vendor requests whose URL contains `part`. */
  count(part: string): number;
  /** Holds the answer to URLs containing `part` until the returned function is called. */
  hold(part: string): () => void;
}

/**
 * Fulfils every vendor URL of `context` locally and counts the requests: scripts get `demo/gate/vendors/vendor.js`
 * (it logs its URL into `__ran` and sets the vendor's real cookie names), images a 1×1 GIF, the rest a small page.
 */
export async function routeVendors(context: BrowserContext, failures: Record<string, Failure> = {}): Promise<Vendors> {
  const requests: string[] = [];
  const held = new Map<string, Promise<void>>();
  await context.route(
    url => !LOCAL.test(url.hostname),
    async (route: Route) => {
      const url = route.request().url();
      requests.push(url);
      for (const [part, gate] of held) if (url.includes(part)) await gate;
      const failure = Object.entries(failures).find(([part]) => url.includes(part))?.[1];
      if (failure === 'hang') return;
      if (failure === 'timedout') return route.abort('timedout');
      if (failure === '404') return route.fulfill({ status: 404, body: 'not found' });
      const type = route.request().resourceType();
      if (type === 'script') return route.fulfill({ path: 'demo/gate/vendors/vendor.js', contentType: 'text/javascript' });
      if (type === 'image') return route.fulfill({ body: GIF, contentType: 'image/gif' });
      return route.fulfill({ body: `<!doctype html><title>${new URL(url).hostname}</title>`, contentType: 'text/html' });
    },
  );
  return {
    requests,
    count: part => requests.filter(url => url.includes(part)).length,
    hold(part) {
      let release!: () => void;
      held.set(part, new Promise<void>(resolve => (release = resolve)));
      return () => {
        held.delete(part);
        release();
      };
    },
  };
}

type Hooks = { __ran: string[]; __errors: Array<{ kind: string; service?: string; src?: string }>; __shows: Array<{ view: string }> };
type Controller = { get(): { categories: Record<string, boolean>; services: Record<string, boolean>; decided: boolean; prompt: string | null; consentId: string; held: Record<string, { count: number; kinds: string[]; url: string }> } };

/** What the page's test hooks (`demo/gate/setup.js`) recorded. */
export const hooks = (page: Page) => page.evaluate(() => {
  const w = window as unknown as Hooks;
  return { ran: w.__ran, errors: w.__errors, shows: w.__shows };
});

/** The controller's state, once the script-tag bundle has replaced the queue. */
export async function state(page: Page) {
  await page.waitForFunction(() => !Array.isArray((window as unknown as { ConsentGate: unknown }).ConsentGate));
  return page.evaluate(() => (window as unknown as { ConsentGate: Controller }).ConsentGate.get());
}

/**
 * `document.open()`, `document.write(html)`, `document.close()`: what legacy ad code does after load, replacing the
 * document (its listeners, its elements, the fetches on their way) under the running SDK.
 */
export const writeOver = (page: Page, html = '<!doctype html><html lang="zh-CN"><body><p>广告代码写出的页面</p></body></html>') =>
  page.evaluate(html => {
    document.open();
    document.write(html);
    document.close();
  }, html);

/** Lets queued microtasks and one macrotask run, so whatever a change activates has been inserted. */
export const settle = (page: Page) => page.evaluate(() => new Promise(resolve => setTimeout(resolve, 0)));

/**
 * Gated nodes that are still inert: no live copy ran, no URL was set. A gated node that activated is replaced
 * (scripts, templates) or carries its real `src` / `href`.
 */
export const inert = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-consent]')]
      .filter(el => el.localName === 'script' || el.localName === 'template' || !(el.hasAttribute('src') || el.hasAttribute('href')))
      .map(el => `${el.localName}[${el.getAttribute('data-consent')}]${el.getAttribute('data-service') ? `(${el.getAttribute('data-service')})` : ''}`),
  );

/** Calls a controller method in the page, e.g. `call(page, 'save', { categories: { share: true } })`. */
export const call = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(async ([name, rest]) => {
    const cg = (window as unknown as { ConsentGate: Record<string, (...a: unknown[]) => unknown> }).ConsentGate;
    // Decisions settle once applied (SPEC §7.2: in the script tag they may wait for decide.js).
    await cg[name as string]!(...(rest as unknown[]));
  }, [method, args] as const);

/**
 * Grants a service that sends data abroad the only way it can be (SPEC §5.4): its own request, answered as a custom
 * UI answers it, by `save()` while that request is open. Accept-all never grants it.
 */
export const separately = (page: Page, category: string, service: string) =>
  page.evaluate(
    async ([c, s]) => {
      const cg = (window as unknown as { ConsentGate: { request(c: string, s: string): Promise<boolean>; save(x: object): Promise<void> } }).ConsentGate;
      const asked = cg.request(c, s);
      await cg.save({ services: { [s]: true } });
      return asked;
    },
    [category, service] as const,
  );
