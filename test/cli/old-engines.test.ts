// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * What the README's browser floor (Chrome and its in-app kernels from 80, Safari and iOS from 13.1) reads of our
 * selectors and CSS, checked on the sources: an engine drops a whole selector list it cannot parse, and a query it
 * cannot parse throws. Regressions of the old-browser probe.
 */
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory() ? files(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : []);
// The browser's code only: the server and the command line run in Node.
const sources = files('src').filter(path => !/^src\/(server|cli)\//.test(path)).map(path => [path, readFileSync(path, 'utf8')] as const);

describe('selectors and CSS an old engine reads', () => {
  // Chromium before 88 took one simple selector inside :not(): a list or a compound threw, and the preload pass of a
  // returning visit and every markup warning were lost in WeChat's older kernels.
  it('regression: :not() holds one simple selector', () => {
    const found = sources.flatMap(([path, text]) =>
      [...text.matchAll(/:not\(([^)]*)\)/g)].map(match => match[1]!).filter(inside => inside && !/^(\[[^\]]+\]|[a-z][a-z0-9-]*|\.[\w-]+)$/.test(inside)).map(inside => `${path}: :not(${inside})`));
    expect(found).toEqual([]);
  });

  // Safari before 17.4 drops `content: "✓ " / ""`: the age chosen carried no mark there, a colour alone (WCAG 1.4.1).
  it('regression: a content with alternative text comes after a plain one', () => {
    const found = sources.flatMap(([path, text]) =>
      [...text.matchAll(/\{[^{}]*content:"[^"]*"\/"[^"]*"[^{}]*\}/g)].map(match => match[0]).filter(rule => !/content:"[^"]*"[;}]/.test(rule)).map(rule => `${path}: ${rule}`));
    expect(found).toEqual([]);
    expect(sources.some(([, text]) => text.includes('content:"✓ ";content:"✓ "/""'))).toBe(true);
  });

  // Safari before 15.4 has no `overflow-wrap: anywhere`: a long service name pushed the switches out of a 320 px dialog.
  it('regression: long words break with word-break: break-word, which Safari 13.1 knows', () => {
    expect(sources.filter(([, text]) => /overflow-wrap:anywhere/.test(text)).map(([path]) => path)).toEqual([]);
  });
});
