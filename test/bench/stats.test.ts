// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { layoutShift, shiftFigures, summarizeBare } from '../../bench/stats.js';

describe('bench layout shift figures', () => {
  const button = { start: 500, value: 0.0009, sources: ['button "搜索"'] };
  const late = { start: 2500, value: 0.5, sources: ['div.after-the-window'] };
  const unnamed = { start: 100, value: 0.0001 };

  it.each([
    { name: 'no shift', shifts: [], sum: 0 },
    { name: 'one shift in the window', shifts: [button], sum: 0.0009 },
    { name: 'a shift after the window does not count', shifts: [button, late], sum: 0.0009 },
    { name: 'shifts add up', shifts: [button, unnamed], sum: 0.001 },
  ])('$name', ({ shifts, sum }) => {
    expect(layoutShift(shifts, 2000)).toBeCloseTo(sum, 10);
  });

  it('counts the runs that shifted and names what moved in them, inside the window only', () => {
    const figures = shiftFigures([
      { shifts: [], windowEnd: 2000 },
      { shifts: [button, late], windowEnd: 2000 },
      { shifts: [unnamed, { ...button, start: 600 }], windowEnd: 2000 },
      { shifts: [late], windowEnd: 2000 },
    ]);
    expect(figures.shiftedRuns).toBe(2);
    expect(figures.max).toBeCloseTo(0.001, 10);
    expect(figures.median).toBe(0);
    // Named once however often it moved; a shift recorded without sources (an older sample) names nothing.
    expect(figures.moved).toEqual(['button "搜索"']);
  });

  it('has no worst run when no run succeeded', () => {
    expect(shiftFigures([])).toEqual({ median: undefined, max: undefined, shiftedRuns: 0, moved: [] });
  });
});

describe('bench bare-session summary', () => {
  const run = (over: Record<string, unknown>) => ({ banner: null, tagRequested: null, tagExecuted: null, scriptMs: 40, ownLongest: 10, ownInLongFrames: 10, ownLongestAt: undefined, errors: [], ...over });

  it('leaves failed runs out of every figure and counts them', () => {
    const s = summarizeBare([run({ scriptMs: 30 }), run({ scriptMs: 50 }), run({ scriptMs: 999, error: 'the granted tag did not run by load + 3 s' })]);
    expect(s.runs).toBe(3);
    expect(s.failed).toBe(1);
    expect(s.script.median).toBe(30);
    expect(s.script.p90).toBe(50);
    expect(s.errors).toEqual(['the granted tag did not run by load + 3 s']);
  });

  it('takes the banner from the runs that showed one, and the tag from the runs where it went', () => {
    const s = summarizeBare([run({ banner: 700 }), run({ banner: 900 }), run({}), run({ tagRequested: 300, tagExecuted: 420 })]);
    expect(s.rendered).toBe(2);
    expect(s.bannerShown).toBe(2);
    expect(s.banner.median).toBe(700);
    expect(s.requested.median).toBe(300);
    expect(s.executed.median).toBe(420);
  });
});
