import { hostname } from 'node:os';
import { existsSync, readFileSync, realpathSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printable } from './printable.js';

export const LOCK_FILE = 'consent-gate.lock';

interface Holder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

/** Another process holds the directory: the message says which, and what to do. */
export class DirectoryLockedError extends Error {
  override name = 'DirectoryLockedError';
}

/**
 * Lock files this process holds, by real path (one directory reached through a symlink is the same): a holder with
 * this process's pid is this process only when the file is one of these.
 */
const mine = new Set<string>();
const realPath = (file: string) => {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
};

/**
 * Claims a PGlite directory for this process. PGlite runs PostgreSQL in this process, without the postmaster that
 * would refuse a second one: PGlite 0.5.17 opens a directory another process has open, without a word, and the two
 * then overwrite each other's pages. So every opener takes this lock file first; a lock left by a process that died is
 * taken over — by one opener at a time (see `takeOver`).
 */
export function lockDirectory(dir: string, command: string): { release(): void } {
  const file = join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me) + '\n', { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (attempt < 50 && takeOver(file, me.host)) continue;
      const holder = readHolder(file);
      // The file is anyone's who can write the directory: its words reach an operator's terminal escaped.
      const who = holder ? `process ${holder.pid} on ${printable(holder.host)} (${printable(holder.command)}, since ${printable(holder.since)})` : 'another process';
      throw new DirectoryLockedError(
        `the consent log in ${dir} is open in ${who}. PGlite serves one process at a time: stop that process first ` +
          `(a running "consent-gate log serve" holds its directory until it stops), or keep the log on PostgreSQL ` +
          `(--postgres) to query it while it runs. If that process is gone, delete ${file}.`,
      );
    }
  }
  const key = realPath(file);
  mine.add(key);
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    mine.delete(key);
    process.off('exit', release);
    try {
      if (readHolder(file)?.pid === process.pid) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  // A process that exits without closing the store (an uncaught error) still leaves no lock behind.
  process.on('exit', release);
  return { release };
}

/** How old a lock without a readable holder must be before it counts as cut short by a crash (a write takes µs). */
const UNREADABLE_STALE_MS = 2_000;
/** How long a takeover may last before another opener may take its place (its process died in the middle). */
const TAKEOVER_STALE_MS = 10_000;

/**
 * Removes the lock when its holder is dead (or it was cut short by a crash), and says whether to try again. Only the
 * opener that created `<lock>.takeover` may remove it, and it reads the holder again once it has: two openers that
 * both saw the same dead holder would otherwise each remove the lock — the second one the lock the first had just
 * taken — and both open the directory.
 */
function takeOver(file: string, host: string): boolean {
  const gate = `${file}.takeover`;
  try {
    writeFileSync(gate, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another opener is taking over: wait for it, then look again (its process may have died in the middle).
    if (ageOf(gate) > TAKEOVER_STALE_MS) unlinkQuietly(gate);
    else sleep(20);
    return true;
  }
  try {
    const holder = readHolder(file);
    // Released meanwhile: free to take.
    if (!holder && !existsSync(file)) return true;
    // A holder with this process's own pid that this process does not hold died under the same pid: in a container
    // the collector is pid 1 on every start, and a SIGKILLed one (the OOM killer, `docker kill`) left its lock.
    const dead = (pid: number) => (pid === process.pid ? !mine.has(realPath(file)) : !isAlive(pid));
    const stale = holder ? holder.host === host && dead(holder.pid) : ageOf(file) > UNREADABLE_STALE_MS;
    if (!stale) return false;
    unlinkQuietly(file);
    return true;
  } finally {
    unlinkQuietly(gate);
  }
}

function ageOf(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuietly(file: string) {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function readHolder(file: string): Holder | null {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    return typeof holder.pid === 'number' && typeof holder.host === 'string'
      ? { pid: holder.pid, host: holder.host, command: String(holder.command ?? '?'), since: String(holder.since ?? '?') }
      : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie (a collector killed and not yet reaped: in a container whose PID 1 is no init, for as long as nothing
  // waits for it) answers signal 0 as a live process does; Linux's /proc says which it is (proc(5): state "Z"). The
  // command name in parentheses may hold spaces and ")": the state follows the last ")".
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return true;
  }
}
