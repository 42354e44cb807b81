#!/usr/bin/env node
// The package's command (`npx consent-gate scan …`, `npx consent-gate log …`): src/cli/main.ts, built to dist/node.
// Imported when called, so that a clone of the repository that was never built says what to run instead of Node's
// "Cannot find module" (the published package and `npm pack`, which builds first, carry dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/node/cli/main.js', import.meta.url);

(existsSync(fileURLToPath(main))
  ? import(main.href)
  : Promise.reject(new Error('dist/node/cli/main.js is missing: run `npm run build` in this repository first'))
)
  .then(({ run }) => run(process.argv.slice(2)))
  .then(
    code => {
      process.exitCode = code;
    },
    error => {
      console.error(`consent-gate: ${error instanceof Error ? error.message : error}`);
      process.exitCode = 2;
    },
  );
