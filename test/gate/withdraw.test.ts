// @vitest-environment-options {"url": "http://www.ooopic.test/gate/page.html"}
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cookieDomains, cookiePaths } from '../../src/core/cookie-places.js';
import { normalizeConfig } from '../../src/core/config.js';
import { createConsent } from '../../src/core/controller.js';
import { whenIdle } from '../../src/core/idle.js';
import { memoryStorage } from '../../src/core/storage.js';
import { PLAIN } from '../../src/core/trusted-types.js';
import { startEarly } from '../../src/gate/early.js';
import { createGate } from '../../src/gate/index.js';
import { PRESETS } from '../../src/presets/index.js';
import { cleanup, mount, scriptSources, SERVICES } from './helpers.js';

afterEach(cleanup);

describe('cookie candidates: every domain and path a cookie could carry (SPEC §6.3)', () => {
  it.each<[string, string | undefined, Array<string | undefined>]>([
    ['www.ooopic.com', undefined, [undefined, 'www.ooopic.com', 'ooopic.com']],
    ['m.ooopic.com', '.ooopic.com', [undefined, 'm.ooopic.com', 'ooopic.com']],
    ['a.b.ooopic.com.cn', undefined, [undefined, 'a.b.ooopic.com.cn', 'b.ooopic.com.cn', 'ooopic.com.cn', 'com.cn']],
    ['www.ooopic.com', 'auto', [undefined, 'www.ooopic.com', 'ooopic.com']],
    ['www.ooopic.com', 'static.example.com', [undefined, 'www.ooopic.com', 'ooopic.com', 'static.example.com']],
    ['ooopic.com', '.ooopic.com', [undefined, 'ooopic.com']],
    ['localhost', undefined, [undefined]],
    ['127.0.0.1', '.ooopic.com', [undefined]],
    ['[::1]', undefined, [undefined]],
  ])('cookieDomains(%j, %j)', (hostname, configured, expected) => {
    expect(cookieDomains(hostname, configured)).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['/', ['/']],
    ['/index.html', ['/', '/index.html']],
    ['/gate/page.html', ['/', '/gate', '/gate/', '/gate/page.html']],
    ['/a/b/', ['/', '/a', '/a/', '/a/b', '/a/b/']],
    ['/a/b', ['/', '/a', '/a/', '/a/b']],
  ])('cookiePaths(%j)', (pathname, expected) => {
    expect(cookiePaths(pathname)).toEqual(expected);
  });
});

describe('withdrawal', () => {
  const jar = () => document.cookie.split('; ').filter(Boolean).map(pair => pair.split('=')[0]).sort();
  const set = (...cookies: string[]) => cookies.forEach(cookie => (document.cookie = cookie));

  it('removes the revoked services’ cookies on host, parent domain and ancestor paths, and their storage keys', () => {
    const { core } = mount('', { cookie: { domain: '.ooopic.test' } });
    core.acceptAll();
    set(
      'Hm_lvt_abc=1; path=/',
      'Hm_lpvt_abc=1; path=/; domain=.ooopic.test',
      'Hm_up_abc=1; path=/gate',
      'Hm_ck_1=1; path=/gate/',
      'CNZZDATA123=1; path=/; domain=www.ooopic.test',
      'UM_distinctid=1; path=/; domain=.ooopic.test',
      'keep_me=1; path=/',
    );
    localStorage.setItem('Hm_unsent_abc', 'x');
    // Keys next to each other in the area: removing one while walking it forward skipped the next (mutation probe).
    localStorage.setItem('Hm_unsent_def', 'x');
    localStorage.setItem('Hm_unsent_ghi', 'x');
    sessionStorage.setItem('Hm_from_abc', 'x');
    localStorage.setItem('mine', 'x');
    expect(jar()).toHaveLength(7);
    core.save({ categories: { analytics: false } });
    expect(jar()).toEqual(['keep_me']);
    expect([localStorage.getItem('Hm_unsent_abc'), sessionStorage.getItem('Hm_from_abc'), localStorage.getItem('mine')]).toEqual([null, null, 'x']);
    expect(Object.keys(localStorage)).toEqual(['mine']);
  });

  // Found by a review: a service's own cookie pattern with the `g` flag matched each name from where its last match ended
  // (`lastIndex`), so a withdrawal left every other cookie of the service.
  it.each([['g', /^_site_/g], ['y', /_site_/y]])('regression: a service cookie pattern with the %s flag clears every cookie it names', (_, pattern) => {
    const { core } = mount('', { services: [{ id: 'site-stats', category: 'analytics', cookies: [pattern] }] });
    core.acceptAll();
    set('_site_a=1; path=/', '_site_b=1; path=/', '_site_c=1; path=/', 'keep_me=1; path=/');
    core.save({ categories: { analytics: false } });
    expect(jar()).toEqual(['keep_me']);
  });

  // Found by the demo suite: a tracker already loading when the visitor withdrew ran in the old document before
  // the reload and set its cookies again. The gate now clears what is not granted whenever it starts.
  it('at start, cookies of services not granted now go', async () => {
    set('Hm_lvt_abc=1; path=/', 'CNZZDATA123=1; path=/', 'UM_distinctid=1; path=/', 'keep_me=1; path=/');
    mount('');
    await Promise.resolve();
    expect(jar()).toEqual(['keep_me']);
  });

  // The bench's returning visit: the read of document.cookie that finds them waits on the browser's cookie store
  // (1–15 ms at 4× CPU), and it used to come before the first pass, holding the granted tag's request back.
  it('regression: a returning visit requests its granted markup before reading the cookie jar to clean up', async () => {
    const storage = memoryStorage();
    const config = normalizeConfig({ services: SERVICES, reloadOnRevoke: false }, PRESETS);
    const deps = { storage, signals: () => ({ dnt: false, gpc: false }), tabSync: false, warn: () => {} };
    const before = createConsent(config, deps);
    await before.acceptAll();
    before.destroy();
    set('CNZZDATA123=1; path=/');
    document.body.innerHTML = '<script type="text/plain" data-consent="analytics" data-service="baidu-tongji" data-src="https://hm.baidu.com/hm.js?x"></script>';
    const native = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
    const requestedAtRead: string[][] = [];
    const read = vi.spyOn(Document.prototype, 'cookie', 'get').mockImplementation(function (this: Document) {
      requestedAtRead.push(scriptSources());
      return native.get!.call(this) as string;
    });
    const core = createConsent(config, deps);
    const gate = createGate(core, startEarly(core), { idle: whenIdle, trust: PLAIN });
    await Promise.resolve();
    read.mockRestore();
    gate.destroy();
    core.destroy();
    expect(requestedAtRead[0]).toEqual(['https://hm.baidu.com/hm.js?x']);
    expect(jar()).toEqual(['CNZZDATA123']);
  });

  it('at start, storage keys of services not granted go once the browser is idle, not in the page\'s first task', async () => {
    localStorage.setItem('Hm_unsent_abc', '1');
    sessionStorage.setItem('Hm_from_abc', '1');
    mount('');
    expect(localStorage.getItem('Hm_unsent_abc')).toBe('1');
    await vi.waitFor(() => expect([localStorage.getItem('Hm_unsent_abc'), sessionStorage.getItem('Hm_from_abc')]).toEqual([null, null]));
  });

  // Regression: the idle callback read a list declared after the observer, so a gate whose
  // start failed there threw a ReferenceError into the page when the browser was idle.
  it('regression: a gate that could not start (the page\'s MutationObserver throws) throws nothing into the page later', () => {
    const config = normalizeConfig({ services: SERVICES } as never, PRESETS);
    const core = createConsent(config, { storage: memoryStorage(), signals: () => ({ dnt: false, gpc: false }), tabSync: false, warn: () => {} });
    const later: Array<() => unknown> = [];
    const native = window.MutationObserver;
    window.MutationObserver = function () {
      throw new Error('no observers here');
    } as unknown as typeof MutationObserver;
    try {
      expect(() => createGate(core, startEarly(core), { idle: fn => void later.push(fn), trust: PLAIN })).toThrow('no observers here');
    } finally {
      window.MutationObserver = native;
      core.destroy();
    }
    // What it left to run when the browser is idle (nothing now) throws nothing.
    for (const fn of later) expect(fn).not.toThrow();
  });

  it('leaves the storage areas untouched when no service lists storage keys (their first access is slow)', async () => {
    const areas = vi.spyOn(window, 'localStorage', 'get');
    mount('', { services: ['cnzz'] } as never);
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(areas).not.toHaveBeenCalled();
    areas.mockRestore();
  });

  it('a name that also belongs to a service still granted stays', () => {
    const { core } = mount('', { services: ['cnzz', { id: 'tracker', category: 'pixel', cookies: ['UM_distinctid'] }] } as never);
    core.acceptAll();
    set('CNZZDATA123=1; path=/', 'UM_distinctid=1; path=/');
    core.save({ categories: { pixel: false } });
    expect(jar()).toEqual(['CNZZDATA123', 'UM_distinctid']);
    core.save({ categories: { analytics: false } });
    expect(jar()).toEqual([]);
  });

  it('a service switched off alone loses only its own cookies', () => {
    const { core } = mount('');
    core.acceptAll();
    set('Hm_lvt_abc=1; path=/', 'CNZZDATA123=1; path=/');
    core.save({ services: { cnzz: false } });
    expect(jar()).toEqual(['Hm_lvt_abc']);
  });

  it('a child without guardian consent: every optional service’s cookies go, granted or not', () => {
    const { core } = mount('');
    set('Hm_lvt_abc=1; path=/', 'CNZZDATA123=1; path=/', 'cg_other=1; path=/');
    core.setAge('child');
    expect(jar()).toEqual(['cg_other']);
  });

  describe('reload (reloadOnRevoke)', () => {
    const reload = vi.fn();
    const stubLocation = () => vi.stubGlobal('location', { hostname: location.hostname, pathname: location.pathname, reload });
    afterEach(() => {
      reload.mockReset();
      sessionStorage.clear();
    });

    it('reloads once when something that ran on this page is revoked, and not again right after while starting', async () => {
      vi.useFakeTimers();
      vi.spyOn(performance, 'now').mockReturnValue(1_000); // the page is starting
      const { core } = mount('<script type="text/plain" data-consent="analytics">void 0</script>', { reloadOnRevoke: true });
      stubLocation();
      core.acceptAll();
      core.rejectAll();
      vi.runAllTimers();
      expect(reload).toHaveBeenCalledTimes(1);
      // The mark a UI of one's own reads after the reload (README, "A UI of your own"): set only when reloading.
      expect(sessionStorage.getItem('cg_withdrawn')).toBe('1');
      // The page's own code revoking again at once on the reloaded page (an account sync) is not reloaded for again.
      vi.spyOn(performance, 'getEntriesByType').mockReturnValue([{ type: 'reload' } as unknown as PerformanceEntry]);
      core.acceptAll();
      core.rejectAll();
      vi.runAllTimers();
      expect(reload).toHaveBeenCalledTimes(1);
      vi.useRealTimers();
    });

    // Regression: the loop guard used to swallow a visitor's second withdrawal within ten seconds. And:
    // a reload time stored by a clock that has since gone back blocked every later reload in the tab.
    it.each([
      ['a withdrawal later in the page life, right after a reload', 60_000, 0],
      ['a reload time stored by a clock that has since gone back', 1_000, 366 * 86_400_000],
    ])('%s: reloads', (_, pageAge, storedAhead) => {
      vi.useFakeTimers();
      vi.spyOn(performance, 'now').mockReturnValue(pageAge);
      sessionStorage.setItem('cg_reloaded', String(Date.now() + storedAhead));
      const { core } = mount('<script type="text/plain" data-consent="analytics">void 0</script>', { reloadOnRevoke: true });
      stubLocation();
      core.acceptAll();
      core.rejectAll();
      vi.runAllTimers();
      expect(reload).toHaveBeenCalledTimes(1);
      vi.useRealTimers();
    });

    it('does not reload when nothing revoked had run, or when reloadOnRevoke is false', () => {
      vi.useFakeTimers();
      const { core } = mount('<script type="text/plain" data-consent="pixel">void 0</script>', { reloadOnRevoke: true });
      stubLocation();
      core.save({ categories: { analytics: true } });
      core.rejectAll();
      const off = mount('<script type="text/plain" data-consent="analytics">void 0</script>');
      off.core.acceptAll();
      off.core.rejectAll();
      vi.runAllTimers();
      expect(reload).not.toHaveBeenCalled();
      // Regression: a UI of one's own that set its own mark on `revoked` said "the page reloaded after your withdrawal"
      // on a later F5, where this withdrawal had reloaded nothing; the SDK's own mark is set only when it reloads.
      expect(sessionStorage.getItem('cg_withdrawn')).toBeNull();
      vi.useRealTimers();
    });
  });
});
