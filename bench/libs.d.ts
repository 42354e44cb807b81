// Types of bench/libs.js, for the TypeScript e2e smoke test (e2e/bench-pages.spec.ts).
export interface BenchLib {
  id: string;
  label: string;
  ours?: boolean;
  baseline?: boolean;
  files: string[];
  prefix: string | undefined;
  banner: string[] | undefined;
  accept: string | undefined;
  gating: string;
}
export const LIBS: BenchLib[];
export const BASELINE: BenchLib;
export const FAKE_TRACKER: string;
