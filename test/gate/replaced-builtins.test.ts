// @vitest-environment-options {"url": "http://www.ooopic.test/gate/page.html"}
import { afterEach, describe, expect, it } from 'vitest';
import { allows, readTarget } from '../../src/gate/target.js';
import { startEarly } from '../../src/gate/early.js';
import { cleanup, mount } from './helpers.js';

/*
 * What decides a grant and carries out a withdrawal asks no array method of the page's: one the page replaced after the
 * SDK started, answering `true` or nothing, made refused markup live, or left a withdrawn service's cookies and its
 * running trackers (SPEC §9: fail closed). Found by a review of the fixes for a sweep of such built-ins.
 */
afterEach(cleanup);

const restores: Array<() => void> = [];
afterEach(() => restores.splice(0).forEach(restore => restore()));
/** Replaces `Array.prototype[key]` with one answering `answer`, until the test ends (or `restore()`). */
function answering(key: 'some' | 'every', answer: unknown) {
  const own = Object.getOwnPropertyDescriptor(Array.prototype, key)!;
  Object.defineProperty(Array.prototype, key, { configurable: true, writable: true, value: () => answer });
  const restore = () => Object.defineProperty(Array.prototype, key, own);
  restores.push(restore);
  return restore;
}

describe('regression: array methods the page replaced after the SDK started', () => {
  const jar = () => document.cookie.split('; ').filter(Boolean).map(pair => pair.split('=')[0]).sort();

  it.each([
    ['every and some answering true', () => (answering('every', true), answering('some', true))],
    ['every and some answering nothing', () => (answering('every', undefined), answering('some', undefined))],
  ])('%s: after "reject all", gated markup stays closed and nothing reads as granted', async (_, broken) => {
    const { core } = mount('');
    await core.rejectAll();
    const element = document.createElement('img');
    element.setAttribute('data-consent', 'pixel');
    const whole = document.createElement('img');
    whole.setAttribute('data-consent', 'analytics');
    const named = document.createElement('img');
    named.setAttribute('data-consent', 'analytics');
    named.setAttribute('data-service', 'cnzz');
    broken();
    const answers = [allows(core, readTarget(element, 'data-consent')), allows(core, readTarget(whole, 'data-consent')), allows(core, readTarget(named, 'data-consent')), core.granted('analytics'), core.get().categories.analytics];
    restores.splice(0).forEach(restore => restore());
    expect(answers).toEqual([false, false, false, false, false]);
  });

  it('every answering true: with one service of a category switched off, markup needing the whole category stays closed (SPEC §6.3)', async () => {
    const { core } = mount('');
    await core.save({ categories: { analytics: true }, services: { cnzz: false } });
    const whole = document.createElement('img');
    whole.setAttribute('data-consent', 'analytics');
    answering('every', true);
    const answers = [allows(core, readTarget(whole, 'data-consent')), core.granted('analytics'), core.granted('analytics', 'baidu-tongji')];
    restores.splice(0).forEach(restore => restore());
    expect(answers).toEqual([false, false, true]);
  });

  it('some throwing before a withdrawal is made that waits for its code: get() and granted() answer, its grants off', async () => {
    const { core } = mount('');
    await core.acceptAll();
    const restore = answering('some', undefined);
    Object.defineProperty(Array.prototype, 'some', { configurable: true, writable: true, value: () => { throw new Error('shim'); } });
    let answers: unknown;
    try {
      void core.rejectAll();
      answers = [core.get().categories.analytics, core.granted('analytics'), core.granted('necessary')];
    } catch (error) {
      answers = error;
    }
    restore();
    expect(answers).toEqual([false, false, true]);
  });

  it('some answering nothing as a withdrawal is saved: the service\'s cookies go', async () => {
    const { core } = mount('');
    await core.acceptAll();
    document.cookie = 'CNZZDATA123=1; path=/';
    document.cookie = 'keep_me=1; path=/';
    answering('some', undefined);
    await core.save({ categories: { analytics: false, personalization: false, pixel: false, share: false } });
    restores.splice(0).forEach(restore => restore());
    expect(jar()).toEqual(['keep_me']);
    document.cookie = 'keep_me=; max-age=0; path=/';
  });
});

// Regression: the gate's scan swallowed its failures. With a built-in replaced after the SDK
// started throwing, gated markup a route inserted stayed closed after its grant and nothing said why (SPEC §9: an
// integration problem says so in the console). It is said once, and nothing reaches the page.
it('regression: a scan that fails (Element.prototype.matches throwing) is said in the console, once, and throws nothing', async () => {
  const { core } = mount('');
  await core.acceptAll();
  const said: unknown[][] = [];
  const error = console.error;
  console.error = (...args: unknown[]) => void said.push(args);
  const own = Object.getOwnPropertyDescriptor(Element.prototype, 'matches')!;
  Object.defineProperty(Element.prototype, 'matches', { configurable: true, writable: true, value: () => { throw new Error('shim'); } });
  const thrown: unknown[] = [];
  const onError = (event: ErrorEvent) => thrown.push(event.error);
  window.addEventListener('error', onError);
  try {
    for (const name of ['first', 'second']) {
      const img = document.createElement('img');
      img.setAttribute('data-consent', 'analytics');
      img.setAttribute('data-src', `/${name}.gif`);
      document.body.append(img);
      await new Promise(resolve => setTimeout(resolve));
    }
  } finally {
    Object.defineProperty(Element.prototype, 'matches', own);
    console.error = error;
    window.removeEventListener('error', onError);
  }
  expect([said.map(args => args[0]), thrown]).toEqual([['consent-gate: a listener failed (a built-in the page replaced?)'], []]);
  // Closed, as what failed left it: the next scan of the whole document opens it.
  expect(document.querySelector('img')!.hasAttribute('src')).toBe(false);
});

// Regression: the end of the parse was told to the gate through the page's `Set.prototype.forEach`.
// Doing nothing, the gate never took the last node the parse wrote (it waits for the parse to end to take it whole),
// and a granted tag at the end of `<body>` never ran.
it('regression: Set.prototype.forEach doing nothing: the end of the parse is still heard by each listener, and not after it is removed', () => {
  const { core } = mount('');
  const early = startEarly(core);
  const heard: string[] = [];
  const offFirst = early.onParsed(() => heard.push('first'));
  early.onParsed(() => heard.push('second'));
  const own = Object.getOwnPropertyDescriptor(Set.prototype, 'forEach')!;
  Object.defineProperty(Set.prototype, 'forEach', { configurable: true, writable: true, value: () => {} });
  try {
    document.dispatchEvent(new Event('DOMContentLoaded'));
    offFirst();
    document.dispatchEvent(new Event('DOMContentLoaded'));
  } finally {
    Object.defineProperty(Set.prototype, 'forEach', own);
    early.stop();
  }
  expect(heard).toEqual(['first', 'second', 'second']);
});
