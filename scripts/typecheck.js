#!/usr/bin/env node
// `npm run typecheck`: every TypeScript project of the repository (the SDK and its tests, the build scripts, the
// Node code, the Node code's tests), two at a time — on CI's two cores one after the other took 41 s. Each project's
// errors are printed whole, after it ends, so that two never interleave; exits 1 when any project fails.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const projects = ['tsconfig.json', 'tsconfig.node.json', 'tsconfig.server.json', 'test/server/tsconfig.json', 'test/cli/tsconfig.json'];
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));

function check(project) {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [tsc, '-p', project, '--noEmit'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    child.on('close', code => {
      if (code !== 0) process.stdout.write(`typecheck: ${project} failed\n${output}\n`);
      resolve(code === 0);
    });
  });
}

const queue = [...projects];
const results = [];
async function worker() {
  while (queue.length) results.push(await check(queue.shift()));
}
await Promise.all(Array.from({ length: Math.min(2, Math.max(1, availableParallelism())) }, worker));
process.exit(results.every(Boolean) ? 0 : 1);
