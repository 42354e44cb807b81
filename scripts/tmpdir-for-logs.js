// Where the consent log's unit tests keep the logs they make (PGlite directories copied from the template, a
// PostgreSQL server's data): memory, where there is room for them. On a disk, every 39 MB copy and every write goes
// through the disk's writeback, which the other work on the machine shares; the tests never need their logs to
// outlive the machine. store.test.ts and log-cli.test.ts together, on a 2-core machine whose disk other runs shared:
// 50–63 s with everything in /tmp, 31–33 s in /dev/shm.
import { accessSync, constants, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';

/**
 * /dev/shm when it is writable and has 4 GB free (a unit test file keeps some twenty logs until it ends; a container's
 * 64 MB /dev/shm is not for them), else the system's temporary directory. A run that is killed leaves its logs there
 * until they are deleted or the machine restarts, as it would in /tmp.
 */
export function tmpdirForLogs() {
  try {
    accessSync('/dev/shm', constants.W_OK);
    const { bavail, bsize } = statfsSync('/dev/shm');
    if (bavail * bsize >= 4 * 1024 ** 3) return '/dev/shm';
  } catch {
    // No /dev/shm (macOS, Windows).
  }
  return tmpdir();
}
