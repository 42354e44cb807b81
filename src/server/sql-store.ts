import type { Receipt } from '../core/receipt.js';
import { createBatchQueue } from './batch-queue.js';
import { contentHash } from './content-hash.js';
import { checkSchema, LogSchemaError, migrate, newer, newestOf, schemaVersion, writeBlocker } from './migrations.js';
import { monthNamed, monthOf, nextMonth, PARENT_TABLE, type Month } from './month-partition.js';
import { RECEIPT_KEYS } from './receipt-schema.js';
import type { SqlClient, SqlConnector, SqlQueryable } from './sql-client.js';
import { isDoubtful, PurgeRefusedError, ReceiptConflictError, StoreUnavailableError, type LoggedReceipt, type Partition, type Period, type ReceiptStore, type Stats, type StatsKey } from './store.js';

/** Serializes partition creation between collectors ("cgpart"): two CREATE TABLE … PARTITION OF at once collide. */
const PARTITION_LOCK = 0x6367706172;
/** After a failed open, requests are answered at once for this long instead of each waiting for another attempt. */
const REOPEN_DELAY_MS = 1000;
const PAGE_SIZE = 1000;
/** The newest schema version this consent-gate writes. */
const KNOWN = newestOf();
/** Receipts stored by one statement at most (10 parameters each, far below PostgreSQL's 65,535). */
const MAX_BATCH = 100;
/** At most this many receipts wait for the store, each at most this long (a healthy store takes a batch in ms). */
const MAX_WAITING = 2_000;
const MAX_WAIT_MS = 5_000;
/**
 * How long receipts the store could not keep, for its own reasons, keep the health endpoint unhealthy. A full disk
 * fails each insert ("could not extend file") while `SELECT 1` still answers, and no probe that writes nothing tells:
 * the outcome of the receipts does. Then healthy again, so that a load balancer that took this collector out sends it
 * receipts once more, whose outcome says again (no collector stays out for good after a failure mended meanwhile).
 */
export const WRITE_FAILED_MS = 60_000;

const STATS_KEYS: Record<StatsKey, string> = {
  day: `to_char(received_at AT TIME ZONE $3, 'YYYY-MM-DD')`,
  action: 'action',
  policy: 'policy_version',
};

type Added = Awaited<ReturnType<ReceiptStore['add']>>;

interface Row {
  received_at: Date | string;
  seq_text: string;
  origin: string | null;
  client_hash: string | null;
  receipt: Record<string, unknown> | string;
  receipt_id: string | null;
  consent_id: string;
  action: string;
  policy_version: string;
  client_time: Date | string;
  /** The content hash kept with its id as it arrived (null: no id, or stored before migration 2; absent: not asked for). */
  id_hash?: string | null;
}

// The text alias must not be named `seq`: ORDER BY would then sort by the text ('10' before '9'). The columns an
// index or `stats` reads come along to check each row against its receipt (`problems`).
const COLUMNS = 'received_at, seq::text AS seq_text, origin, client_hash, receipt, receipt_id, consent_id, action, policy_version, client_time';
// And the hash kept with its id, where asked for (`show`, `verify`): an index probe a row, which an export of years
// does not pay for.
const HASHED = `${COLUMNS}, CASE WHEN receipt_id IS NOT NULL THEN (SELECT content_hash FROM consent_receipt_ids i WHERE i.receipt_id = r.receipt_id) END AS id_hash`;

/**
 * Whether less than `ms` has passed since `at` (a `Date.now()`). A clock stepped back since (NTP, by hand) made the time
 * passed negative, and "less than" held for as long as it had stepped: a store that failed to open refused every
 * receipt for an hour after the database was back. Time that ran backwards has passed.
 */
const within = (at: number, ms: number) => {
  const passed = Date.now() - at;
  return passed >= 0 && passed < ms;
};

/**
 * The receipt store over SQL, one dialect for PGlite and PostgreSQL. The connection is opened (and the schema
 * migrated) on first use and opened again after it breaks, so a collector outlives a database restart: meanwhile
 * every call fails with StoreUnavailableError, which the handler answers with 503.
 */
export function createSqlStore(connector: SqlConnector): ReceiptStore {
  let client: SqlClient | undefined;
  let opening: Promise<SqlClient> | undefined;
  let failed: { at: number; error: Error } | undefined;
  /** The last receipts the store could not keep for its own reasons, until it keeps one (see WRITE_FAILED_MS). */
  let writeFailed: { at: number; error: Error } | undefined;
  /** The open connection whose schema went missing: the next call migrates it again. */
  let unmigrated: SqlClient | undefined;
  let closed = false;
  /** The schema as the connection was last opened (ReceiptStore's `schema`). */
  let schema: ReceiptStore['schema'];
  /** Months whose partition is known to exist on this connection. */
  const months = new Set<string>();

  function connection(): Promise<SqlClient> {
    if (closed) return Promise.reject(new StoreUnavailableError(`the consent log store (${connector.description}) is closed`));
    if (client?.broken) {
      client.close().catch(() => {});
      client = undefined;
      months.clear();
    }
    if (client) return Promise.resolve(client);
    if (failed && within(failed.at, REOPEN_DELAY_MS)) return Promise.reject(failed.error);
    opening ??= (async () => {
      // A connection that lost its schema is migrated again, not opened anew (PostgreSQL's is the pool itself).
      const kept = unmigrated;
      let fresh = kept;
      unmigrated = undefined;
      try {
        fresh ??= await connector.open();
        const applied = connector.migrate === false ? (await checkSchema(fresh, connector.description), []) : await migrate(fresh);
        schema = { version: await schemaVersion(fresh), applied };
        client = fresh;
        failed = undefined;
        return fresh;
      } catch (error) {
        if (error instanceof LogSchemaError) writeFailed = undefined;
        if (kept) unmigrated = kept;
        else await fresh?.close().catch(() => {});
        // No consent log there, or one of another schema: said as it is, not as an outage to wait out.
        failed = { at: Date.now(), error: error instanceof LogSchemaError ? error : unavailable(error, connector.description) };
        throw failed.error;
      } finally {
        opening = undefined;
      }
    })();
    return opening;
  }

  /** Runs `work` on the connection; a failure that is not the data's fault becomes StoreUnavailableError. */
  async function run<T>(work: (db: SqlClient) => Promise<T>): Promise<T> {
    const db = await connection();
    try {
      return await work(db);
    } catch (error) {
      if (isDataError(error)) throw error;
      // A newer collector migrated the log past what this one may write: every call refused as said, and the
      // connection migrated again after REOPEN_DELAY_MS, which refuses the same until this one is upgraded.
      if (error instanceof LogSchemaError) {
        // What failed while the newer collector migrated (statements waiting on its lock) is told by this instead,
        // and ends with it: kept, a rolled-back deploy left every collector unhealthy for a minute, behind a load
        // balancer that then sent none of them a receipt to clear it.
        writeFailed = undefined;
        if (client === db) {
          client = undefined;
          unmigrated = db;
          failed = { at: Date.now(), error };
          months.clear();
        }
        throw error;
      }
      // The schema gone under a running collector (a table dropped, a database restored from an older dump): the
      // next call migrates it again, instead of every receipt failing until a restart.
      if ((error as { code?: unknown } | null)?.code === '42P01' && client === db) {
        client = undefined;
        unmigrated = db;
        months.clear();
      }
      throw unavailable(error, connector.description);
    }
  }

  /** Refuses (LogSchemaError) where a newer collector migrated the log past what this one may write (writeBlocker). */
  async function ensureWritable(db: SqlQueryable): Promise<void> {
    const { rows: [blocker] } = await db.query<{ version: number | null; newest: number | null }>(writeBlocker(KNOWN));
    if (blocker?.version != null) throw new LogSchemaError(newer(Number(blocker.newest), KNOWN, Number(blocker.version)));
  }

  /** Creates the partition of `month` and of the month after, so the first receipts of a new month never wait on DDL. */
  async function ensurePartitions(db: SqlClient, month: Month): Promise<void> {
    const wanted = [month, nextMonth(month)].filter(m => !months.has(m.name));
    if (!wanted.length) return;
    await db.transaction(async tx => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
      // Partitions are schema too: a collector a newer one migrated past makes none (a newer schema may partition
      // otherwise), as it stores nothing (insertBatch).
      await ensureWritable(tx);
      for (const m of wanted) {
        await tx.query(
          `CREATE TABLE IF NOT EXISTS ${m.name} PARTITION OF ${PARENT_TABLE} FOR VALUES FROM ('${m.from.toISOString()}') TO ('${m.to.toISOString()}')`,
        );
      }
    });
    for (const m of wanted) months.add(m.name);
  }

  /**
   * Stores a batch in one statement (one commit): rows without an id, and rows whose id is new, in arrival order.
   * A concurrent insert of the same id elsewhere waits for this commit, then finds the id taken (ON CONFLICT DO
   * NOTHING); an id sent twice within the batch is kept once, from its first arrival. An id already taken is a resend
   * when the content hash matches, and a ReceiptConflictError when it does not (SPEC §7.6: "duplicate" is an
   * acknowledgement, so it must not be said of a receipt the log did not keep).
   */
  async function insertBatch(db: SqlQueryable, entries: LoggedReceipt[]): Promise<Array<Added | Error>> {
    const hashes = entries.map(entry => contentHash(entry.receipt));
    const first = new Map<string, number>();
    const unique = entries.flatMap((entry, i) => {
      const id = entry.receipt.id;
      if (id === undefined) return [i];
      if (first.has(id)) return [];
      first.set(id, i);
      return [i];
    });
    const params: unknown[] = [];
    const rows = unique.map((i, ord) => {
      const { receipt, receivedAt, origin, clientHash } = entries[i]!;
      const p = params.length;
      params.push(
        receivedAt.toISOString(), receipt.id ?? null, receipt.consentId, receipt.action, receipt.policyVersion, receipt.time,
        origin, clientHash, JSON.stringify(receipt), hashes[i],
      );
      return `($${p + 1}::timestamptz, $${p + 2}::text, $${p + 3}::text, $${p + 4}::text, $${p + 5}::text, $${p + 6}::timestamptz, ` +
        `$${p + 7}::text, $${p + 8}::text, $${p + 9}::json, $${p + 10}::text, ${ord})`;
    });
    const columns = 'received_at, receipt_id, consent_id, action, policy_version, client_time, origin, client_hash, receipt';
    // Written only while no newer collector migrated the log past what this one knows how to write (Migration's
    // oldestWriter): read in the statement's own snapshot, taken once it holds its lock on consent_log_migrations,
    // which `migrate` holds exclusively while it applies steps: no batch lands after a step that refuses it.
    const { rows: [outcome] } = await db.query<{ blocked: number | null; newest: number | null; ids: string[] | string | null }>(
      `WITH input (${columns}, content_hash, ord) AS (VALUES ${rows.join(', ')}),
       blocker AS (${writeBlocker(KNOWN)}),
       fresh AS (
         INSERT INTO consent_receipt_ids (receipt_id, received_at, content_hash)
         SELECT receipt_id, received_at, content_hash FROM input
         WHERE receipt_id IS NOT NULL AND (SELECT version FROM blocker) IS NULL ORDER BY receipt_id
         ON CONFLICT (receipt_id) DO NOTHING RETURNING receipt_id
       ),
       kept AS (
         INSERT INTO ${PARENT_TABLE} (${columns})
         SELECT ${columns} FROM input
         WHERE (SELECT version FROM blocker) IS NULL AND (receipt_id IS NULL OR receipt_id IN (SELECT receipt_id FROM fresh)) ORDER BY ord
         RETURNING receipt_id
       )
       SELECT blocker.version AS blocked, blocker.newest, (SELECT json_agg(receipt_id) FROM kept WHERE receipt_id IS NOT NULL) AS ids FROM blocker`,
      params,
    );
    if (outcome?.blocked != null) throw new LogSchemaError(newer(Number(outcome.newest), KNOWN, Number(outcome.blocked)));
    const ids: string[] = typeof outcome?.ids === 'string' ? (JSON.parse(outcome.ids) as string[]) : (outcome?.ids ?? []);
    const stored = new Set(ids);
    const taken = [...first.keys()].filter(id => !stored.has(id));
    const earlier = new Map<string, { receivedAt: Date; hash: string | undefined }>();
    if (taken.length) {
      // An id stored before migration 2 has no hash: the receipt it names is hashed instead (found by id and time,
      // one partition probe; purges delete the id with its month, so the row is there).
      const found = await db.query<{ receipt_id: string; received_at: Date | string; content_hash: string | null; receipt: Row['receipt'] | null }>(
        `SELECT i.receipt_id, i.received_at, i.content_hash,
           CASE WHEN i.content_hash IS NULL THEN (SELECT r.receipt FROM ${PARENT_TABLE} r WHERE r.receipt_id = i.receipt_id AND r.received_at = i.received_at LIMIT 1) END AS receipt
         FROM consent_receipt_ids i WHERE i.receipt_id = ANY($1::text[])`,
        [taken],
      );
      for (const row of found.rows) {
        const kept = row.receipt === null ? undefined : typeof row.receipt === 'string' ? (JSON.parse(row.receipt) as object) : row.receipt;
        earlier.set(row.receipt_id, { receivedAt: toDate(row.received_at), hash: row.content_hash ?? (kept && contentHash(kept)) });
      }
    }
    return entries.map((entry, i) => {
      const id = entry.receipt.id;
      if (id === undefined) return { stored: true, receivedAt: entry.receivedAt };
      const at = first.get(id)!;
      const before = stored.has(id) ? { receivedAt: entries[at]!.receivedAt, hash: hashes[at] } : earlier.get(id);
      if (stored.has(id) && at === i) return { stored: true, receivedAt: entry.receivedAt };
      // An id whose first receipt cannot be found at all (a hand-edited log) is answered as before: a resend.
      const receivedAt = before?.receivedAt ?? entries[at]!.receivedAt;
      if (before?.hash !== undefined && before.hash !== hashes[i]) return new ReceiptConflictError(receivedAt);
      return { stored: false, receivedAt };
    });
  }

  /** Stores a batch, and keeps whether the store failed to for its own reasons (the health endpoint, `ping`). */
  async function addBatch(entries: LoggedReceipt[]): Promise<Array<Added | Error>> {
    return storeBatch(entries).then(
      added => {
        // A batch split after a row the database refused: its rows' own outcomes, a store's failure among them.
        const failure = added.find(outcome => outcome instanceof StoreUnavailableError);
        writeFailed = failure ? { at: Date.now(), error: failure } : undefined;
        return added;
      },
      (error: unknown) => {
        // A log migrated past this collector is `ping`'s own check, which ends with it (a rolled-back deploy).
        if (!isDataError(error) && !(error instanceof LogSchemaError)) writeFailed = { at: Date.now(), error: error as Error };
        throw error;
      },
    );
  }

  /** Makes the months of the batch, stores it, and makes a month again that went away under this collector. */
  async function storeBatch(entries: LoggedReceipt[]): Promise<Array<Added | Error>> {
    return run(async db => {
      const batchMonths = new Map(entries.map(entry => monthOf(entry.receivedAt)).map(month => [month.name, month]));
      for (const month of batchMonths.values()) await ensurePartitions(db, month);
      try {
        return await insertBatch(db, entries);
      } catch (error) {
        // A purge elsewhere or a restored database took a partition this collector knew: make it again, once.
        if ((error as { code?: string }).code !== '23514') throw error;
        for (const month of batchMonths.values()) months.delete(month.name);
        for (const month of batchMonths.values()) await ensurePartitions(db, month);
        return insertBatch(db, entries);
      }
    }).catch(async error => {
      // A row the database refuses must not take the others of its batch down with it: each goes alone.
      if (entries.length === 1 || !isDataError(error)) throw error;
      return Promise.all(entries.map(entry =>
        addBatch([entry]).then(([result]) => result!, (failure: unknown) => (failure instanceof Error ? failure : new Error(String(failure))))));
    });
  }

  const add = createBatchQueue(addBatch, {
    maxBatch: MAX_BATCH,
    parallel: connector.parallel ?? 1,
    // A store that hangs answers 503 within seconds instead of holding every receipt that arrives in memory.
    maxWaiting: MAX_WAITING,
    maxWaitMs: MAX_WAIT_MS,
    overloaded: () => new StoreUnavailableError(`the consent log store (${connector.description}) is not keeping up: receipts waiting longer than ${MAX_WAIT_MS / 1000} s or beyond ${MAX_WAITING} are refused`),
  });

  /** The partitions, and with `cutoff`, how many receipts of each their browsers dated on or after it. */
  async function listPartitions(db: SqlQueryable, cutoff?: Date): Promise<Partition[]> {
    const { rows } = await db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = '${PARENT_TABLE}'::regclass ORDER BY c.relname`,
    );
    const partitions: Partition[] = [];
    for (const { name } of rows) {
      const month = monthNamed(name);
      if (!month) continue; // a table a DBA attached by hand: listed by nobody, dropped by nobody
      const count = cutoff
        ? await db.query<{ n: string | number; later: string | number }>(`SELECT count(*) AS n, count(*) FILTER (WHERE client_time >= $1::timestamptz) AS later FROM ${month.name}`, [cutoff.toISOString()])
        : await db.query<{ n: string | number; later?: undefined }>(`SELECT count(*) AS n FROM ${month.name}`);
      const row = count.rows[0];
      partitions.push({ ...month, receipts: Number(row?.n ?? 0), ...(cutoff && { datedLater: Number(row?.later ?? 0) }) });
    }
    return partitions;
  }

  return {
    description: connector.description,

    get schema() {
      return schema;
    },

    add,

    history: consentId =>
      run(async db => {
        const { rows } = await db.query<Row>(`SELECT ${HASHED} FROM ${PARENT_TABLE} r WHERE consent_id = $1 ORDER BY received_at, seq`, [consentId]);
        return rows.map(toLogged);
      }),

    async *scan(period: Period, pageSize = PAGE_SIZE, options = {}) {
      let after: { at: string; seq: string } | undefined;
      for (;;) {
        const page: Row[] = await run(async db => {
          const params: unknown[] = [period.from?.toISOString() ?? '-infinity', period.to?.toISOString() ?? 'infinity', pageSize];
          let keyset = '';
          if (after) {
            params.push(after.at, after.seq);
            keyset = 'AND (received_at, seq) > ($4::timestamptz, $5::bigint)';
          }
          const { rows } = await db.query<Row & { at: string }>(
            `SELECT ${options.verify ? HASHED : COLUMNS}, to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at FROM ${PARENT_TABLE} r
             WHERE received_at >= $1::timestamptz AND received_at < $2::timestamptz ${keyset}
             ORDER BY received_at, seq LIMIT $3`,
            params,
          );
          const last = rows[rows.length - 1];
          // The cursor keeps microseconds as text: a JavaScript Date would round them away and repeat rows.
          if (last) after = { at: last.at, seq: last.seq_text };
          return rows;
        });
        for (const row of page) yield toLogged(row);
        if (page.length < pageSize) return;
      }
    },

    stats: (by, period = {}) =>
      run(db => db.transaction(async db => {
        // One snapshot for the rows and the total: read apart while the collector stores, they disagreed.
        await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        const key = STATS_KEYS[by];
        if (!key) throw new TypeError(`consent-gate/server: stats by must be one of ${Object.keys(STATS_KEYS).join(', ')}, got ${JSON.stringify(by)}`);
        const range = [period.from?.toISOString() ?? '-infinity', period.to?.toISOString() ?? 'infinity'];
        const where = 'WHERE received_at >= $1::timestamptz AND received_at < $2::timestamptz';
        const order = by === 'action' ? 'receipts DESC, key' : 'key';
        const grouped = await db.query<{ key: string; receipts: string; consent_ids: string }>(
          `SELECT ${key} AS key, count(*) AS receipts, count(DISTINCT consent_id) AS consent_ids FROM ${PARENT_TABLE}
           ${where} GROUP BY 1 ORDER BY ${order}`,
          by === 'day' ? [...range, period.timeZone ?? 'UTC'] : range,
        );
        const total = await db.query<{ receipts: string; consent_ids: string }>(
          `SELECT count(*) AS receipts, count(DISTINCT consent_id) AS consent_ids FROM ${PARENT_TABLE} ${where}`,
          range,
        );
        const stats: Stats = {
          rows: grouped.rows.map(row => ({ key: row.key, receipts: Number(row.receipts), consentIds: Number(row.consent_ids) })),
          total: { receipts: Number(total.rows[0]?.receipts ?? 0), consentIds: Number(total.rows[0]?.consent_ids ?? 0) },
        };
        return stats;
      })),

    partitions: () => run(db => listPartitions(db)),

    purge: async (before, options = {}) => {
      const { old, doubtful } = await run(db =>
        db.transaction(async tx => {
          await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
          const old = (await listPartitions(tx, before)).filter(partition => partition.to.getTime() <= before.getTime());
          // Most of a month, not one receipt: a visitor's own clock may be years ahead. A dry run lists them, each with
          // its `datedLater`, and refuses nothing.
          const doubtful = options.ignoreBrowserTimes || options.dryRun ? [] : old.filter(isDoubtful);
          if (options.dryRun || !old.length || doubtful.length) return { old, doubtful };
          // The ids first: DROP TABLE of a partition locks the parent table until commit, and every collector's insert
          // waits on that lock; deleting months of ids (seconds to minutes) after it would hold them all that time.
          const end = old[old.length - 1]!.to;
          await tx.query('DELETE FROM consent_receipt_ids WHERE received_at < $1::timestamptz', [end.toISOString()]);
          for (const partition of old) {
            await tx.query(`DROP TABLE ${partition.name}`);
            months.delete(partition.name);
          }
          return { old, doubtful };
        }),
      );
      if (doubtful.length) throw new PurgeRefusedError(doubtful, before);
      return old;
    },

    ping: async () => {
      await run(async db => {
        // Healthy only while this collector may write the log: a load balancer then takes the collectors of the
        // version before out as soon as a newer one migrated it, before a visitor's receipt finds out.
        await ensureWritable(db);
      });
      if (writeFailed && within(writeFailed.at, WRITE_FAILED_MS)) throw writeFailed.error;
    },

    async close() {
      if (closed) return;
      closed = true;
      await opening?.catch(() => {});
      const open = client ?? unmigrated;
      client = unmigrated = undefined;
      try {
        await open?.close();
      } finally {
        await connector.release?.();
      }
    },
  };
}

/**
 * Whether the receipt itself was refused (SQLSTATE classes 22, data exception, and 23, integrity constraint; 23514 is
 * a month without its partition): retrying will not help. Everything else (connections refused or cut, a
 * shutting-down server, a closed PGlite, a missing table) is an outage: 503, sent again.
 */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23)/.test(code) && code !== '23514';
}

function unavailable(error: unknown, where: string): StoreUnavailableError {
  if (error instanceof StoreUnavailableError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  // A role without a privilege (SQLSTATE 42501: an auditor's SELECT-only role running `purge --force`) is no outage:
  // said as the refusal it is.
  const what = code === '42501' ? 'refused this: the role lacks a privilege' : 'is unavailable';
  return new StoreUnavailableError(`the consent log store (${where}) ${what}: ${message || code || 'unknown error'}`, { cause: error });
}

const toDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

function toLogged(row: Row): LoggedReceipt {
  const stored = typeof row.receipt === 'string' ? (JSON.parse(row.receipt) as Record<string, unknown>) : row.receipt;
  const receipt: Record<string, unknown> = {};
  for (const key of RECEIPT_KEYS) if (key in stored) receipt[key] = stored[key];
  const problems = problemsOf(row, stored);
  return { receipt: receipt as unknown as Receipt, receivedAt: toDate(row.received_at), origin: row.origin, clientHash: row.client_hash, ...(problems.length && { problems }) };
}

/**
 * Where a row disagrees with itself: a column the indexes and `stats` read other than its receipt says, or the receipt
 * other than the content hash kept with its id as it arrived. Either is an edit after it was stored (an `UPDATE` by
 * hand): `show` printed the edited receipt and `stats` counted the column, each without a word.
 */
function problemsOf(row: Row, stored: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const column = (name: string, value: unknown, key: string) => {
    if (value !== (stored[key] ?? null)) problems.push(`its ${name} column says ${JSON.stringify(value)}, its receipt ${JSON.stringify(stored[key] ?? null)}`);
  };
  column('receipt_id', row.receipt_id, 'id');
  column('consent_id', row.consent_id, 'consentId');
  column('action', row.action, 'action');
  column('policy_version', row.policy_version, 'policyVersion');
  if (toDate(row.client_time).getTime() !== Date.parse(String(stored.time))) {
    problems.push(`its client_time column says ${toDate(row.client_time).toISOString()}, its receipt ${JSON.stringify(stored.time ?? null)}`);
  }
  if (row.id_hash && row.id_hash !== contentHash(stored)) problems.push('its receipt is not the one kept under its id as it arrived (the content hash differs)');
  return problems;
}
