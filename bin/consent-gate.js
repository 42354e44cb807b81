#!/usr/bin/env node
// The package's command (`npx consent-gate scan …`, `npx consent-gate log …`): src/cli/main.ts, built to dist/node.
import { run } from '../dist/node/cli/main.js';

run(process.argv.slice(2)).then(
  code => {
    process.exitCode = code;
  },
  error => {
    console.error(`consent-gate: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 2;
  },
);
