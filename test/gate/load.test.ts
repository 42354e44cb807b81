import { afterEach, describe, expect, it, vi } from 'vitest';
import { TIMEOUT } from '../../src/gate/load-script.js';
import { cleanup, flush, mount, respond, scriptSources } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
  cleanup();
});

const SRC = 'https://vendor.test/sdk.js';

describe('load() and whenGranted() (SPEC §6.2)', () => {
  it('waits for the grant, loads once per URL, resolves with the script', async () => {
    const { core, gate } = mount('');
    const first = gate.load('share', SRC, { crossorigin: 'anonymous' });
    const second = gate.load({ category: 'share', service: 'weibo-share', src: SRC });
    const granted = core.whenGranted('share', 'weibo-share');
    await flush();
    expect(scriptSources()).toEqual([]);
    core.acceptAll();
    await flush();
    expect(scriptSources()).toEqual([SRC]);
    respond(SRC);
    const [a, b] = await Promise.all([first, second, granted]);
    expect(a).toBe(b);
    expect(a!.getAttribute('crossorigin')).toBe('anonymous');
  });

  it('given up with its signal before the grant: rejects with the reason, and the grant that comes later inserts nothing', async () => {
    const { core, gate } = mount('');
    const left = new AbortController();
    const loading = gate.load({ category: 'share', src: SRC, signal: left.signal });
    left.abort(new Error('route left'));
    await expect(loading).rejects.toThrow('route left');
    core.acceptAll();
    await flush();
    expect(scriptSources()).toEqual([]);
  });

  // SPA probe: a component that left while its vendor's script downloaded still had its `.then` run after unmounting.
  it('regression: given up while the granted script downloads: rejects with the reason once it has loaded; a load without the signal still resolves', async () => {
    const { core, gate } = mount('');
    core.acceptAll();
    const left = new AbortController();
    const loading = gate.load({ category: 'share', src: SRC, signal: left.signal });
    const kept = gate.load({ category: 'share', src: SRC });
    await flush();
    expect(scriptSources()).toEqual([SRC]);
    left.abort(new Error('unmounted'));
    respond(SRC);
    await expect(loading).rejects.toThrow('unmounted');
    await expect(kept).resolves.toBeInstanceOf(HTMLScriptElement);
  });

  it('a network error rejects and fires an error event naming the service; a later call retries', async () => {
    const { core, gate, errors } = mount('');
    core.acceptAll();
    const loading = gate.load({ category: 'analytics', service: 'cnzz', src: SRC });
    await flush();
    respond(SRC, 'error');
    await expect(loading).rejects.toThrow(`${SRC} failed to load`);
    expect(errors).toEqual([expect.objectContaining({ kind: 'load', service: 'cnzz', src: SRC })]);
    const retry = gate.load({ category: 'analytics', service: 'cnzz', src: SRC });
    await flush();
    expect(scriptSources()).toEqual([SRC, SRC]);
    document.querySelectorAll('script')[1]!.dispatchEvent(new Event('load'));
    await expect(retry).resolves.toBeInstanceOf(HTMLScriptElement);
  });

  it('a vendor that hangs is reported after the timeout', async () => {
    vi.useFakeTimers();
    const { core, gate, errors } = mount('');
    core.acceptAll();
    const loading = gate.load({ category: 'pixel', service: 'ocean-engine', src: SRC });
    const failed = expect(loading).rejects.toThrow('failed to load');
    await vi.advanceTimersByTimeAsync(TIMEOUT - 1);
    expect(errors).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await failed;
    expect(errors).toEqual([expect.objectContaining({ kind: 'load', service: 'ocean-engine' })]);
    respond(SRC, 'error'); // a late answer is not reported twice
    expect(errors).toHaveLength(1);
  });

  it.each([
    ['an unknown category', ['ads', SRC]],
    ['an unknown service', [{ category: 'analytics', service: 'nope', src: SRC }]],
    ['a service of another category', [{ category: 'analytics', service: 'weibo-share', src: SRC }]],
    ['no src', [{ category: 'analytics' }]],
    // Regression (SPA probe): a javascript: src was inserted once granted, and failed as a network error.
    ['a javascript: src', ['share', 'javascript:alert(1)'], 'load("share") src must be an http(s) URL, got "javascript:alert(1)"'],
    ['a data: src', [{ category: 'share', src: 'data:text/javascript,1' }], 'load("share") src must be an http(s) URL, got "data:text/javascript,1"'],
  ])('%s rejects at once and is reported (never waits forever)', async (_, args, message?: string) => {
    const { core, gate, errors } = mount('');
    core.acceptAll();
    await expect((gate.load as (...a: unknown[]) => Promise<unknown>)(...args)).rejects.toThrow(TypeError);
    expect(errors).toEqual([expect.objectContaining({ kind: 'api', ...(message && { message }) })]);
    await flush();
    expect(scriptSources()).toEqual([]);
  });

  it('a src relative to the page, or without its scheme, is an http(s) URL', async () => {
    const { core, gate, errors } = mount('');
    core.acceptAll();
    void gate.load('share', '/vendor/sdk.js');
    void gate.load('share', '//cdn.vendor.test/sdk.js');
    await flush();
    expect([scriptSources().length, errors]).toEqual([2, []]);
  });
});

describe('preset loaders load through the same path', () => {
  it('baidu-tongji with a siteId: the _hmt queue, then hm.js once, when granted', async () => {
    const { core } = mount('', { services: [{ id: 'baidu-tongji', siteId: '0123456789abcdef0123456789abcdef' }, 'cnzz'] });
    await flush();
    expect(scriptSources()).toEqual([]);
    core.acceptAll();
    core.save({ services: { cnzz: false } });
    core.acceptAll();
    await flush();
    expect(scriptSources()).toEqual(['https://hm.baidu.com/hm.js?0123456789abcdef0123456789abcdef']);
    expect(Array.isArray((window as unknown as { _hmt: unknown })._hmt)).toBe(true);
  });

  // Regression (an SPA's first hour): each controller kept its own list of loaded URLs, so an app that made
  // its controller again (a remount, Vite's hot reload) or ran two loaded hm.js again with each, and Baidu counted
  // every page view two or more times; 腾讯广告's snippet queued its `PAGE_VIEW` again too.
  it.each([
    ['made again after destroy()', true],
    ['two at once', false],
  ])('a preset script and its snippet run once a page, whatever the number of controllers: %s', async (_, destroyFirst) => {
    const services = [{ id: 'baidu-tongji', siteId: '0123456789abcdef0123456789abcdef' }, { id: 'tencent-ads', actionSetId: '1110' }];
    delete (window as unknown as { gdt?: unknown }).gdt;
    const first = mount('', { services });
    first.core.acceptAll();
    await flush();
    respond('https://hm.baidu.com/hm.js?0123456789abcdef0123456789abcdef');
    if (destroyFirst) first.gate.destroy();
    const second = mount('', { services });
    second.core.acceptAll();
    await flush();
    expect(scriptSources()).toEqual(['https://hm.baidu.com/hm.js?0123456789abcdef0123456789abcdef', 'https://qzonestyle.gtimg.cn/qzone/biz/gdt/dmp/user-action/gdtevent.min.js']);
    const queue = (window as unknown as { gdt: { queue: ArrayLike<unknown>[] } }).gdt.queue;
    expect(queue.filter(call => call[1] == 'PAGE_VIEW')).toHaveLength(1);
  });

  // Regression: keyed by URL, the second of two 腾讯广告 action sets (one script) never sent its
  // `init`, and Google Analytics loaded by markup first was never configured.
  it('each service runs its own snippet, whoever loaded the script first', async () => {
    delete (window as unknown as { gdt?: unknown }).gdt;
    const { core } = mount('', { services: [{ id: 'tencent-ads', actionSetId: '1110' }, { id: 'gdt-two', preset: 'tencent-ads', actionSetId: '2220' }] });
    core.save({ categories: { pixel: true }, services: { 'gdt-two': false } });
    await flush();
    core.acceptAll();
    await flush();
    expect(scriptSources()).toEqual(['https://qzonestyle.gtimg.cn/qzone/biz/gdt/dmp/user-action/gdtevent.min.js']);
    const queue = (window as unknown as { gdt: { queue: ArrayLike<unknown>[] } }).gdt.queue;
    expect(queue.filter(call => call[0] == 'init').map(call => call[1])).toEqual(['1110', '2220']);
  });

  it('a preset script that failed to load is tried again by the next controller', async () => {
    const services = [{ id: 'cnzz', siteId: '1' }];
    const first = mount('', { services });
    first.core.acceptAll();
    await flush();
    respond('https://v1.cnzz.com/z.js?id=1&async=1', 'error');
    await flush();
    first.gate.destroy();
    document.head.querySelectorAll('script').forEach(script => script.remove());
    mount('', { services }).core.acceptAll();
    await flush();
    expect(scriptSources()).toEqual(['https://v1.cnzz.com/z.js?id=1&async=1']);
  });

  it('a failing preset script fires an error event naming the service', async () => {
    const { core, errors } = mount('', { services: [{ id: 'cnzz', siteId: '1' }] });
    core.acceptAll();
    await flush();
    respond('https://v1.cnzz.com/z.js?id=1&async=1', 'error');
    await flush();
    expect(errors).toEqual([expect.objectContaining({ kind: 'load', service: 'cnzz' })]);
  });
  // Regression: `Object.prototype.onload` (an old query parser's `?__proto__[onload]=…`) became an
  // inline handler of every script load() inserted.
  it("a polluted Object.prototype adds no attribute to the script load() inserts", async () => {
    const { core, gate } = mount('');
    Object.assign(Object.prototype, { onload: 'document.ran.push(1)', hidden: '' });
    try {
      void gate.load('share', SRC, { async: '' });
      core.acceptAll();
      await flush();
      const script = document.querySelector(`script[src="${SRC}"]`)!;
      expect([...script.attributes].map(a => a.name).sort()).toEqual(['async', 'src']);
    } finally {
      delete (Object.prototype as Record<string, unknown>).onload;
      delete (Object.prototype as Record<string, unknown>).hidden;
    }
  });
});
