import type { Pool, PoolClient, PoolConfig } from 'pg';
import { loadDriver } from './load-driver.js';
import type { SqlClient, SqlQueryable } from './sql-client.js';
import { createSqlStore } from './sql-store.js';
import type { ReceiptStore } from './store.js';

export interface PostgresStoreOptions {
  /** A connection string, `postgres://user:password@host:5432/database`. */
  connectionString: string;
  /** Connections per collector. @default 10 */
  maxConnections?: number;
  /**
   * @default true: the schema is made or brought up to date on opening. false for reading (the `log` commands but
   * `serve`): the schema is checked and nothing is created or changed, so an unrelated database given by mistake stays
   * as it was and a role allowed only SELECT can audit.
   */
  create?: boolean;
  /** Further settings of the `pg` pool (`ssl`, `idleTimeoutMillis`, …), passed as they are; the ones above win. */
  pool?: Record<string, unknown>;
}

type PgModule = { default?: { Pool: new (config: PoolConfig) => Pool }; Pool?: new (config: PoolConfig) => Pool };

/**
 * The production store: a PostgreSQL server through `pg`. Collectors hold no state of their own, so several behind
 * a load balancer share one database (migrations and partition creation take advisory locks for that).
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<ReceiptStore> {
  const description = `PostgreSQL at ${redact(options.connectionString)}`;
  const pg = await loadDriver<PgModule>('pg');
  const PoolClass = pg.Pool ?? pg.default?.Pool;
  if (!PoolClass) throw new Error('consent-gate/server: the package "pg" has no Pool export (pg 8 is expected)');
  const queryTimeout = (options.pool?.query_timeout as number | undefined) ?? 10_000;
  const pool = new PoolClass({
    application_name: 'consent-gate-log',
    ...options.pool,
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    // A request waits this long for a connection, then the collector answers 503 instead of piling up requests.
    connectionTimeoutMillis: (options.pool?.connectionTimeoutMillis as number | undefined) ?? 5000,
    // A statement that hangs (a lock, a network cut) fails after this; a receipt it did store is found by its id
    // when the SDK sends it again.
    query_timeout: queryTimeout,
  });
  // An idle connection cut by a server restart emits 'error' on the pool; unhandled, it would end the process.
  pool.on('error', () => {});
  // The collector's statements are given up by PostgreSQL itself a second before `query_timeout` gives up on them
  // here. Given up only here, a statement waiting on a lock (a table locked by hand, a stalled disk) went on waiting
  // in its backend while the pool opened another connection for the next batch: 30 backends after 150 s of a lock,
  // until PostgreSQL's max_connections refused everyone, the auditors' commands included. Only where the store
  // writes (`create`): an audit's export or stats may rightly run for minutes. A session setting, not a startup
  // parameter, which PgBouncer refuses; a `statement_timeout` in `options.pool` is left as given.
  // A `query_timeout` of 0 is none (pg's own meaning): then none here either.
  if (options.create !== false && options.pool?.statement_timeout === undefined && queryTimeout > 0 && Number.isFinite(queryTimeout)) {
    const limit = Math.max(1000, queryTimeout - 1000);
    pool.on('connect', connection => void connection.query(`SET statement_timeout = ${limit}`).catch(() => {}));
  }
  // Two batches in flight: one commits while the next is sent, and each still groups what arrived meanwhile.
  const store = createSqlStore({ description, parallel: 2, migrate: options.create !== false, open: async () => poolClient(pool) });
  try {
    await store.ping();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

function poolClient(pool: Pool): SqlClient {
  const wrap = (db: Pool | PoolClient): SqlQueryable => ({
    query: async <Row>(text: string, params?: unknown[]) => {
      const result = await db.query(text, params);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
  });
  let ended = false;
  return {
    ...wrap(pool),
    async transaction(work) {
      const connection = await pool.connect();
      let broken: unknown;
      try {
        await connection.query('BEGIN');
        const result = await work(wrap(connection));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(cut => (broken = cut));
        throw error;
      } finally {
        // A connection that could not even roll back is destroyed rather than handed to the next request.
        connection.release(broken instanceof Error ? broken : undefined);
      }
    },
    // The pool replaces broken connections itself.
    broken: false,
    async close() {
      if (ended) return;
      ended = true;
      await pool.end();
    },
  };
}

/**
 * Query parameters that may hold a secret. pg (pg-connection-string) and libpq take any setting from the query, so
 * `?password=` is as good as the userinfo (and usual when the password holds characters awkward there); `sslpassword`
 * unlocks the client key, and `sslkey` / `sslcert` name files or, in pg, may carry the key itself.
 */
const SECRET_PARAMETER = /pass|secret|token|key|cert/i;

/** The connection string without its password (in the userinfo or the query), for messages and logs. */
export function redact(connectionString: string): string {
  try {
    // The userinfo as written, up to the last "@": a password with a "@" or "#" left unescaped was read by the URL
    // parser as ending at its first "@" (the rest became the host or a fragment), and its tail was shown.
    const at = connectionString.lastIndexOf('@');
    const colon = connectionString.indexOf(':', connectionString.indexOf('//') + 2);
    const masked = colon > 0 && colon < connectionString.indexOf('@') ? `${connectionString.slice(0, colon + 1)}***${connectionString.slice(at)}` : connectionString;
    // A Unix socket's empty host (`postgres://user@/db?host=/var/run/postgresql`), which the driver reads and the URL
    // parser refuses: read with a stand-in host, shown without it.
    const socket = masked.includes('@/');
    const url = new URL(socket ? masked.replace('@/', '@socket/') : masked);
    if (url.password) url.password = '***';
    for (const name of new Set(url.searchParams.keys())) if (SECRET_PARAMETER.test(name)) url.searchParams.set(name, '***');
    return socket ? url.toString().replace('@socket/', '@/') : url.toString();
  } catch {
    return '(a connection string that is not a URL)';
  }
}
