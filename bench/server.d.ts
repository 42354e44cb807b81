// Types of bench/server.js, for the TypeScript e2e smoke test (e2e/bench-pages.spec.ts).
export const ROOT: string;
export function readOnce(path: string): Promise<{ raw: Buffer; gzip: Buffer }>;
export function startServer(): Promise<{ origin: string; close(): Promise<void> }>;
