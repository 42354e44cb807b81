import { afterEach, expect, it, vi } from 'vitest';
import { documentProperty, listen, onReplaced } from '../../src/core/document-own.js';
import { readJar, writeJar } from '../../src/core/jar.js';

const names = ['readyState', 'visibilityState', 'baseURI', 'cookie'] as const;
afterEach(() => {
  for (const name of names) delete (document as unknown as Record<string, unknown>)[name];
  document.body.replaceChildren();
});

// Markup named after a document property stands for it on `document` (HTML's named properties): user content with
// `<img name="baseURI">` disarmed the network guard, `name="readyState"` kept gate.js away (e2e/untidy-page.spec.ts,
// in Chromium). jsdom has no named properties on `document`: the image is put there as the browser would show it.
it.each([
  ['readyState', 'complete'],
  ['visibilityState', 'visible'],
  ['baseURI', location.href],
] as const)('documentProperty(%s) reads the document\'s own property when markup takes the name', (name, value) => {
  const image = document.createElement('img');
  image.name = name;
  document.body.append(image);
  Object.defineProperty(document, name, { value: image, configurable: true });
  expect((document as unknown as Record<string, unknown>)[name]).toBe(image);
  expect(documentProperty(name)).toBe(value);
});

// The cookie jar goes through the same accessor: `<img name="cookie">` made every write throw (a refusal never stored).
it('readJar and writeJar reach the cookie store when markup takes the name cookie', () => {
  const image = document.createElement('img');
  image.name = 'cookie';
  document.body.append(image);
  Object.defineProperty(document, 'cookie', { value: image, configurable: true });
  writeJar('cg_own=1;path=/');
  expect(readJar()).toContain('cg_own=1');
  writeJar('cg_own=;max-age=0;path=/');
  expect(readJar()).not.toContain('cg_own');
});

// `document.open()` takes the root element out and puts a new one in (e2e/lifecycle.spec.ts does it in Chromium, where
// every listener of the document and the window goes too): the callers listen again then, and only then.
it('onReplaced calls back when the root element is replaced, not for changes inside it, and not once stopped', async () => {
  const again = vi.fn();
  const stop = onReplaced(again);
  const flush = () => new Promise(resolve => setTimeout(resolve));
  document.body.append(document.createElement('p'));
  await flush();
  expect(again).not.toHaveBeenCalled();
  const old = document.documentElement;
  const fresh = document.createElement('html');
  fresh.append(document.createElement('body'));
  document.replaceChild(fresh, old);
  await flush();
  expect(again).toHaveBeenCalledTimes(1);
  stop();
  document.replaceChild(old, fresh);
  await flush();
  expect(again).toHaveBeenCalledTimes(1);
});

// Review: a frame's document is no instance of this window's EventTarget, and `listen` then used its own method, which
// markup in the frame takes (`<img name="addEventListener">`): the guard armed no frame made inside such a frame. A
// page's own `window.addEventListener` shim that throws is not used either.
it.each([
  ['a frame\'s document, its method taken by markup', () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const target = frame.contentDocument!;
    Object.defineProperty(target, 'addEventListener', { value: document.createElement('img'), configurable: true });
    return [target, () => new (frame.contentWindow as unknown as typeof window).Event('ping')] as const;
  }],
  ['this document, its method taken by markup', () => {
    Object.defineProperty(document, 'addEventListener', { value: document.createElement('img'), configurable: true });
    return [document, () => new Event('ping')] as const;
  }],
])('listen() hears on %s, and stops hearing', (_, make) => {
  const [target, event] = make();
  const heard = vi.fn();
  try {
    listen(target, 'ping', heard);
    target.dispatchEvent(event());
    listen(target, 'ping', heard, false, true);
    target.dispatchEvent(event());
    expect(heard).toHaveBeenCalledTimes(1);
  } finally {
    delete (target as unknown as Record<string, unknown>).addEventListener;
  }
});

it('listen() on a test DOM\'s window, which the prototype\'s method refuses, uses the window\'s own', () => {
  const heard = vi.fn();
  listen(window, 'ping', heard);
  window.dispatchEvent(new Event('ping'));
  listen(window, 'ping', heard, false, true);
  window.dispatchEvent(new Event('ping'));
  expect(heard).toHaveBeenCalledTimes(1);
});
