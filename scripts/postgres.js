// A throwaway PostgreSQL server for the consent log's tests and bench: Debian's (or any) initdb and pg_ctl, a
// temporary directory, a free port in 4500–4599, stopped and deleted afterwards. The server refuses to run as root,
// so as root it runs as the `postgres` user (runuser). Nothing here touches a server that was already running.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { tmpdirForLogs } from './tmpdir-for-logs.js';

export const INSTALL_HINT =
  'PostgreSQL is needed for the consent log tests (initdb and pg_ctl were not found). Install it, then run again:\n' +
  '  Debian/Ubuntu (root):  apt-get install -y postgresql\n' +
  '  macOS (Homebrew):      brew install postgresql\n' +
  '  or point CONSENT_LOG_TEST_POSTGRES at a server the tests may create tables in\n' +
  '  (postgres://user:password@host:5432/database), or set CONSENT_LOG_TEST_POSTGRES=skip to skip those tests here.';

/** The directory holding initdb and pg_ctl: $PG_BIN, the PATH, then Debian's /usr/lib/postgresql/<newest>/bin. */
export function findPostgres() {
  const has = dir => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
  const candidates = [process.env.PG_BIN, ...(process.env.PATH || '').split(delimiter)].filter(Boolean);
  const found = candidates.find(has);
  if (found) return found;
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return undefined;
  const versions = readdirSync(debian).filter(v => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  return versions.map(v => join(debian, v, 'bin')).find(has);
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

const run = promisify(execFile);

/** Runs a PostgreSQL program, as `postgres` when this process is root; async, so a bench's collector keeps serving. */
function runAs(bin, program, args) {
  const file = join(bin, program);
  const [command, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  return run(command, argv, { encoding: 'utf8' });
}

/** The same, blocking: for the exit hook, where nothing asynchronous runs any more. */
function runAsNow(bin, program, args) {
  const file = join(bin, program);
  const [command, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  return execFileSync(command, argv, { stdio: 'ignore' });
}

function isPortFree(port) {
  return new Promise(resolve => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * The default range of freePort(): 4500–4599, or `PORT_RANGE=from-to` from the environment (a shared machine gives
 * each kind of work its own range: `npm run bench` runs the consent-log bench in 4860–4899).
 */
const [RANGE_FROM, RANGE_TO] = (/^(\d+)-(\d+)$/.exec(process.env.PORT_RANGE ?? '') ?? [, '4500', '4599']).slice(1).map(Number);

/** A free port from the range (default above), starting at a random one so that parallel test files rarely try the same. */
export async function freePort(from = RANGE_FROM, to = RANGE_TO) {
  const span = to - from + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = from + ((start + i) % span);
    if (await isPortFree(port)) return port;
  }
  throw new Error(`no free port from ${from} to ${to}`);
}

/**
 * Starts a server in a fresh temporary directory. `fsync: false` suits tests (faster, and nothing outlives them);
 * the bench keeps PostgreSQL's defaults. Returns its URL and stop() / restart controls; a server still running when
 * the process exits is stopped then, so a failed test run leaves none behind.
 */
export async function startPostgres({ fsync = false } = {}) {
  const bin = findPostgres();
  if (!bin) throw new Error(INSTALL_HINT);
  if (isRoot() && spawnSync('id', ['-u', 'postgres']).status !== 0) {
    throw new Error('PostgreSQL refuses to run as root and there is no "postgres" user to run it as: useradd --system postgres');
  }
  // A test server's data in memory where there is room (nothing outlives the tests); the bench's on the disk it measures.
  const dir = mkdtempSync(join(fsync ? tmpdir() : tmpdirForLogs(), 'consent-log-pg-'));
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  await runAs(bin, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', ...(fsync ? [] : ['--no-sync'])]);
  let port;
  const options = () =>
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100` + (fsync ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off');
  const start = () => runAs(bin, 'pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options(), 'start']);
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (error) {
      // Another process took the port between the probe and the start: try another, a few times.
      if (attempt >= 4) throw new Error(`PostgreSQL did not start: ${error.stderr || error.message}\n${tail(join(dir, 'server.log'))}`);
    }
  }
  let running = true;
  const onExit = () => {
    if (running) {
      try {
        runAsNow(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
    }
    running = false;
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  const stop = async mode => {
    if (!running) return;
    running = false;
    await runAs(bin, 'pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']).catch(() => {});
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    /** Stops the server as an outage would (fast shutdown: open connections are cut); resume() brings it back. */
    pause: () => stop('fast'),
    resume: async () => {
      if (running) return;
      await start();
      running = true;
    },
    /** Stops the server and deletes its directory. */
    stop: async () => {
      process.off('exit', onExit);
      await stop('fast');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function tail(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}
