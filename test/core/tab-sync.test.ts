import { afterEach, expect, it, vi } from 'vitest';
import { createTabSync } from '../../src/core/tab-sync.js';

afterEach(() => vi.unstubAllGlobals());

/** The Cookie Store API's `change` event, as Chromium fires it: the cookies set and the cookies removed. */
const change = (changed: Array<{ name: string }>, deleted: Array<{ name: string }>) => Object.assign(new Event('change'), { changed, deleted });

it.each([
  ['set', change([{ name: 'cg_consent' }], [])],
  ['removed', change([], [{ name: 'cg_consent' }])],
])('the consent cookie %s on a sibling subdomain is read again; another cookie is not', (_, event) => {
  const store = new EventTarget();
  vi.stubGlobal('cookieStore', store);
  const heard = vi.fn();
  const sync = createTabSync('cg_consent', heard);
  store.dispatchEvent(change([{ name: 'other' }], [{ name: 'other' }]));
  expect(heard).not.toHaveBeenCalled();
  store.dispatchEvent(event);
  sync.stop();
  expect(heard).toHaveBeenCalledTimes(1);
});

// Regression: the change was looked for with the page's `Array.prototype.some` (replaced after
// the SDK started, SPEC §9). Answering nothing, a withdrawal on a sibling subdomain never reached this tab, whose
// trackers went on running until it was next focused.
it('regression: Array.prototype.some answering nothing: a removed consent cookie is still read again', () => {
  const store = new EventTarget();
  vi.stubGlobal('cookieStore', store);
  const heard = vi.fn();
  const sync = createTabSync('cg_consent', heard);
  const own = Object.getOwnPropertyDescriptor(Array.prototype, 'some')!;
  Object.defineProperty(Array.prototype, 'some', { configurable: true, writable: true, value: () => undefined });
  try {
    store.dispatchEvent(change([], [{ name: 'cg_consent' }]));
  } finally {
    Object.defineProperty(Array.prototype, 'some', own);
  }
  sync.stop();
  expect(heard).toHaveBeenCalledTimes(1);
});
