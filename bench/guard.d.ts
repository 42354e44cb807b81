// Types of bench/guard.js, for the TypeScript e2e smoke test (e2e/bench-pages.spec.ts).
export interface GuardVariant {
  id: 'guard-on' | 'guard-off' | 'guard-none';
  label: string;
  head: string;
  guard: boolean;
}
export const GUARD_VARIANTS: GuardVariant[];
export const GUARD_WORKLOAD: { domPairs: number; fetchCalls: number; repeats: number };
export function renderGuardPages(template: string): Record<string, string>;
