// Types of the parts of bench/stats.js the unit tests use (test/bench/stats.test.ts).
export interface Shift {
  start: number;
  value: number;
  /** What moved, named by bench/probe.js; absent in samples recorded before it named them. */
  sources?: string[];
}
export function layoutShift(shifts: Shift[], end: number): number;
export function shiftFigures(samples: { shifts: Shift[]; windowEnd: number }[]): {
  median: number | undefined;
  max: number | undefined;
  shiftedRuns: number;
  moved: string[];
};
