// Types of bench/make-pages.js, for the TypeScript e2e smoke test (e2e/bench-pages.spec.ts).
export function pagePath(id: string): string;
export function renderPages(): Record<string, string>;
export function makePages(): string[];
