/** What the SQL store needs of a driver: PGlite and `pg` both fit behind it (pglite-store.ts, postgres-store.ts). */
export interface SqlQueryable {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number }>;
}

export interface SqlClient extends SqlQueryable {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /** True once this connection can never answer again (a closed or crashed PGlite): the store opens a new one. */
  readonly broken: boolean;
  close(): Promise<void>;
}

/** Opens connections to one database, again after a failure; `release` ends what outlives them (a directory lock). */
export interface SqlConnector {
  readonly description: string;
  /** Batches of receipts the store writes at once: 1 for PGlite (one connection), more for a pool. @default 1 */
  readonly parallel?: number;
  open(): Promise<SqlClient>;
  /** @default true; false for reading: the schema is checked, never created or changed (checkSchema). */
  readonly migrate?: boolean;
  release?(): Promise<void>;
}
