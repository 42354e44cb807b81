import type { SqlClient, SqlQueryable } from './sql-client.js';

/** One step of the schema: applied once per database, in version order, and recorded in consent_log_migrations. */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
  /**
   * The oldest schema version whose collectors may go on writing once this step is applied: during a rolling deploy
   * the collectors of the version before still run beside the one that migrated. A step older writers would get wrong
   * (a column they leave empty that must not be, a meaning changed) keeps the default, this step's version: they then
   * refuse receipts (503, sent again later) and fail their health check until they are upgraded.
   */
  oldestWriter?: number;
}

/**
 * The schema of the consent log, the same on PGlite and PostgreSQL. Append a migration to change it; never edit
 * one that has shipped (databases that applied it would not see the edit).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'receipts partitioned by month of receipt, receipt ids, index on consent id and time',
    statements: [
      // Range partitions by the collector's clock: a retention purge drops whole months (DROP TABLE, instant, no
      // dead rows to vacuum) instead of deleting millions of rows. The primary key must contain the partition key.
      `CREATE TABLE consent_receipts (
        received_at timestamptz NOT NULL,
        seq bigserial NOT NULL,
        receipt_id text,
        consent_id text NOT NULL,
        action text NOT NULL,
        policy_version text NOT NULL,
        client_time timestamptz NOT NULL,
        origin text,
        client_hash text,
        receipt json NOT NULL,
        PRIMARY KEY (received_at, seq)
      ) PARTITION BY RANGE (received_at)`,
      // json, not jsonb: the receipt is kept as the text the collector validated (its keys in the order of the
      // Receipt interface, each map's entries in the order sent); queries use the columns beside it.
      `COMMENT ON TABLE consent_receipts IS 'consent-gate log: consent receipts kept as proof (SPEC 7.6), one partition per UTC month of received_at'`,
      // "What did consent id X agree to, and when": one index probe per month.
      `CREATE INDEX consent_receipts_consent_id_time ON consent_receipts (consent_id, received_at)`,
      // A unique key on a partitioned table must contain the partition key, and a receipt sent again arrives at
      // another time (perhaps another month): the ids that make a resend idempotent live in a table of their own.
      `CREATE TABLE consent_receipt_ids (
        receipt_id text PRIMARY KEY,
        received_at timestamptz NOT NULL
      )`,
      `CREATE INDEX consent_receipt_ids_time ON consent_receipt_ids (received_at)`,
    ],
  },
  {
    version: 2,
    name: 'a content hash beside each receipt id',
    statements: [
      // An id sent again with other content must be refused, not answered "duplicate" (SPEC §7.6: nothing
      // acknowledged is lost). Ids stored before this step keep NULL: the store then hashes the receipt they name.
      // Adding a nullable column without a default rewrites no rows, so a large log migrates at once.
      `ALTER TABLE consent_receipt_ids ADD COLUMN content_hash text`,
    ],
    // A collector of version 1 leaves the hash NULL, which the store reads as "hash the receipt this id names".
    oldestWriter: 1,
  },
];

/** The tables the migrations make, each there once they are applied: all made by the first. */
const TABLES = ['consent_receipts', 'consent_receipt_ids'];

/** Serializes migrations between collectors that start together against one PostgreSQL ("cglog" in ASCII). */
const MIGRATION_LOCK = 0x63676c6f67;

/** How `migrate` waits for the locks its steps need (the collectors' receipts wait behind it meanwhile). */
export interface MigrateOptions {
  /** The longest one try waits for a lock. @default 1000 */
  lockTimeoutMs?: number;
  /** Tries before it gives up, each after a pause that lets the receipts waiting behind the last one through. @default 20 */
  tries?: number;
}

/**
 * Brings the schema up to date in one transaction, under an advisory lock, and returns the versions it applied. A
 * database migrated by a newer consent-gate is refused rather than written with an older idea of the schema.
 */
export async function migrate(client: SqlClient, migrations: readonly Migration[] = MIGRATIONS, options: MigrateOptions = {}): Promise<number[]> {
  const lockTimeoutMs = Math.max(1, Math.trunc(options.lockTimeoutMs ?? 1000));
  const tries = Math.max(1, Math.trunc(options.tries ?? 20));
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(client, migrations, lockTimeoutMs);
    } catch (error) {
      // SQLSTATE 55P03, lock_not_available: lock_timeout ran out. A lock the steps wait for queues every statement
      // asking for that table after it (PostgreSQL grants locks in order): a batch kept under way, an export, a lock
      // taken by hand would otherwise hold every collector's receipts and /health for as long as it lasts.
      if ((error as { code?: unknown } | null)?.code !== '55P03') throw error;
      if (attempt >= tries) {
        throw new Error(
          `the consent log's tables stayed in use by another session for more than ${lockTimeoutMs} ms at each of ${tries} tries ` +
            '(a long statement, an export, a lock taken by hand): no migration was applied; run it again once they are free',
          { cause: error },
        );
      }
      await new Promise(resolve => setTimeout(resolve, Math.min(lockTimeoutMs, 250)));
    }
  }
}

async function migrateOnce(client: SqlClient, migrations: readonly Migration[], lockTimeoutMs: number): Promise<number[]> {
  return client.transaction(async tx => {
    // Collectors that start together wait for each other here (they hold nothing anyone else needs), with no lock
    // timeout yet.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`SET LOCAL lock_timeout = ${lockTimeoutMs}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS consent_log_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      oldest_writer integer
    )`);
    // Logs made before migrations said which older collectors may write: theirs read as "none" (writeBlocker).
    const { rows: [column] } = await tx.query<{ found: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'consent_log_migrations' AND column_name = 'oldest_writer' AND table_schema = current_schema()) AS found",
    );
    if (!column?.found) await tx.query('ALTER TABLE consent_log_migrations ADD COLUMN oldest_writer integer');
    const { rows } = await tx.query<{ version: number; oldest_writer: number | null }>('SELECT version, oldest_writer FROM consent_log_migrations');
    const done = new Set(rows.map(row => Number(row.version)));
    // The oldest collector version the applied steps still let write (as writeBlocker reads them): those may be running.
    const writing = Math.max(0, ...rows.map(row => Number(row.oldest_writer ?? row.version)));
    const known = newestOf(migrations);
    const newest = Math.max(0, ...done);
    // Not an outage to wait out: no retry of this consent-gate will write that log (said as it is, not as "unavailable").
    const { rows: [blocked] } = await tx.query<{ version: number | null }>(writeBlocker(known));
    if (blocked?.version != null) throw new LogSchemaError(newer(newest, known, Number(blocked.version)));
    // The first step would fail on them with "relation already exists", which says nothing of the cause.
    const stray = done.size ? undefined : await strayTables(tx);
    if (stray) throw new LogSchemaError(`${stray}; no migration was applied`);
    const applied: number[] = [];
    // Each collector's insert reads consent_log_migrations in its own statement (writeBlocker), whose snapshot is
    // taken once it holds its lock on that table: holding it exclusively, the steps wait for the batches under way,
    // and a batch arriving meanwhile sees them committed. Without it a batch that started before the commit went on
    // with the older meaning a step had just changed. Only for a step that refuses a collector that may be running
    // (one the applied steps let write): every collector's writes wait as long as the steps take.
    const refusing = migrations.some(migration => !done.has(migration.version) && (migration.oldestWriter ?? migration.version) > writing);
    if (refusing) await tx.query('LOCK TABLE consent_log_migrations IN ACCESS EXCLUSIVE MODE');
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO consent_log_migrations (version, name, oldest_writer) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.oldestWriter ?? migration.version,
      ]);
      applied.push(migration.version);
    }
    // A table dropped while its migration stays recorded (a partial restore) is made by no migration: said, with the way out.
    const missing = await missingTables(tx);
    if (missing) throw new Error(`${missing}: restore them from a backup, or drop consent_log_migrations too to start an empty log`);
    return applied;
  });
}

/** A database that holds no consent log, or one of a schema this consent-gate cannot read: no retry will help. */
export class LogSchemaError extends Error {
  override name = 'LogSchemaError';
}

/**
 * The schema as a reading command finds it, changing nothing: reading never creates a log (an unrelated database
 * given by mistake stays as it was), and a role allowed only SELECT can audit. A log of another schema version is
 * refused, naming what to do.
 */
export async function checkSchema(db: SqlQueryable, where: string, migrations: readonly Migration[] = MIGRATIONS): Promise<void> {
  const { rows: [found] } = await db.query<{ name: string | null }>("SELECT to_regclass('consent_log_migrations')::text AS name");
  if (!found?.name) {
    const stray = await strayTables(db);
    if (stray) throw new LogSchemaError(stray);
    throw new LogSchemaError(`there is no consent log in ${where} (no consent_log_migrations table; "consent-gate log serve" on it creates one)`);
  }
  const newest = await schemaVersion(db);
  const known = newestOf(migrations);
  if (newest > known) throw new LogSchemaError(newer(newest, known));
  const stray = newest ? undefined : await strayTables(db);
  if (stray) throw new LogSchemaError(stray);
  if (newest < known) {
    throw new LogSchemaError(`the consent log's schema is at version ${newest}, older than this consent-gate's (${known}): run "consent-gate log migrate" on it (or start "consent-gate log serve", which migrates it too)`);
  }
  const missing = await missingTables(db);
  if (missing) throw new LogSchemaError(`${missing}: restore them from a backup`);
}

/** The newest migration applied to the log (0 for none). */
export async function schemaVersion(db: SqlQueryable): Promise<number> {
  const { rows } = await db.query<{ version: number | null }>('SELECT max(version) AS version FROM consent_log_migrations');
  return Number(rows[0]?.version ?? 0);
}

export const newestOf = (migrations: readonly Migration[] = MIGRATIONS) => Math.max(0, ...migrations.map(migration => migration.version));

/**
 * The first applied migration newer than `known` that older collectors must not write after (one row, `version`, NULL
 * when none). Read by a collector as it opens and with every batch it stores (src/server/sql-store.ts), so one of the
 * version before stops writing once a newer one migrates the log during a rolling deploy. A step recorded without
 * `oldest_writer` (applied before migrations recorded it) allows none: read as its own version.
 */
export const writeBlocker = (known: number) =>
  // Read through to_jsonb: a log of the release before has no such column, and a reader's role may not add it.
  `SELECT min(version) AS version, (SELECT max(version) FROM consent_log_migrations) AS newest FROM consent_log_migrations m
   WHERE version > ${Math.trunc(known)} AND coalesce((to_jsonb(m) ->> 'oldest_writer')::integer, version) > ${Math.trunc(known)}`;

export const newer = (newest: number, known: number, blocking = newest) =>
  `the consent log's schema is at version ${newest}, newer than this consent-gate knows (${known})${
    blocking === newest ? '' : ` and its migration ${blocking} lets no collector of version ${known} write`
  }: upgrade consent-gate`;

/**
 * The tables the migrations make that are gone although their migration is recorded (a partial restore): no
 * migration makes them again. Said as "… went missing while …", or undefined when every one is there.
 */
async function missingTables(db: SqlQueryable): Promise<string | undefined> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM unnest($1::text[]) AS name WHERE to_regclass(name) IS NULL', [TABLES]);
  return rows.length ? `${rows.map(row => row.name).join(' and ')} went missing while consent_log_migrations records their migration` : undefined;
}

/**
 * The tables the migrations make that are there although consent_log_migrations records none (restored without it,
 * emptied, or the tables made by hand): which schema they hold is unknown, so no step is applied to them. Said with
 * the way out, or undefined when there is none.
 */
async function strayTables(db: SqlQueryable): Promise<string | undefined> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM unnest($1::text[]) AS name WHERE to_regclass(name) IS NOT NULL', [TABLES]);
  if (!rows.length) return undefined;
  const names = rows.map(row => row.name).join(' and ');
  return `${names} ${rows.length > 1 ? 'are' : 'is'} there while consent_log_migrations records no migration, so which schema ${rows.length > 1 ? 'they hold' : 'it holds'} is unknown: ` +
    'restore consent_log_migrations from the same backup as the receipts';
}
