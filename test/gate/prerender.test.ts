import { afterEach, describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/core/storage.js';
import { createConsentGate } from '../../src/headless.js';
import { PRESETS } from '../../src/presets/index.js';
import { cleanup, flush, log, ran, scriptSources, SERVICES } from './helpers.js';

/*
 * Regression (navigation probe, major): a page prerendered by Speculation Rules ran a returning visitor's gated tags and
 * `load()` while `document.prerendering` was true, in prerenders never shown too: hm.js counted a view nobody saw and
 * set its cookies. What the gate starts now waits for `prerenderingchange`. (The script tag's own wait is in
 * e2e/lifecycle.spec.ts, against the built bundle.)
 */

let prerendering = false;
Object.defineProperty(Document.prototype, 'prerendering', { configurable: true, get: () => prerendering });

const SRC = 'https://vendor.test/sdk.js';
const gates: Array<{ destroy(): void }> = [];

afterEach(() => {
  gates.splice(0).forEach(gate => gate.destroy());
  prerendering = false;
  cleanup();
});

/** A returning visitor who accepted everything, on a page whose body is `html`. */
function returning(html: string) {
  const storage = memoryStorage();
  const earlier = createConsentGate({ services: SERVICES, reloadOnRevoke: false }, { storage, tabSync: false, presets: PRESETS });
  void earlier.acceptAll();
  earlier.destroy();
  document.body.innerHTML = html;
  const gate = createConsentGate({ services: SERVICES, reloadOnRevoke: false }, { storage, tabSync: false, presets: PRESETS });
  gates.push(gate);
  return gate;
}

const show = () => {
  prerendering = false;
  document.dispatchEvent(new Event('prerenderingchange'));
};

describe('a prerendered page (Speculation Rules) starts no tag until it is shown', () => {
  it('gated markup and load() wait for prerenderingchange, then run as on any page', async () => {
    prerendering = true;
    const gate = returning(`<script type="text/plain" data-consent="analytics">${log('inline')}</script>`);
    const loading = gate.load('analytics', SRC);
    await flush();
    expect([ran(), scriptSources(), gate.granted('analytics')]).toEqual([[], [], true]);
    show();
    await flush();
    expect([ran(), scriptSources()]).toEqual([['inline'], [SRC]]);
    document.querySelector<HTMLScriptElement>(`script[src="${SRC}"]`)!.dispatchEvent(new Event('load'));
    await expect(loading).resolves.toBeInstanceOf(HTMLScriptElement);
  });

  it('a page not prerendered starts at once', async () => {
    returning(`<script type="text/plain" data-consent="analytics">${log('inline')}</script>`);
    await flush();
    expect(ran()).toEqual(['inline']);
  });

  it('destroyed before it is shown: nothing runs when it is, and load() never settles', async () => {
    prerendering = true;
    const gate = returning(`<script type="text/plain" data-consent="analytics">${log('inline')}</script>`);
    let settled = false;
    void gate.load('analytics', SRC).then(
      () => (settled = true),
      () => (settled = true),
    );
    gate.destroy();
    show();
    await flush();
    expect([ran(), scriptSources(), settled]).toEqual([[], [], false]);
  });
});

// Regression (review): a first visit's banner was told shown in the prerender itself, so a page counting banner
// impressions by `show` counted one for every prerender, opened or not.
describe("a prerendered first visit's banner", () => {
  it.each([
    ['prerendered: told once the visitor is shown the page', true, [], ['banner']],
    ['not prerendered: told at once', false, ['banner'], ['banner']],
  ])('%s', async (_, prerender, before, after) => {
    prerendering = prerender;
    const told: string[] = [];
    const gate = createConsentGate({ services: SERVICES, reloadOnRevoke: false }, { storage: memoryStorage(), tabSync: false, presets: PRESETS });
    gates.push(gate);
    gate.on('show', ({ view }) => told.push(view));
    await flush();
    // Drawn all the same: `get()` says the banner is up for the UI that renders it.
    expect([gate.get().banner, told]).toEqual([true, before]);
    show();
    await flush();
    expect(told).toEqual(after);
  });

  it('taken down before the page is shown: never told shown', async () => {
    prerendering = true;
    const told: string[] = [];
    const gate = createConsentGate({ services: SERVICES, reloadOnRevoke: false }, { storage: memoryStorage(), tabSync: false, presets: PRESETS });
    gates.push(gate);
    gate.on('show', ({ view }) => told.push(view));
    gate.on('hide', ({ view }) => told.push(`hide ${view}`));
    await flush();
    gate.hide();
    show();
    await flush();
    expect(told).toEqual([]);
  });
});
