// @vitest-environment node
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/log.js';
import { LOCK_FILE } from '../../src/server/directory-lock.js';
import { openPgliteStore } from '../../src/server/index.js';
import { receipt } from './fixtures.js';
import { cleanUp, freshLog } from './stores.js';

/**
 * Directories this process is told it may not write, as a read-only file system answers access(W_OK) (EROFS), for
 * root too: the tests may run as root, whom no mode keeps from writing.
 */
const readOnly = new Set<string>();
vi.mock('node:fs', async original => {
  const actual = await original<typeof import('node:fs')>();
  const accessSync: typeof actual.accessSync = (path, mode) => {
    if (readOnly.has(String(path)) && mode && mode & actual.constants.W_OK) throw Object.assign(new Error(`EROFS: read-only file system, access '${String(path)}'`), { code: 'EROFS' });
    return actual.accessSync(path, mode);
  };
  return { ...actual, accessSync, default: { ...actual, accessSync } };
});

afterAll(cleanUp, 60_000);

const ID = 'snapshot00000001';

async function snapshot() {
  const log = await freshLog('pglite');
  await log.store.add({ receipt: receipt({ consentId: ID }), receivedAt: new Date('2026-11-29T10:00:00.000Z'), origin: 'https://www.ooopic.com', clientHash: null });
  await log.store.close();
  const dir = log.flags[1]!;
  // A snapshot of a running collector holds its lock, naming a process alive on this host.
  fs.writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, host: hostname(), command: 'consent-gate log serve', since: '2026-11-29T00:00:00.000Z' }));
  readOnly.add(dir);
  return dir;
}

// Back-end probe: a read-only snapshot of a log (a file system's, a mounted backup) could not be read at all: the
// reading commands wrote their lock file first (EROFS), and PGlite itself writes as it starts.
describe('a log the reading commands may not write', () => {
  it('regression: is read from a copy without its lock, said in its description, and the copy goes as the store closes', async () => {
    const dir = await snapshot();
    const listening = () => ['SIGINT', 'SIGTERM'].map(event => process.listenerCount(event));
    const before = listening();
    const store = await openPgliteStore({ dir, create: false, readOnly: true, holder: 'test' });
    const copy = /read from a copy in (\S+)$/.exec(store.description)?.[1];
    try {
      // Removed by Ctrl-C, a kill or the process's end too (the copy holds the log's personal data).
      expect(listening()).toEqual(before.map(n => n + 1));
      expect(store.description).toBe(`PGlite in ${dir}, read-only, read from a copy in ${copy}`);
      expect((await store.history(ID)).map(entry => entry.receipt.consentId)).toEqual([ID]);
      expect(fs.readdirSync(dir)).toContain(LOCK_FILE);
      expect(fs.existsSync(copy!)).toBe(true);
    } finally {
      await store.close();
    }
    expect(fs.existsSync(copy!)).toBe(false);
    expect(listening()).toEqual(before);
  }, 60_000);

  it('log show and stats read it; purge, which changes the log, is refused and says why', async () => {
    const dir = await snapshot();
    const io = () => {
      const said = { out: '', err: '' };
      return {
        said,
        io: {
          stdout: { write: (text: string) => ((said.out += text), true) },
          stderr: { write: (text: string) => ((said.err += text), true) },
          env: {},
          now: () => new Date('2026-11-29T12:00:00.000Z'),
        },
      };
    };
    const show = io();
    expect(await main(['show', ID, '--db', dir], show.io)).toBe(0);
    expect(show.said.out).toContain(`consent id ${ID}: 1 receipt, received 2026-11-29 10:00:00.000 UTC to 2026-11-29 10:00:00.000 UTC (PGlite in ${dir}, read-only, read from a copy in `);
    const stats = io();
    expect(await main(['stats', '--db', dir, '--json'], stats.io)).toBe(0);
    expect(JSON.parse(stats.said.out)).toMatchObject({ total: { receipts: 1 } });
    const purge = io();
    expect(await main(['purge', '--older-than', '3y', '--db', dir], purge.io)).toBe(2);
    expect(purge.said.err).toContain(`${dir} cannot be written here (a read-only snapshot, or another user's directory), and consent-gate log purge changes the log`);
    const dry = io();
    expect(await main(['purge', '--older-than', '3y', '--dry-run', '--db', dir], dry.io)).toBe(0);
  }, 60_000);
});
