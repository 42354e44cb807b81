// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { layoutShift, shiftFigures } from '../../bench/stats.js';

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
