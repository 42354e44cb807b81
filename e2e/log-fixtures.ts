import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seedPgliteLog } from '../scripts/pglite-template.js';
import { freePort } from '../scripts/postgres.js';

// The consent log's command line as a site would run it: the built bin/consent-gate.js (npm test builds first).

export interface Collector {
  process: ChildProcessWithoutNullStreams;
  url: string;
  dir: string;
  output(): string;
  /** Resolves with the exit code (null after a signal) once the process has ended and been reaped. */
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code once it has stopped. */
  stop(): Promise<number | null>;
  /** Stops it if it still runs, and deletes its directory. */
  dispose(): Promise<void>;
}

/** `consent-gate log serve` on a fresh directory and a free port of 4500–4599, once it says it is receiving. */
export async function startCollector(extra: string[] = []): Promise<Collector> {
  const root = mkdtempSync(join(tmpdir(), 'consent-log-e2e-'));
  const dir = join(root, 'log');
  // A log already made (initdb takes seconds): what `log serve` does on a new directory has tests of its own.
  await seedPgliteLog(dir, await import(pathToFileURL(resolve('dist/node/server/index.js')).href));
  let port = 0;
  let child!: ChildProcessWithoutNullStreams;
  let output = '';
  let exited!: Promise<number | null>;
  // A port found free can be taken before the collector binds it (another worker's server, the machine's): a collector
  // that says so is started again on another.
  for (let tries = 1; ; tries++) {
    port = await freePort();
    child = spawn(process.execPath, ['bin/consent-gate.js', 'log', 'serve', '--db', dir, '--port', String(port), ...extra]);
    output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    const ended = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
    exited = ended;
    const started = await new Promise<boolean>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`log serve did not start:\n${output}`)), 30_000);
      child.stdout.on('data', () => output.includes('receiving receipts at') && (clearTimeout(timer), resolve(true)));
      void ended.then(code => {
        clearTimeout(timer);
        if (tries < 3 && /the port is in use/.test(output)) resolve(false);
        else reject(new Error(`log serve exited ${code}:\n${output}`));
      });
    });
    if (started) break;
  }
  return {
    process: child,
    url: `http://127.0.0.1:${port}/receipts`,
    dir,
    output: () => output,
    exited,
    stop: () => (child.kill('SIGTERM'), exited),
    dispose: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Runs `consent-gate log …` to its end. */
export function consentLog(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/consent-gate.js', 'log', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}
