// @vitest-environment node
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectoryLockedError, LOCK_FILE, lockDirectory } from '../../src/server/directory-lock.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(dir => rmSync(dir, { recursive: true, force: true })));
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-lock-'));
  dirs.push(dir);
  return dir;
};
const holder = (pid: number) => JSON.stringify({ pid, host: hostname(), command: 'consent-gate log serve', since: '2026-11-30T00:00:00.000Z' }) + '\n';
/** A pid no process has: far above Linux's pid_max default. */
const DEAD = 4_000_000;
const age = (file: string, seconds: number) => utimesSync(file, new Date(Date.now() - seconds * 1000), new Date(Date.now() - seconds * 1000));

describe('the PGlite directory lock', () => {
  it('takes a free directory, and leaves nothing behind once released', () => {
    const dir = scratch();
    const lock = lockDirectory(dir, 'test');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('refuses a directory a live process holds, naming it', () => {
    const dir = scratch();
    writeFileSync(join(dir, LOCK_FILE), holder(process.ppid));
    expect(() => lockDirectory(dir, 'test')).toThrow(DirectoryLockedError);
    expect(() => lockDirectory(dir, 'test')).toThrow(`process ${process.ppid} on "${hostname()}" ("consent-gate log serve", since "2026-11-30T00:00:00.000Z")`);
  });

  // Regression (security probe): the holder's words went raw to the operator's terminal; anyone who can write the
  // directory could set its title, clear it or forge a line.
  it('says a holder\'s words escaped: no terminal control reaches the operator', () => {
    const dir = scratch();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, host: hostname(), command: 'x\u001b]0;pwned\u0007\u001b[2J', since: '\u009b31m' }));
    let said = '';
    try {
      lockDirectory(dir, 'test');
    } catch (error) {
      said = (error as Error).message;
    }
    expect(said).toContain('("x\\u001b]0;pwned\\u0007\\u001b[2J", since "\\u009b31m")');
    expect(said).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('takes over the lock of a process that died', () => {
    const dir = scratch();
    writeFileSync(join(dir, LOCK_FILE), holder(DEAD));
    lockDirectory(dir, 'test').release();
    expect(existsSync(join(dir, `${LOCK_FILE}.takeover`))).toBe(false);
  });

  // Regression (server attack): a collector killed with SIGKILL stayed a zombie until its parent reaped it, and signal 0
  // still reached it: the restart was refused ("open in process N") meanwhile.
  it.runIf(process.platform == 'linux')('regression: takes over the lock of a zombie process', async () => {
    const { spawn } = await import('node:child_process');
    // `sh` starts `sleep 0` and becomes `sleep 5`, which never waits for it: a zombie for five seconds.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number(await new Promise<string>(resolve => parent.stdout!.once('data', data => resolve(String(data)))));
      for (let i = 0; i < 50 && !/\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); i++) await new Promise(resolve => setTimeout(resolve, 20));
      expect(readFileSync(`/proc/${pid}/stat`, 'utf8')).toMatch(/\) Z/);
      const dir = scratch();
      writeFileSync(join(dir, LOCK_FILE), holder(pid));
      lockDirectory(dir, 'test').release();
    } finally {
      parent.kill();
    }
  });

  // Load probe: in a container the collector is pid 1 on every start; one killed with SIGKILL left a lock naming pid
  // 1, which the next start took for itself alive, and it could never start again.
  it('regression: a lock naming this process\'s own pid, which this process does not hold, is taken over', () => {
    const dir = scratch();
    writeFileSync(join(dir, LOCK_FILE), holder(process.pid));
    const lock = lockDirectory(dir, 'test');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).command).toBe('test');
    // The same process opening a directory it holds is still refused: one PGlite per directory.
    expect(() => lockDirectory(dir, 'again')).toThrow(DirectoryLockedError);
    lock.release();
    lockDirectory(dir, 'after the release').release();
  });

  it('a directory this process holds is refused through a symlink too', () => {
    const dir = scratch();
    const link = join(scratch(), 'link');
    symlinkSync(dir, link);
    const lock = lockDirectory(dir, 'test');
    expect(() => lockDirectory(link, 'again')).toThrow(DirectoryLockedError);
    lock.release();
  });

  it('a lock without a holder is one being written when it is new, one cut short by a crash when it is old', () => {
    const dir = scratch();
    const file = join(dir, LOCK_FILE);
    writeFileSync(file, '');
    expect(() => lockDirectory(dir, 'test')).toThrow('is open in another process');
    age(file, 5);
    lockDirectory(dir, 'test').release();
  });

  it('waits for another opener taking over, and takes the place of one that died in the middle', () => {
    const dir = scratch();
    writeFileSync(join(dir, LOCK_FILE), holder(DEAD));
    const gate = join(dir, `${LOCK_FILE}.takeover`);
    writeFileSync(gate, String(DEAD));
    // A fresh takeover is waited for (about a second), then the directory is reported as held.
    expect(() => lockDirectory(dir, 'test')).toThrow(DirectoryLockedError);
    age(gate, 30);
    lockDirectory(dir, 'test').release();
  });
});
