// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { loose } from '../../src/guard/hosts.js';

/**
 * Every code point, against the URL parser itself (Node's, WHATWG like the browser's): wherever the parser reads one
 * in a host name as part of an ASCII host name (drops it, or maps it to letters, digits, "-" or "."), the guard's
 * cheap filter must read the same, as itself and as its escaped UTF-8. A review found three it missed: U+2064, the variation selectors
 * supplement, and `ẞ`, which the parser reads as "ss".
 */
describe('loose reads a host as the URL parser does', () => {
  it('for every code point from U+0080 to U+10FFFF that the parser reads as ASCII, as itself and escaped', () => {
    const missed: string[] = [];
    for (let cp = 0x80; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      let host: string;
      try {
        host = new URL(`http://a${c}b/`).hostname;
      } catch {
        continue;
      }
      // What the guard looks for are ASCII host names: letters, digits, "-" and "." (`ascii` in guard.ts).
      if (!/^[a-z\d.-]+$/.test(host) || host.includes('xn--')) continue;
      for (const text of [`a${c}b`, `a${encodeURIComponent(c)}b`]) {
        if (!loose(text, true).includes(host)) missed.push(`U+${cp.toString(16)}: ${JSON.stringify(text)} is "${host}" to the parser, "${loose(text, true)}" to loose`);
      }
    }
    expect(missed).toEqual([]);
  }, 60_000);
});
