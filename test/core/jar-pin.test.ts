import { afterEach, expect, it } from 'vitest';
import { pinCookie, readJar, writeJar } from '../../src/core/jar.js';

// A file of its own: the pinned accessor is module state, kept for the page's life (as in the script tag).
const own = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
afterEach(() => Object.defineProperty(Document.prototype, 'cookie', own));

/** Another consent tool's cookie blocker: hides and drops every `cg_` cookie, lets the rest through. */
const block = () =>
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    get(this: Document) {
      return (own.get!.call(this) as string).split('; ').filter(pair => !pair.startsWith('cg_')).join('; ');
    },
    set(this: Document, value: string) {
      if (!/^\s*cg_/.test(value)) own.set!.call(this, value);
    },
  });

// Regression (e2e/untidy-forms-body.spec.ts "a cookie blocker the page installs after the SDK…"): a blocker installed
// after the SDK dropped the choice, and the banner came back on every page.
it.each([
  ['before pinCookie(), the page\'s accessor is obeyed', false, ''],
  ['after pinCookie(), the accessor found then reads and writes', true, 'cg_pinned=1'],
] as const)('%s', (_, pinned, expected) => {
  if (pinned) pinCookie();
  block();
  writeJar('cg_pinned=1;path=/');
  expect(readJar().split('; ').filter(pair => pair.startsWith('cg_pinned')).join('')).toBe(expected);
  writeJar('cg_pinned=;max-age=0;path=/');
  Object.defineProperty(Document.prototype, 'cookie', own);
  expect(readJar()).not.toContain('cg_pinned');
});
