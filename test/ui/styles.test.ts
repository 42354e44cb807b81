// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { luminance, themed } from '../../src/ui/styles.js';

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
const DARK_BG = luminance('#1f2329')!;

describe('luminance (WCAG 2)', () => {
  it.each([
    ['#000', 0],
    ['#ffffff', 1],
    ['#FFF', 1],
    ['#808080', 0.2159],
  ])('%s → %d', (colour, expected) => expect(luminance(colour)).toBeCloseTo(expected, 3));

  it('has no answer for a colour written another way', () => {
    expect([luminance('red'), luminance('rgb(0 0 0)'), luminance('#12345')]).toEqual([undefined, undefined, undefined]);
  });
});

// Accessibility probe: a page's brand accent (#b3261e) themed both colour schemes: in the dark one its links, text
// buttons and focus rings read at 2.41:1 on the background.
describe('regression: a theme\'s accent too dark for the dark scheme gives way there', () => {
  it.each([
    ['#b3261e', true],
    ['#0b57d0', true],
    ['#8ab4f8', false],
    ['#f5a623', false],
    ['rebeccapurple', false], // not computed: left as the page wrote it
  ])('%s: replaced in the dark scheme %s', (accent, replaced) => {
    const css = themed({ '--cg-accent': accent });
    expect(css.includes('@media(prefers-color-scheme:dark)')).toBe(replaced);
    const l = luminance(accent);
    if (l !== undefined) expect(contrast(l, DARK_BG) >= 4.5).toBe(!replaced);
  });

  it('a page that themes the background too keeps its accent in both schemes', () => {
    expect(themed({ '--cg-accent': '#b3261e', '--cg-bg': '#fff' })).not.toContain('prefers-color-scheme');
  });
});
