import { afterEach, describe, expect, it, vi } from 'vitest';
import { normalizeConfig } from '../../src/core/config.js';
import { createConsent } from '../../src/core/controller.js';
import { memoryStorage } from '../../src/core/storage.js';
import type { GrantDelta } from '../../src/core/types.js';
import { PRESETS } from '../../src/presets/index.js';
import { cleanup, flush, log, mount, ran, SERVICES } from './helpers.js';

afterEach(cleanup);

/**
 * #9.4: integration mistakes only fired an `error` event. Each now says so in the console once, naming the element,
 * what is wrong and the fix (SPEC §9: an integration mistake says so in the console).
 */
describe('integration mistakes say so in the console, once per element', () => {
  it.each([
    [
      'an unknown category',
      '<script type="text/plain" data-consent="stats" data-src="https://hm.baidu.com/hm.js"></script>',
      '<script type="text/plain" data-consent="stats" data-src="https://hm.baidu.com/hm.js"> names the category "stats", which is not configured (configured: necessary, analytics, personalization, pixel, share); it stays closed.',
    ],
    [
      'a service that is not configured',
      '<img data-consent="pixel" data-service="facebook" data-src="https://px.test/p.gif">',
      '<img data-consent="pixel" data-service="facebook" data-src="https://px.test/p.gif"> names the service "facebook", which is not configured: add it to config.services; it stays closed.',
    ],
    [
      'a gated script without type="text/plain" (it ran already)',
      '<script data-consent="analytics" data-src="https://hm.baidu.com/hm.js"></script>',
      'ran already: add type="text/plain" and write src as data-src.',
    ],
  ])('%s', async (_, html, message) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { core, errors } = mount(html);
    await flush();
    core.acceptAll();
    await flush();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain(message);
    expect(errors).toEqual([expect.objectContaining({ kind: 'gate', message: expect.stringContaining(message) })]);
  });

  it('with the built-in profile (no services), data-service says that the profile lists none', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    mount('<script type="text/plain" data-consent="analytics" data-service="baidu-tongji" data-src="https://hm.baidu.com/hm.js?x"></script>', { services: [] });
    await flush();
    expect(warn.mock.calls[0]![0]).toContain('names the service "baidu-tongji", which is not configured: add it to config.services (the built-in profile lists no services)');
  });
});

/** #9.12: scripts that run on refusal, as vanilla-cookieconsent offers (`data-consent="!analytics"`). */
describe('data-consent="!category": runs once a decision leaves the category off', () => {
  const page = `<script type="text/plain" data-consent="!analytics">${log('no analytics')}</script>
    <script type="text/plain" data-consent="!analytics" data-service="cnzz">${log('no cnzz')}</script>`;

  it('waits before any decision, runs after a refusal', async () => {
    const { core } = mount(page);
    await flush();
    expect(ran()).toEqual([]);
    core.rejectAll();
    await flush();
    expect(ran()).toEqual(['no analytics', 'no cnzz']);
  });

  it('does not run when the category is granted; a service refused alone runs its own', async () => {
    const { core } = mount(page);
    core.save({ categories: { analytics: true }, services: { cnzz: false } });
    await flush();
    expect(ran()).toEqual(['no cnzz']);
  });
});

// The timers of the next minute (a reload's): not all of them, which would take the clock to the decision's expiry a
// year on, where the controller reads again (SPEC §4) and the decision has expired.
const MINUTE_OF_TIMERS = 60_000;

describe('reload after a withdrawal (SPEC §6.3)', () => {
  const reload = vi.fn();
  const stubLocation = () => vi.stubGlobal('location', { hostname: location.hostname, pathname: location.pathname, reload });
  const visitor = (active: boolean) => Object.defineProperty(navigator, 'userActivation', { value: { hasBeenActive: active }, configurable: true });
  afterEach(() => {
    reload.mockReset();
    sessionStorage.clear();
    delete (navigator as { userActivation?: unknown }).userActivation;
  });

  // #10.4: with one service switched off, markup that needed its whole category kept beaconing, with no reload.
  it('turning off one service reloads when markup needing its whole category ran', async () => {
    vi.useFakeTimers();
    const { core } = mount('<script type="text/plain" data-consent="analytics">void 0</script>', { reloadOnRevoke: true });
    stubLocation();
    core.acceptAll();
    core.save({ services: { 'baidu-tongji': false } });
    expect(core.granted('analytics')).toBe(false);
    vi.advanceTimersByTime(MINUTE_OF_TIMERS);
    expect(reload).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  it('turning off one service does not reload for markup that named another service', async () => {
    vi.useFakeTimers();
    const { core } = mount('<script type="text/plain" data-consent="analytics" data-service="cnzz">void 0</script>', { reloadOnRevoke: true });
    stubLocation();
    core.acceptAll();
    core.save({ services: { 'baidu-tongji': false } });
    vi.advanceTimersByTime(MINUTE_OF_TIMERS);
    expect(reload).not.toHaveBeenCalled();
    vi.useRealTimers();
  });

  // #10.7: the loop guard swallowed a real withdrawal: accept, reject (reload), accept again, reject two seconds
  // later → no reload, the tracker kept running. It now looks at the decision, not the time.
  // Regression (lifecycle probe): the same withdrawal on a page view that was no reload (the grant given again in
  // another tab, then the page's own account sync refusing on the next page) was taken for the loop, and the tracker
  // that had run again kept writing its cookies.
  it.each([
    ['the visitor withdraws again soon after the reload', true, 'reload', true],
    ['the page repeats the same withdrawal as it starts (a loop)', false, 'reload', false],
    ['regression: the same withdrawal on the next page, no reload', false, 'navigate', true],
  ])('%s: reloads %s', (_, active, type, reloads) => {
    vi.useFakeTimers();
    vi.spyOn(performance, 'now').mockReturnValue(2_000);
    const { core } = mount('<script type="text/plain" data-consent="analytics">void 0</script>', { reloadOnRevoke: true });
    stubLocation();
    visitor(active);
    core.acceptAll();
    core.rejectAll();
    vi.advanceTimersByTime(MINUTE_OF_TIMERS);
    // The next page view, two seconds old (the reload, or a page reached otherwise): the same withdrawal once more.
    vi.spyOn(performance, 'getEntriesByType').mockReturnValue([{ type } as unknown as PerformanceEntry]);
    core.acceptAll();
    core.rejectAll();
    vi.advanceTimersByTime(MINUTE_OF_TIMERS);
    expect(reload).toHaveBeenCalledTimes(reloads ? 2 : 1);
    vi.useRealTimers();
  });

  // Regression: a refusal made in another tab reloaded this one the first time only; the second came
  // through as "the same withdrawal after its reload" (this tab had no click of its own), and its tracker ran on.
  it('regression: each withdrawal made in another tab reloads, the same one again too', async () => {
    vi.spyOn(performance, 'now').mockReturnValue(2_000);
    const storage = memoryStorage();
    const { core } = mount('<script type="text/plain" data-consent="analytics">void 0</script>', { reloadOnRevoke: true }, undefined, { storage, tabSync: true });
    const other = createConsent(normalizeConfig({ services: SERVICES }, PRESETS), { storage, tabSync: true, warn: () => {} });
    stubLocation();
    visitor(false);
    const heard = (event: 'granted' | 'revoked') => new Promise<GrantDelta>(resolve => core.on(event, resolve));
    const rounds: Array<GrantDelta> = [];
    for (let round = 0; round < 2; round++) {
      const granted = heard('granted');
      other.acceptAll();
      await granted;
      const revoked = heard('revoked');
      other.rejectAll();
      rounds.push(await revoked);
      await flush();
    }
    other.destroy();
    expect(rounds.map(r => r.elsewhere)).toEqual([true, true]);
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it('a different withdrawal at start still reloads', () => {
    vi.useFakeTimers();
    vi.spyOn(performance, 'now').mockReturnValue(2_000);
    const { core } = mount('<script type="text/plain" data-consent="analytics">void 0</script><script type="text/plain" data-consent="share">void 0</script>', { reloadOnRevoke: true });
    stubLocation();
    visitor(false);
    core.acceptAll();
    core.save({ categories: { analytics: false } });
    vi.advanceTimersByTime(MINUTE_OF_TIMERS);
    core.save({ categories: { share: false } });
    vi.advanceTimersByTime(MINUTE_OF_TIMERS);
    expect(reload).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
  });
});
