// Types of bench/stored-decision.js, for the TypeScript e2e smoke test (e2e/bench-pages.spec.ts).
import type { Browser, BrowserContextOptions } from '@playwright/test';
import type { BenchLib } from './libs.js';
export function captureDecision(browser: Browser, origin: string, lib: BenchLib): Promise<{ storageState: Exclude<BrowserContextOptions['storageState'], string | undefined>; stored: string[] }>;
