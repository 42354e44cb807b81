import { accessSync, chmodSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LOCK_FILE, lockDirectory } from './directory-lock.js';
import { loadDriver } from './load-driver.js';
import type { SqlClient } from './sql-client.js';
import { createSqlStore } from './sql-store.js';
import type { ReceiptStore } from './store.js';

export interface PgliteStoreOptions {
  /** The directory of the database; created when missing unless `create` is false. */
  dir: string;
  /**
   * @default true; false for commands that read a log: they must not create an empty one at a mistyped path, and the
   * schema is checked, never changed.
   */
  create?: boolean;
  /** @default `create`; false to migrate an existing log but make none where there is no database (`log migrate`). */
  make?: boolean;
  /** Who holds the directory, shown to a second process that tries to open it. @default 'consent-gate/server' */
  holder?: string;
  /** Called as a new log starts being made (initdb: 3–20 s), once the directory is found fit for it. */
  onMaking?: () => void;
  /**
   * Only reads (with `create: false`): a directory it may not write (a read-only snapshot) is read from a copy, which
   * PGlite needs (it writes as it starts).
   */
  readOnly?: boolean;
  /** How the store names itself in messages. @default `PGlite in <dir>` */
  description?: string;
}

type PGliteLike = {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
  transaction<T>(work: (tx: Pick<PGliteLike, 'query'>) => Promise<T>): Promise<T>;
  readonly closed: boolean;
  close(): Promise<void>;
};
type PGliteModule = { PGlite: { create(dataDir: string): Promise<PGliteLike> } };

/** What a PostgreSQL data directory holds (initdb's subdirectories and configuration files, a postmaster's files). */
const INITDB_NAME = /^(base|global|pg_[a-z_]+|postgresql(\.auto)?\.conf|postmaster\.(pid|opts))$/;

/**
 * Written before the store's own initdb starts, removed once the log is made: only beside it are PostgreSQL's names
 * leftovers of ours to remove. Without it they may be anyone's (a compose file's `pg_data` volume, a server's data
 * directory given by mistake), and are refused, never deleted.
 */
const MAKING = '.consent-gate-making';

/**
 * The embedded store: PostgreSQL compiled to WebAssembly (PGlite), in a directory, nothing to install or run beside
 * the collector. One process at a time (the directory is locked while open). Commits reach the operating system
 * before the collector answers, so they survive the collector's crash; PGlite does not fsync, so a power cut of the
 * machine may lose the last ones: proof that must outlive the machine belongs on PostgreSQL.
 */
export async function openPgliteStore(options: PgliteStoreOptions): Promise<ReceiptStore> {
  const dir = resolve(options.dir);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new Error(`${options.dir} is a file, not a directory: a consent log is a directory of its own (a new or empty one for a new log)`);
  const fresh = !existsSync(join(dir, 'PG_VERSION'));
  // A server's data directory has the options its postmaster last started with; PGlite runs no postmaster.
  if (!fresh && existsSync(join(dir, 'postmaster.opts'))) {
    throw new Error(`${options.dir} is a PostgreSQL server's data directory, not a consent log: give the server as --postgres postgres://… (or CONSENT_LOG_POSTGRES), or a directory of the log's own`);
  }
  if (fresh && (options.make ?? options.create) === false) {
    throw new Error(`there is no consent log in ${options.dir} (no PGlite database in that directory; "consent-gate log serve --db ${options.dir}" creates one)`);
  }
  if (!fresh && options.create === false && !writable(dir)) {
    if (options.readOnly) return openCopy(dir, options);
    throw new Error(`${options.dir} cannot be written here (a read-only snapshot, or another user's directory), and ${options.holder ?? 'this'} changes the log: run it where the log is the collector's own`);
  }
  // PGlite writes its files readable and writable by every user (0666, whatever the umask), the WAL with the newest
  // receipts among them: a log kept as proof is the operator's alone, as PostgreSQL's initdb makes a data directory
  // 0700. A directory made before, or by the operator, is closed too.
  if (fresh) mkdirSync(dir, { recursive: true, mode: 0o700 });
  closeToOthers(dir);
  const { PGlite } = await loadDriver<PGliteModule>('@electric-sql/pglite');
  // Locked first: a second collector started while the first one makes the database is told who holds it.
  const lock = lockDirectory(dir, options.holder ?? 'consent-gate/server');
  // A directory of other files (a mistyped path, the app's own data) is not turned into a database beside them. A
  // volume's own `lost+found` and hidden files (`.gitkeep`, `.DS_Store`) do not count.
  const others = fresh ? readdirSync(dir).filter(name => name != LOCK_FILE && name != 'lost+found' && !name.startsWith('.')) : [];
  // Only PostgreSQL's own names and no PG_VERSION, which PGlite's initdb writes last: an initdb cut short (the first
  // start stopped by a deploy's SIGTERM or Ctrl-C). No PostgreSQL starts on such a directory, so it is made afresh
  // rather than refused at every start until someone deletes it by hand.
  if (others.length && existsSync(join(dir, MAKING)) && others.every(name => INITDB_NAME.test(name))) {
    for (const name of others) rmSync(join(dir, name), { recursive: true, force: true });
    others.length = 0;
  }
  if (others.length) {
    lock.release();
    throw new Error(`${options.dir} holds other files (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''}) and no consent log: give a new or empty directory`);
  }
  if (fresh) options.onMaking?.();
  if (fresh) writeFileSync(join(dir, MAKING), 'consent-gate: a new consent log is being made here. Left behind, the making was cut short: the next start makes it again.\n');
  const store = createSqlStore({
    description: options.description ?? `PGlite in ${options.dir}`,
    migrate: options.create !== false,
    open: async () => pgliteClient(await PGlite.create(dir)),
    release: async () => lock.release(),
  });
  try {
    await store.ping();
  } catch (error) {
    await store.close();
    throw error;
  }
  if (fresh) rmSync(join(dir, MAKING), { force: true });
  return store;
}

const writable = (dir: string) => {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * A log a reading command may not write: a read-only snapshot (a file system's, a mounted backup), or a directory of
 * another user's. PGlite opens none (it writes as it starts: recovery, its lock), so it reads a copy, made in the
 * system's temporary directory without the lock file (a snapshot of a running collector holds its lock) and removed
 * as the store closes. Its description says so.
 */
async function openCopy(dir: string, options: PgliteStoreOptions): Promise<ReceiptStore> {
  const copy = mkdtempSync(join(tmpdir(), 'consent-log-copy-'));
  // The copy holds the log's personal data: gone as the command ends, by Ctrl-C or a kill too (a signal's default
  // ends the process without its `exit` event: said again once the copy is gone).
  const gone = () => {
    process.off('SIGINT', signalled).off('SIGTERM', signalled).off('exit', gone);
    rmSync(copy, { recursive: true, force: true });
  };
  const signalled = (signal: NodeJS.Signals) => (gone(), process.kill(process.pid, signal));
  process.once('SIGINT', signalled).once('SIGTERM', signalled).once('exit', gone);
  try {
    cpSync(dir, copy, { recursive: true, filter: source => source != join(dir, LOCK_FILE) });
    const store = await openPgliteStore({ ...options, dir: copy, description: `PGlite in ${options.dir}, read-only, read from a copy in ${copy}` });
    const close = store.close.bind(store);
    return Object.assign(store, { close: () => close().finally(gone) });
  } catch (error) {
    gone();
    throw error;
  }
}

/** PGlite behind the SqlClient interface; also used by the bench to stop and restart an embedded store. */
export function pgliteClient(db: PGliteLike): SqlClient {
  const queryOn = (on: Pick<PGliteLike, 'query'>): SqlClient['query'] => async <Row>(text: string, params?: unknown[]) => {
    const result = await on.query<Row>(text, params);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  };
  return {
    query: queryOn(db),
    transaction: work => db.transaction(tx => work({ query: queryOn(tx) })),
    get broken() {
      return db.closed;
    },
    close: () => (db.closed ? Promise.resolve() : db.close()),
  };
}

/**
 * The log's directory closed to others (POSIX; Windows keeps its ACLs): its owner's, and its group's to read where the
 * operator gave it that. One this process may not change (another user's, a read-only snapshot) is read as it is.
 */
function closeToOthers(dir: string) {
  if (process.platform == 'win32') return;
  const { mode } = statSync(dir);
  // A group may keep reading (0750: auditors, as PostgreSQL's --allow-group-access), never writing; others nothing.
  if (mode & 0o027) {
    try {
      chmodSync(dir, mode & 0o750);
    } catch {}
  }
}
