import { afterEach, describe, expect, it, vi } from 'vitest';
import { normalizeConfig } from '../../src/core/config.js';
import { createConsent } from '../../src/core/controller.js';
import { memoryStorage } from '../../src/core/storage.js';
import type { ConsentGateConfig, SaveInput } from '../../src/core/types.js';
import { PLAIN } from '../../src/core/trusted-types.js';
import { preloadGranted } from '../../src/gate/preload.js';
import { startGuard } from '../../src/guard/start-guard.js';
import { CATALOGUE } from '../../src/presets/catalogue.js';
import { cleanup } from './helpers.js';

afterEach(() => {
  document.head.querySelectorAll('link').forEach(link => link.remove());
  cleanup();
});

const TONGJI = '0123456789abcdef0123456789abcdef';
const HM = `https://hm.baidu.com/hm.js?${TONGJI}`;

/** A controller as the script tag makes it (its presets, no loaders passed) on memory storage, with `choices` stored. */
async function decided(choices: SaveInput, config: ConsentGateConfig = {}) {
  const core = createConsent(
    normalizeConfig({ services: [{ id: 'baidu-tongji', siteId: TONGJI }, 'cnzz', 'ocean-engine', 'weibo-share'], reloadOnRevoke: false, ...config }, CATALOGUE),
    { storage: memoryStorage(), signals: () => ({ dnt: false, gpc: false }), tabSync: false, warn: () => {} },
  );
  await core.save(choices);
  return core;
}

/** A returning visit: `choices` stored, then the preload, with the network guard on; the links it inserted. */
async function returning(html: string, choices: SaveInput, config: ConsentGateConfig = {}) {
  document.head.querySelectorAll('link').forEach(link => link.remove());
  document.body.innerHTML = html;
  const core = await decided(choices, config);
  // The script tag's network guard is on: what it would hold is not fetched ahead.
  const guard = startGuard(core, PLAIN, () => {});
  try {
    preloadGranted(core, guard.holds);
  } finally {
    guard.stop();
    core.destroy();
  }
  return [...document.head.querySelectorAll('link')].map(link => ({
    rel: link.rel,
    as: link.getAttribute('as'),
    href: link.getAttribute('href'),
    ...Object.fromEntries(['crossorigin', 'integrity', 'referrerpolicy'].filter(name => link.hasAttribute(name)).map(name => [name, link.getAttribute(name)])),
  }));
}

const tag = (attrs: string) => `<script type="text/plain" ${attrs}></script>`;
const preload = (href: string, extra: Record<string, string> = {}) => ({ rel: 'preload', as: 'script', href, ...extra });
const analytics = { categories: { analytics: true } };

describe('a returning visit fetches its granted tags ahead of gate.js (SPEC §10)', () => {
  it.each([
    ['a granted category', tag('data-consent="analytics" data-src="/t/a.js"'), analytics, [preload('/t/a.js')]],
    ['a category not granted', tag('data-consent="pixel" data-src="/t/p.js"'), analytics, []],
    ['every named category must be granted', tag('data-consent="analytics pixel" data-src="/t/ap.js"'), analytics, []],
    ['a granted service in its category', tag('data-consent="analytics" data-service="cnzz" data-src="/t/c.js"'), analytics, [preload('/t/c.js')]],
    ['a service turned off in a granted category', tag('data-consent="analytics" data-service="cnzz" data-src="/t/c.js"'), { categories: { analytics: true }, services: { cnzz: false } }, []],
    ['a service of another category (the gate refuses it)', tag('data-consent="analytics" data-service="weibo-share" data-src="/t/w.js"'), { categories: { analytics: true, share: true } }, []],
    ['an unknown service', tag('data-consent="analytics" data-service="nobody" data-src="/t/n.js"'), analytics, []],
    ['a "!category" script (runs on refusal: left to the gate)', tag('data-consent="!pixel" data-src="/t/r.js"'), analytics, []],
    ['a module (data-type) is left to the gate', tag('data-consent="analytics" data-type="module" data-src="/t/m.js"'), analytics, []],
    ['an inline gated script fetches nothing', tag('data-consent="analytics"'), analytics, []],
    ['a script that is not inert (no type="text/plain")', '<script type="text/x-later" data-consent="analytics" data-src="/t/x.js"></script>', analytics, []],
    ['a gated image is not a tag', '<img data-consent="analytics" data-src="/t/i.png">', analytics, []],
    ['a granted category and a "!category" the gate calls a mistake', tag('data-consent="analytics !bogus" data-src="/t/b.js"'), analytics, []],
    ['a nomodule script (the browser never fetches it)', tag('data-consent="analytics" nomodule data-src="/t/nm.js"'), analytics, []],
    ['an empty data-src', tag('data-consent="analytics" data-src=""'), analytics, []],
    // SPEC §6.6: the guard holds a URL on the host of a service that is not granted, whatever the markup names.
    ['a URL on the host of a service not granted (the guard would hold it)', tag('data-consent="analytics" data-src="https://analytics.snssdk.com/meteor.js/v1/x/sdk"'), analytics, []],
    ['a URL on the host of a granted service', tag('data-consent="analytics" data-src="https://v1.cnzz.com/z.js?id=1"'), analytics, [preload('https://v1.cnzz.com/z.js?id=1')]],
  ])('%s', async (_, html, choices, expected) => {
    const links = await returning(html, choices, { services: ['cnzz', 'ocean-engine', 'weibo-share'] });
    expect(links).toEqual(expected);
  });

  it('copies what decides whether the gate\'s script can take the preloaded response', async () => {
    const links = await returning(
      tag('data-consent="analytics" data-src="https://cdn.test/a.js" crossorigin="anonymous" integrity="sha384-abc" referrerpolicy="no-referrer" async'),
      analytics,
      { services: ['cnzz'] },
    );
    expect(links).toEqual([preload('https://cdn.test/a.js', { crossorigin: 'anonymous', integrity: 'sha384-abc', referrerpolicy: 'no-referrer' })]);
  });

  it('regression: a cross-border service\'s host is not fetched ahead by markup naming another, granted service', async () => {
    // google-analytics sends data abroad: "accept all" and a category never grant it (SPEC §5.4), and the guard holds
    // its hosts whatever the markup names; a preload of markup naming the granted cnzz with Google's URL reached it.
    const html = tag('data-consent="analytics" data-service="cnzz" data-src="https://www.googletagmanager.com/gtag/js?id=G-X"');
    expect(await returning(html, analytics, { services: ['cnzz', { id: 'google-analytics', measurementId: 'G-X' }] })).toEqual([]);
  });

  it('regression: markup and a service\'s src naming one URL are fetched once, with the markup\'s attributes', async () => {
    // The gate runs the markup's script for that URL (activation first); a preload without its `crossorigin` made
    // the browser fetch the tag a second time.
    const html = tag(`data-consent="analytics" data-service="baidu-tongji" crossorigin="anonymous" data-src="${HM}"`);
    expect(await returning(html, analytics)).toEqual([preload(HM, { crossorigin: 'anonymous' })]);
  });

  it('a configured service\'s src (a preset option) when granted, once per URL however often it is named', async () => {
    const html = tag(`data-consent="analytics" data-src="${HM}"`) + tag(`data-consent="analytics" data-service="baidu-tongji" data-src="${HM}"`);
    expect(await returning(html, analytics)).toEqual([preload(HM)]);
    expect(await returning('', { categories: { analytics: true }, services: { 'baidu-tongji': false } })).toEqual([]);
    expect(await returning('', { categories: { pixel: true } })).toEqual([]);
  });

  it('markup parsed after the SDK (a <script> in <head>) is looked at once the document is parsed', async () => {
    document.body.innerHTML = '';
    const core = await decided(analytics, { services: ['cnzz'] });
    // jsdom has finished parsing by now: the document says it is still loading, as it would with the SDK in <head>
    // (on the prototype, where the SDK reads it: markup can stand for the document's own property).
    const loading = vi.spyOn(Document.prototype, 'readyState', 'get').mockReturnValue('loading');
    try {
      preloadGranted(core);
    } finally {
      loading.mockRestore();
    }
    expect(document.head.querySelectorAll('link')).toHaveLength(0);
    document.body.innerHTML = tag('data-consent="analytics" data-src="/t/late.js"');
    document.dispatchEvent(new Event('DOMContentLoaded'));
    expect([...document.head.querySelectorAll('link')].map(link => link.getAttribute('href'))).toEqual(['/t/late.js']);
    core.destroy();
  });

  it('never throws into the page: a broken addEventListener, a document.head that throws', async () => {
    const core = await decided(analytics, { services: ['cnzz'] });
    document.body.innerHTML = tag('data-consent="analytics" data-src="/t/a.js"');
    const loading = vi.spyOn(Document.prototype, 'readyState', 'get').mockReturnValue('loading');
    Object.defineProperty(document, 'addEventListener', { value: () => { throw new Error('page'); }, configurable: true });
    Object.defineProperty(document, 'head', { get: () => { throw new Error('page'); }, configurable: true });
    try {
      expect(() => preloadGranted(core)).not.toThrow();
    } finally {
      loading.mockRestore();
      for (const key of ['addEventListener', 'head']) delete (document as unknown as Record<string, unknown>)[key];
      core.destroy();
    }
  });
});
