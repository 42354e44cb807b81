import { hostname } from 'node:os';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
 * Claims a PGlite directory for this process. PGlite runs PostgreSQL in this process, without the postmaster that
 * would refuse a second one: PGlite 0.5.17 opens a directory another process has open, without a word, and the two
 * then overwrite each other's pages. So every opener takes this lock file first; a lock left by a process that died is taken over.
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
      const holder = readHolder(file);
      const stale = holder && holder.host === me.host && !isAlive(holder.pid);
      if (attempt === 0 && (stale || holder === null)) {
        // A lock of a dead process, or one cut short by a crash mid-write: this process takes over.
        unlinkSync(file);
        continue;
      }
      const who = holder ? `process ${holder.pid} on ${holder.host} ("${holder.command}", since ${holder.since})` : 'another process';
      throw new DirectoryLockedError(
        `the consent log in ${dir} is open in ${who}. PGlite serves one process at a time: stop that process first ` +
          `(a running "consent-gate log serve" holds its directory until it stops), or keep the log on PostgreSQL ` +
          `(--postgres) to query it while it runs. If that process is gone, delete ${file}.`,
      );
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
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
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
