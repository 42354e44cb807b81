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
interface Spread {
  median: number | undefined;
  p90: number | undefined;
}
/** One run of bench/measure.js `measureBare`. */
export interface BareSample {
  banner: number | null;
  tagRequested: number | null;
  tagExecuted: number | null;
  scriptMs: number;
  ownLongest: number;
  ownInLongFrames: number;
  ownLongestAt?: string;
  error?: string;
  errors?: string[];
}
export function summarizeBare(samples: BareSample[]): {
  runs: number;
  failed: number;
  rendered: number;
  banner: Spread;
  bannerShown: number;
  script: Spread;
  ownLongest: Spread & { max: number | undefined };
  ownInLongFrames: Spread;
  ownLongestAt: string[];
  requested: Spread;
  executed: Spread;
  errors: string[];
};
