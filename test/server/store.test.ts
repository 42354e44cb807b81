// @vitest-environment node
import { chmodSync, statSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RECEIPT_KEYS } from '../../src/server/receipt-schema.js';
import { createSqlStore, WRITE_FAILED_MS } from '../../src/server/sql-store.js';
import { pgliteClient } from '../../src/server/pglite-store.js';
import { migrate } from '../../src/server/migrations.js';
import type { SqlClient } from '../../src/server/sql-client.js';
import { LogSchemaError, MIGRATIONS, openPostgresStore, PurgeRefusedError, ReceiptConflictError, StoreUnavailableError, validateReceipt, type LoggedReceipt, type ReceiptStore } from '../../src/server/index.js';
import { consentId, fullReceipt, receipt, receiptId } from './fixtures.js';
import { cleanUp, freshLog, STORE_KINDS, testServer, type FreshLog } from './stores.js';

afterAll(cleanUp, 60_000);

const at = (iso: string) => new Date(iso);
const entry = (overrides: Partial<LoggedReceipt> & { receipt?: LoggedReceipt['receipt'] } = {}): LoggedReceipt => ({
  receipt: receipt(), receivedAt: at('2026-11-29T12:00:00.000Z'), origin: 'https://www.ooopic.com', clientHash: null, ...overrides,
});

/** A newer collector's connection, for `migrate` with steps of its own. */
function sqlClientOf(connection: pg.Client): SqlClient {
  const client: SqlClient = {
    query: (text, params) => connection.query(text, params as unknown[]) as never,
    async transaction(work) {
      await connection.query('BEGIN');
      try {
        const result = await work(client);
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK');
        throw error;
      }
    },
    broken: false,
    close: () => connection.end(),
  };
  return client;
}

/**
 * A batch of `store` kept under way: its receipt's id inserted by `holder`, uncommitted, which the batch waits on until
 * `holder` rolls back. Resolves once the batch is waiting, with its outcome to come.
 */
async function batchUnderWay(store: ReceiptStore, holder: pg.Client): Promise<{ pending: Promise<unknown> }> {
  const id = receiptId();
  await holder.query('BEGIN');
  await holder.query('INSERT INTO consent_receipt_ids (receipt_id, received_at) VALUES ($1, now())', [id]);
  const pending = store.add(entry({ receipt: fullReceipt({ id, action: 'accept-all' }) }));
  // Kept from rejecting unheard while the test does what it waits on.
  pending.catch(() => {});
  await new Promise(resolve => setTimeout(resolve, 300));
  // In an object: an async function's promise would wait for the batch, which waits for `holder`.
  return { pending };
}

/**
 * Runs `work` on a fresh PostgreSQL log beside two connections of its own: `holder` keeps a batch or a lock under way,
 * `migrator` is a newer collector's (its `migrate` takes steps of the test's own). Both and the store end afterwards.
 */
async function beside(work: (log: FreshLog, holder: pg.Client, migrator: SqlClient) => Promise<void>): Promise<void> {
  const log = await freshLog('postgres');
  const [holder, migrator] = [new pg.Client({ connectionString: log.flags[1] }), new pg.Client({ connectionString: log.flags[1] })];
  await holder.connect();
  await migrator.connect();
  try {
    await work(log, holder, sqlClientOf(migrator));
  } finally {
    await holder.end();
    await migrator.end();
    await log.store.close();
  }
}

/** Runs SQL beside the store: on PGlite the store is closed for it and opened again (one process per directory). */
async function inspect<Row>(log: FreshLog, text: string, reopen = true): Promise<Row[]> {
  if (log.kind === 'postgres') {
    const client = new pg.Client({ connectionString: log.flags[1] });
    await client.connect();
    try {
      return (await client.query(text)).rows as Row[];
    } finally {
      await client.end();
    }
  }
  await log.store.close();
  const db = await PGlite.create(log.flags[1]!);
  try {
    return (await db.query<Row>(text)).rows;
  } finally {
    await db.close();
    if (reopen) log.store = await log.open();
  }
}

describe.each(STORE_KINDS)('the receipt store on %s (one schema, one suite)', kind => {
  let log: FreshLog;
  beforeEach(async () => {
    log = await freshLog(kind);
  }, 60_000);
  afterEach(() => log.store.close());

  it('applies the migrations once, records them, and refuses a schema newer than it knows', async () => {
    const applied = await inspect<{ version: number; name: string }>(log, 'SELECT version, name FROM consent_log_migrations');
    expect(applied).toEqual([
      { version: 1, name: expect.stringContaining('partitioned by month') },
      { version: 2, name: expect.stringContaining('content hash') },
    ]);
    await log.store.close();
    log.store = await log.open();
    expect(await inspect(log, 'SELECT version FROM consent_log_migrations')).toHaveLength(2);
    await inspect(log, "INSERT INTO consent_log_migrations (version, name) VALUES (99, 'from the future')", false);
    await log.store.close();
    await expect(log.open()).rejects.toThrow("the consent log's schema is at version 99, newer than this consent-gate knows (2): upgrade consent-gate");
    // Regression (back-end probe): said as "the store is unavailable: …", an outage to wait out.
    await expect(log.open()).rejects.toBeInstanceOf(LogSchemaError);
  }, 60_000);

  it('opens beside a newer schema whose migrations let its collectors write (oldestWriter), and refuses one that does not', async () => {
    expect(await inspect(log, 'SELECT version, oldest_writer FROM consent_log_migrations ORDER BY version')).toEqual([
      { version: 1, oldest_writer: 1 },
      { version: 2, oldest_writer: 1 },
    ]);
    await inspect(log, "INSERT INTO consent_log_migrations (version, name, oldest_writer) VALUES (3, 'an index', 2)", false);
    await log.store.close();
    log.store = await log.open();
    expect(await log.store.add(entry())).toMatchObject({ stored: true });
    await inspect(log, "INSERT INTO consent_log_migrations (version, name, oldest_writer) VALUES (4, 'a new meaning', 4), (5, 'another index', 2)", false);
    await log.store.close();
    await expect(log.open()).rejects.toThrow(
      "the consent log's schema is at version 5, newer than this consent-gate knows (2) and its migration 4 lets no collector of version 2 write: upgrade consent-gate",
    );
    await expect(log.open()).rejects.toBeInstanceOf(LogSchemaError);
  }, 60_000);

  it('indexes receipts by consent id and time', async () => {
    const indexes = await inspect<{ indexdef: string }>(log, "SELECT indexdef FROM pg_indexes WHERE tablename = 'consent_receipts'");
    expect(indexes.map(index => index.indexdef)).toContainEqual(expect.stringContaining('(consent_id, received_at)'));
  }, 60_000);

  it('keeps each receipt\'s content as sent, with the stamps beside it, and gives one consent id back oldest first', async () => {
    const id = consentId();
    const first = entry({ receipt: fullReceipt({ consentId: id, id: receiptId() }), clientHash: '0123456789abcdef' });
    const second = entry({ receipt: receipt({ consentId: id, action: 'reject-all' }), receivedAt: at('2026-11-29T12:00:01.000Z'), origin: null });
    await log.store.add(first);
    await log.store.add(second);
    await log.store.add(entry({ receipt: receipt({ consentId: consentId() }) }));
    const history = await log.store.history(id);
    expect(history).toEqual([first, second]);
    // The receipt's keys in the interface's order, its maps in the order the SDK sent them (json, not jsonb).
    const validated = validateReceipt(first.receipt);
    expect(JSON.stringify(history[0]!.receipt)).toBe(JSON.stringify(validated.ok && validated.receipt));
    expect(await log.store.history(consentId())).toEqual([]);
  });

  // Regression: docs/consent-log.md and logged-json.ts said the receipt is kept "as the SDK sent it", but its
  // keys are put in the Receipt interface's order (the SDK writes lang, source and expires last). Kept so, as the
  // same order for every row is what `show` and `export` print; the docs now say what is kept.
  it('keeps the receipt\'s keys in the order of the Receipt interface, and each map\'s entries in the order sent', async () => {
    const sent = fullReceipt({ id: receiptId(), consentId: consentId(), categories: { share: false, analytics: true, necessary: true } });
    const { lang, source, expires, ...rest } = sent;
    const checked = validateReceipt({ ...rest, lang, source, expires });
    expect(checked.ok).toBe(true);
    await log.store.add(entry({ receipt: checked.ok ? checked.receipt : sent }));
    const [kept] = await log.store.history(sent.consentId);
    expect(Object.keys(kept!.receipt)).toEqual(RECEIPT_KEYS.filter(key => key in sent));
    expect(Object.keys(kept!.receipt.categories)).toEqual(['share', 'analytics', 'necessary']);
  });

  it('stores a receipt id once, also when the resends race, and answers with the first time', async () => {
    const id = receiptId();
    const first = await log.store.add(entry({ receipt: fullReceipt({ id }) }));
    expect(first).toEqual({ stored: true, receivedAt: at('2026-11-29T12:00:00.000Z') });
    const again = await log.store.add(entry({ receipt: fullReceipt({ id }), receivedAt: at('2026-12-03T00:00:00.000Z') }));
    expect(again).toEqual({ stored: false, receivedAt: at('2026-11-29T12:00:00.000Z') });
    const racing = receiptId();
    const results = await Promise.all(Array.from({ length: 10 }, () => log.store.add(entry({ receipt: fullReceipt({ id: racing }) }))));
    expect(results.filter(result => result.stored)).toHaveLength(1);
    expect((await log.store.history(fullReceipt().consentId)).length).toBe(2);
  });

  // Regression: an id already stored, sent again with other content (another consent id, the opposite
  // decision), was answered 200 "duplicate" and the content dropped; the SDK then drops it from its outbox as kept.
  // SPEC §7.6: the log loses nothing it acknowledged.
  it('regression: refuses a receipt id stored before with other content, alone and within one batch', async () => {
    const id = receiptId();
    await log.store.add(entry({ receipt: fullReceipt({ id }) }));
    // The same content, its maps in another order, is the same receipt: a resend.
    const { categories, services } = fullReceipt();
    const reordered = fullReceipt({ id, categories: Object.fromEntries(Object.entries(categories).reverse()), services: Object.fromEntries(Object.entries(services).reverse()) });
    expect(await log.store.add(entry({ receipt: reordered, receivedAt: at('2026-12-03T00:00:00.000Z') }))).toEqual({ stored: false, receivedAt: at('2026-11-29T12:00:00.000Z') });
    const victim = consentId();
    const other = entry({ receipt: fullReceipt({ id, consentId: victim, action: 'reject-all' }) });
    const refused = await log.store.add(other).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ReceiptConflictError);
    expect(refused).toMatchObject({ receivedAt: at('2026-11-29T12:00:00.000Z') });
    expect(await log.store.history(victim)).toEqual([]);
    // Two contents under one new id in one batch: the first is stored, the second refused.
    const shared = receiptId();
    const results = await Promise.allSettled([
      log.store.add(entry({ receipt: fullReceipt({ id: shared }) })),
      log.store.add(entry({ receipt: fullReceipt({ id: shared }) })),
      log.store.add(entry({ receipt: fullReceipt({ id: shared, consentId: victim }) })),
    ]);
    expect(results.map(result => (result.status === 'fulfilled' ? result.value.stored : result.reason.constructor.name))).toEqual([true, false, 'ReceiptConflictError']);
    expect(await log.store.history(victim)).toEqual([]);
  });

  it('migrates a log of schema version 1: its receipt ids, stored without a content hash, still tell a resend from a conflict', async () => {
    const id = receiptId();
    await log.store.add(entry({ receipt: fullReceipt({ id }) }));
    await inspect(log, 'ALTER TABLE consent_receipt_ids DROP COLUMN content_hash', false);
    await inspect(log, 'DELETE FROM consent_log_migrations WHERE version > 1', false);
    // The release before recorded no oldest_writer.
    await inspect(log, 'ALTER TABLE consent_log_migrations DROP COLUMN oldest_writer', false);
    await log.store.close();
    log.store = await log.open();
    expect(await inspect(log, 'SELECT version, oldest_writer FROM consent_log_migrations ORDER BY version')).toEqual([
      { version: 1, oldest_writer: null },
      { version: 2, oldest_writer: 1 },
    ]);
    expect(await log.store.add(entry({ receipt: fullReceipt({ id }), receivedAt: at('2026-12-03T00:00:00.000Z') }))).toEqual({ stored: false, receivedAt: at('2026-11-29T12:00:00.000Z') });
    await expect(log.store.add(entry({ receipt: fullReceipt({ id, action: 'reject-all' }) }))).rejects.toBeInstanceOf(ReceiptConflictError);
  }, 60_000);

  it('puts receipts in the partition of their UTC month, the last millisecond of a month in that month, and makes the next month ahead', async () => {
    const id = consentId();
    await log.store.add(entry({ receipt: receipt({ consentId: id }), receivedAt: at('2026-11-30T23:59:59.999Z') }));
    await log.store.add(entry({ receipt: receipt({ consentId: id }), receivedAt: at('2026-12-01T00:00:00.000Z') }));
    await log.store.add(entry({ receipt: receipt({ consentId: id }), receivedAt: at('2023-01-15T08:00:00.000Z') }));
    const partitions = await log.store.partitions();
    expect(partitions.map(p => [p.name, p.from.toISOString(), p.receipts])).toEqual([
      ['consent_receipts_2023_01', '2023-01-01T00:00:00.000Z', 1],
      ['consent_receipts_2023_02', '2023-02-01T00:00:00.000Z', 0],
      ['consent_receipts_2026_11', '2026-11-01T00:00:00.000Z', 1],
      ['consent_receipts_2026_12', '2026-12-01T00:00:00.000Z', 1],
      ['consent_receipts_2027_01', '2027-01-01T00:00:00.000Z', 0],
    ]);
    expect((await log.store.history(id)).map(r => r.receivedAt.toISOString())).toEqual([
      '2023-01-15T08:00:00.000Z', '2026-11-30T23:59:59.999Z', '2026-12-01T00:00:00.000Z',
    ]);
  });

  it('scans a period page by page, oldest first, from inclusive and to exclusive', async () => {
    const base = Date.parse('2026-11-29T00:00:00.000Z');
    // Receipts in the same millisecond stay in the order they were stored.
    for (let i = 0; i < 25; i++) await log.store.add(entry({ receipt: receipt({ consentId: consentId(i) }), receivedAt: new Date(base + Math.floor(i / 2) * 1000) }));
    const all: string[] = [];
    for await (const row of log.store.scan({}, 4)) all.push(row.receipt.consentId);
    expect(all).toEqual(Array.from({ length: 25 }, (_, i) => consentId(i)));
    const some: string[] = [];
    for await (const row of log.store.scan({ from: new Date(base + 2000), to: new Date(base + 5000) }, 4)) some.push(row.receipt.consentId);
    expect(some).toEqual([4, 5, 6, 7, 8, 9].map(i => consentId(i)));
  });

  it('counts receipts and distinct consent ids by action, day (in a time zone) and policy version', async () => {
    const rows: Array<[string, string, string, string]> = [
      ['a0000001', 'accept-all', '2024-04-23', '2026-11-28T10:00:00Z'],
      ['a0000001', 'reject-all', '2024-04-23', '2026-11-29T17:00:00Z'],
      ['a0000002', 'reject-all', '2024-04-23', '2026-11-29T10:00:00Z'],
      ['a0000003', 'reject-all', '2026-01-01', '2026-11-29T11:00:00Z'],
      ['a0000004', 'save', '2026-01-01', '2026-11-30T01:00:00Z'],
    ];
    for (const [id, action, policyVersion, time] of rows) {
      await log.store.add(entry({ receipt: receipt({ consentId: id, action: action as never, policyVersion }), receivedAt: at(time) }));
    }
    const total = { receipts: 5, consentIds: 4 };
    expect(await log.store.stats('action')).toEqual({
      rows: [{ key: 'reject-all', receipts: 3, consentIds: 3 }, { key: 'accept-all', receipts: 1, consentIds: 1 }, { key: 'save', receipts: 1, consentIds: 1 }], total,
    });
    expect(await log.store.stats('policy')).toEqual({
      rows: [{ key: '2024-04-23', receipts: 3, consentIds: 2 }, { key: '2026-01-01', receipts: 2, consentIds: 2 }], total,
    });
    expect((await log.store.stats('day')).rows).toEqual([
      { key: '2026-11-28', receipts: 1, consentIds: 1 }, { key: '2026-11-29', receipts: 3, consentIds: 3 }, { key: '2026-11-30', receipts: 1, consentIds: 1 },
    ]);
    // 17:00 UTC is 01:00 the next day in Beijing.
    expect((await log.store.stats('day', { timeZone: 'Asia/Shanghai' })).rows.map(row => [row.key, row.receipts])).toEqual([
      ['2026-11-28', 1], ['2026-11-29', 2], ['2026-11-30', 2],
    ]);
    const november29 = await log.store.stats('action', { from: at('2026-11-29T00:00:00Z'), to: at('2026-11-30T00:00:00Z') });
    expect(november29).toEqual({ rows: [{ key: 'reject-all', receipts: 3, consentIds: 3 }], total: { receipts: 3, consentIds: 3 } });
  });

  it('purges whole months only: a month goes once all of it is before the cutoff, with its receipt ids', async () => {
    const oldId = receiptId();
    await log.store.add(entry({ receipt: fullReceipt({ id: oldId, time: '2023-10-19T23:59:00.000Z' }), receivedAt: at('2023-10-20T00:00:00Z') }));
    await log.store.add(entry({ receipt: receipt({ time: '2023-11-02T00:00:00.000Z' }), receivedAt: at('2023-11-02T00:00:00Z') }));
    await log.store.add(entry({ receivedAt: at('2026-11-29T00:00:00Z') }));
    const cutoff = at('2023-11-29T12:00:00Z');
    const listed = await log.store.purge(cutoff, { dryRun: true });
    expect(listed.map(p => [p.name, p.receipts])).toEqual([['consent_receipts_2023_10', 1]]);
    expect((await log.store.partitions()).map(p => p.name)).toContain('consent_receipts_2023_10');
    const dropped = await log.store.purge(cutoff);
    expect(dropped.map(p => p.name)).toEqual(['consent_receipts_2023_10']);
    expect((await log.store.partitions()).map(p => [p.name, p.receipts])).toEqual([
      ['consent_receipts_2023_11', 1], ['consent_receipts_2023_12', 0], ['consent_receipts_2026_11', 1], ['consent_receipts_2026_12', 0],
    ]);
    expect(await inspect(log, `SELECT 1 FROM consent_receipt_ids WHERE receipt_id = '${oldId}'`)).toEqual([]);
    expect(await log.store.purge(cutoff)).toEqual([]);
  }, 60_000);

  // Regression (load probe): a collector whose clock was years behind filed this week's receipts in 2020, and a purge of
  // "older than 3 years" dropped them at once: proof of consent given days before.
  it('regression: refuses to purge a month most of whose receipts their browsers dated after the cutoff, unless forced', async () => {
    const cutoff = at('2023-11-29T12:00:00Z');
    const recent = { time: '2026-12-06T10:00:00.000Z' };
    for (let i = 0; i < 3; i++) await log.store.add(entry({ receipt: receipt({ ...recent, id: receiptId() }), receivedAt: at('2020-01-31T23:59:59.999Z') }));
    // Another month of old receipts, one of whose visitors had a clock years ahead: that one is no reason to keep it.
    await log.store.add(entry({ receipt: receipt({ time: '2021-03-01T00:00:00.000Z', id: receiptId() }), receivedAt: at('2021-03-01T00:00:00Z') }));
    await log.store.add(entry({ receipt: receipt({ time: '2021-03-02T00:00:00.000Z', id: receiptId() }), receivedAt: at('2021-03-02T00:00:00Z') }));
    await log.store.add(entry({ receipt: receipt({ ...recent, id: receiptId() }), receivedAt: at('2021-03-03T00:00:00Z') }));
    const refused = await log.store.purge(cutoff).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PurgeRefusedError);
    expect((refused as PurgeRefusedError).partitions.map(p => [p.name, p.datedLater, p.receipts])).toEqual([['consent_receipts_2020_01', 3, 3]]);
    expect((refused as Error).message).toMatch(/^nothing was dropped: consent_receipts_2020_01 \(3 of 3 receipts\) holds receipts their browsers dated after 2023-11-29T12:00:00.000Z, /);
    // A dry run lists every month, each with how many receipts their browsers dated later, and refuses nothing.
    const listed = await log.store.purge(cutoff, { dryRun: true });
    expect(listed.filter(p => p.receipts).map(p => [p.name, p.datedLater, p.receipts])).toEqual([['consent_receipts_2020_01', 3, 3], ['consent_receipts_2021_03', 1, 3]]);
    expect((await log.store.partitions()).map(p => p.name)).toEqual(expect.arrayContaining(['consent_receipts_2020_01', 'consent_receipts_2021_03']));
    const forced = await log.store.purge(cutoff, { ignoreBrowserTimes: true });
    expect(forced.map(p => p.name)).toEqual(expect.arrayContaining(['consent_receipts_2020_01', 'consent_receipts_2021_03']));
    expect((await log.store.partitions()).map(p => p.name)).not.toContain('consent_receipts_2020_01');
  }, 60_000);

  it('stores receipts that arrive together in one batch, across a month boundary, and refuses only a row the database refuses', async () => {
    const id = consentId();
    const bad = entry({ receipt: receipt({ consentId: id, time: '2026-02-30T00:00:00.000Z' }) }); // past the store, not the handler
    const results = await Promise.allSettled([
      log.store.add(entry({ receipt: receipt({ consentId: id }), receivedAt: at('2026-10-31T23:59:59.999Z') })),
      log.store.add(bad),
      log.store.add(entry({ receipt: fullReceipt({ consentId: id, id: receiptId() }), receivedAt: at('2026-11-01T00:00:00.000Z') })),
    ]);
    expect(results.map(result => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).not.toBeInstanceOf(StoreUnavailableError);
    expect((await log.store.history(id)).map(row => row.receivedAt.toISOString())).toEqual(['2026-10-31T23:59:59.999Z', '2026-11-01T00:00:00.000Z']);
  });

  it('keeps what it stored across a restart', async () => {
    const id = consentId();
    await log.store.add(entry({ receipt: receipt({ consentId: id }) }));
    await log.store.close();
    log.store = await log.open();
    expect(await log.store.history(id)).toHaveLength(1);
  });

  it('stores concurrent receipts, every one acknowledged', async () => {
    const id = consentId();
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      log.store.add(entry({ receipt: receipt({ consentId: id, ...(i % 2 ? { id: receiptId() } : {}) }) }))));
    expect(results.every(result => result.stored)).toBe(true);
    expect(await log.store.history(id)).toHaveLength(200);
  });

  // Load probe: on PostgreSQL two batches in flight holding the same resent ids in opposite orders locked each
  // other ("deadlock detected", about 1 round in 10), and every receipt of the losing batch got a 503.
  it('regression: resends of the same ids racing in opposite orders never deadlock', async () => {
    // PGlite has one connection, so its batches never run at once: a round there only checks the answers.
    for (let round = 0; round < (kind === 'postgres' ? 15 : 1); round++) {
      const ids = Array.from({ length: 100 }, () => receiptId());
      // Cut by the queue into batches of 100: the two run at once on PostgreSQL's two connections.
      const results = await Promise.allSettled([...ids, ...[...ids].reverse()].map(id => log.store.add(entry({ receipt: receipt({ id }) }))));
      expect(results.filter(result => result.status === 'rejected').map(result => String((result as PromiseRejectedResult).reason))).toEqual([]);
      expect(results.filter(result => result.status === 'fulfilled' && result.value.stored)).toHaveLength(100);
    }
  }, 60_000);

  // Load probe: the rows and the total were two reads, and a collector storing between them made them disagree.
  it('regression: stats are one snapshot, their rows adding up to their total while receipts are stored', async () => {
    let storing = true;
    const writer = (async () => {
      while (storing) await Promise.all(Array.from({ length: 200 }, (_, i) => log.store.add(entry({ receipt: receipt({ consentId: consentId(), action: i % 2 ? 'save' : 'reject-all' }) }))));
    })();
    try {
      // PGlite runs one statement at a time: there a few rounds only check the answer.
      for (let i = 0; i < (kind === 'postgres' ? 30 : 3); i++) {
        const stats = await log.store.stats('action');
        expect(stats.rows.reduce((sum, row) => sum + row.receipts, 0)).toBe(stats.total.receipts);
      }
    } finally {
      storing = false;
      await writer;
    }
  }, 60_000);

  it('fails with StoreUnavailableError once closed', async () => {
    await log.store.close();
    await log.store.close();
    await expect(log.store.add(entry())).rejects.toBeInstanceOf(StoreUnavailableError);
    log.store = await log.open();
  });
});

describe.runIf(STORE_KINDS.includes('postgres'))('reading a PostgreSQL log (create: false)', () => {
  const sql = async (url: string, ...texts: string[]) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const results = [];
      for (const text of texts) results.push((await client.query(text)).rows);
      return results;
    } finally {
      await client.end();
    }
  };

  // Regression (back-end probe): `log show --postgres` of an unrelated database made the log's tables in it, and a
  // role allowed only SELECT could not audit ("permission denied for schema public"): every open ran the migrations.
  it('creates nothing in a database without a log, and says there is none', async () => {
    const log = await freshLog('postgres');
    await log.store.close();
    const url = new URL(log.flags[1]!);
    url.pathname = `/consent_log_test_${process.pid}_unrelated`;
    await sql(log.flags[1]!, `CREATE DATABASE ${url.pathname.slice(1)}`);
    await expect(openPostgresStore({ connectionString: url.toString(), create: false })).rejects.toThrow(
      new LogSchemaError(`there is no consent log in PostgreSQL at ${url} (no consent_log_migrations table; "consent-gate log serve" on it creates one)`),
    );
    const [tables] = await sql(url.toString(), "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    expect(tables).toEqual([]);
  }, 60_000);

  it('reads with a role allowed only SELECT, and refuses a schema older than it knows', async () => {
    const log = await freshLog('postgres');
    const id = consentId();
    await log.store.add(entry({ receipt: receipt({ consentId: id }) }));
    await log.store.close();
    const role = `auditor_${process.pid}`;
    await sql(log.flags[1]!, `DROP ROLE IF EXISTS ${role}`, `CREATE ROLE ${role} LOGIN`, `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`, `REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    const auditor = new URL(log.flags[1]!);
    auditor.username = role;
    const reader = await openPostgresStore({ connectionString: auditor.toString(), create: false });
    try {
      expect(await reader.history(id)).toHaveLength(1);
      expect((await reader.stats('action')).total).toMatchObject({ receipts: 1 });
      // Regression (back-end probe): writing with it was "the store is unavailable: permission denied", an outage to
      // wait out, where it is a privilege the role lacks.
      await expect(reader.add(entry())).rejects.toThrow(/^the consent log store \(PostgreSQL at .*\) refused this: the role lacks a privilege: permission denied for /);
    } finally {
      await reader.close();
    }
    await sql(log.flags[1]!, 'DELETE FROM consent_log_migrations WHERE version = 2');
    await expect(openPostgresStore({ connectionString: log.flags[1]!, create: false })).rejects.toThrow(
      'the consent log\'s schema is at version 1, older than this consent-gate\'s (2): run "consent-gate log migrate" on it (or start "consent-gate log serve", which migrates it too)',
    );
    // Regression: with no migration recorded beside the tables, reading said to run "log migrate", whose first step
    // then failed on "relation already exists".
    await sql(log.flags[1]!, 'DELETE FROM consent_log_migrations');
    const stray = 'consent_receipts and consent_receipt_ids are there while consent_log_migrations records no migration, so which schema they hold is unknown: restore consent_log_migrations from the same backup as the receipts';
    await expect(openPostgresStore({ connectionString: log.flags[1]!, create: false })).rejects.toThrow(new LogSchemaError(stray));
    await sql(log.flags[1]!, 'DROP TABLE consent_log_migrations');
    await expect(openPostgresStore({ connectionString: log.flags[1]!, create: false })).rejects.toThrow(new LogSchemaError(stray));
    // A collector starting on it says the same and changes nothing (not even the migrations table it would make).
    await expect(openPostgresStore({ connectionString: log.flags[1]! })).rejects.toThrow(new LogSchemaError(`${stray}; no migration was applied`));
    expect(await sql(log.flags[1]!, "SELECT to_regclass('consent_log_migrations')::text AS name")).toEqual([[{ name: null }]]);
  }, 60_000);
});

describe.runIf(STORE_KINDS.includes('postgres'))('the PostgreSQL store through outages', () => {
  // Load probe: with the tables gone under a running collector (a restore from an older dump) the missing table read
  // as bad data: every receipt got a 500, /health said 200, and only a restart brought the schema back.
  it('regression: a schema dropped under it is a 503, then made again on the next call', async () => {
    const log = await freshLog('postgres');
    try {
      await log.store.add(entry());
      const admin = new pg.Client({ connectionString: log.flags[1] });
      await admin.connect();
      await admin.query('DROP TABLE consent_receipts, consent_receipt_ids, consent_log_migrations CASCADE');
      await admin.end();
      await expect(log.store.add(entry())).rejects.toBeInstanceOf(StoreUnavailableError);
      const id = consentId();
      expect(await log.store.add(entry({ receipt: receipt({ consentId: id }) }))).toMatchObject({ stored: true });
      expect(await log.store.history(id)).toHaveLength(1);
      // Only a data table gone, its migration still recorded: migrating makes nothing, and each 503 says what to do.
      const again = new pg.Client({ connectionString: log.flags[1] });
      await again.connect();
      await again.query('DROP TABLE consent_receipt_ids');
      await again.end();
      await expect(log.store.add(entry())).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(log.store.add(entry())).rejects.toThrow(
        'consent_receipt_ids went missing while consent_log_migrations records their migration: restore them from a backup, or drop consent_log_migrations too to start an empty log',
      );
    } finally {
      await log.store.close();
    }
  }, 60_000);

  it('answers StoreUnavailableError while the server is down and stores again once it is back', async () => {
    const server = await testServer();
    if (!server) return; // a server of the developer's own is not ours to stop
    const log = await freshLog('postgres');
    try {
      await log.store.add(entry());
      await server.pause();
      await expect(log.store.add(entry())).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(log.store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      await server.resume();
      await expect(log.store.add(entry())).resolves.toEqual({ stored: true, receivedAt: entry().receivedAt });
      expect(await log.store.history(receipt().consentId)).toHaveLength(2);
    } finally {
      await server.resume();
      await log.store.close();
    }
  }, 60_000);

  // Regression: the purge deleted the old months' receipt ids after dropping their partitions, so the lock DROP TABLE
  // takes on the parent table was held for the whole DELETE: with a few months of a busy site (6 million ids, 15 s)
  // every collector waited, and answered 503, until the purge committed. A row of the ids held by another session
  // stands in for the long DELETE here.
  it('regression: collectors keep storing while a purge deletes the old months\' receipt ids', async () => {
    const log = await freshLog('postgres');
    const collector = await log.open();
    const holder = new pg.Client({ connectionString: log.flags[1] });
    await holder.connect();
    try {
      const old = receiptId();
      await log.store.add(entry({ receipt: receipt({ id: old, time: '2020-01-10T00:00:00.000Z' }), receivedAt: at('2020-01-10T00:00:00Z') }));
      await collector.add(entry());
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM consent_receipt_ids WHERE receipt_id = $1 FOR UPDATE', [old]);
      const purged = log.store.purge(at('2020-03-01T00:00:00Z'));
      await new Promise(resolve => setTimeout(resolve, 500));
      const stored = collector.add(entry({ receipt: receipt({ id: receiptId() }) }));
      const waited = await Promise.race([stored.then(() => false), new Promise(resolve => setTimeout(() => resolve(true), 3000))]);
      await holder.query('COMMIT');
      expect(waited).toBe(false);
      expect((await purged).map(p => p.name)).toEqual(['consent_receipts_2020_01', 'consent_receipts_2020_02']);
      await expect(stored).resolves.toMatchObject({ stored: true });
    } finally {
      await holder.end();
      await collector.close();
      await log.store.close();
    }
  }, 60_000);

  // Regression (load probe): `query_timeout` gave a statement up in the collector only. Its backend went on waiting for
  // the lock, and the pool opened another connection for the next batch: 30 backends after 150 s of a locked table,
  // until PostgreSQL's max_connections refused everyone.
  it('regression: a statement given up on a locked table is given up by PostgreSQL too: no backend is left waiting', async () => {
    const log = await freshLog('postgres');
    const collector = await openPostgresStore({ connectionString: log.flags[1]!, maxConnections: 4, pool: { query_timeout: 2000 } });
    const holder = new pg.Client({ connectionString: log.flags[1] });
    await holder.connect();
    const waiting = async () =>
      Number((await holder.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'consent-gate-log' AND datname = current_database() AND wait_event_type = 'Lock'`)).rows[0].n);
    try {
      await collector.add(entry());
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE consent_receipts IN ACCESS EXCLUSIVE MODE');
      for (let i = 0; i < 3; i++) await expect(collector.add(entry({ receipt: receipt({ id: receiptId() }) }))).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(await waiting()).toBe(0);
      await holder.query('COMMIT');
      // Nothing was stored behind the collector's back by a backend that waited on.
      expect(await collector.history(receipt().consentId)).toHaveLength(1);
    } finally {
      await holder.end();
      await collector.close();
      await log.store.close();
    }
  }, 60_000);

  // Left after the load probe: the schema was checked only as a collector opened, so one of the version before went on
  // writing, for as long as it ran, a log a newer collector had migrated during a rolling deploy.
  it('regression: a collector of the version before stops writing, and fails its health check, once a newer one migrated the log past it', async () => {
    const log = await freshLog('postgres');
    const other = await log.open();
    const admin = new pg.Client({ connectionString: log.flags[1] });
    await admin.connect();
    const counts = async () => (await admin.query<{ receipts: string; ids: string }>(
      'SELECT (SELECT count(*) FROM consent_receipts) AS receipts, (SELECT count(*) FROM consent_receipt_ids) AS ids',
    )).rows[0];
    try {
      await log.store.add(entry());
      await other.add(entry());
      await admin.query("INSERT INTO consent_log_migrations (version, name, oldest_writer) VALUES (3, 'an index', 2)");
      expect(await log.store.add(entry())).toMatchObject({ stored: true });
      await log.store.ping();
      await admin.query("INSERT INTO consent_log_migrations (version, name, oldest_writer) VALUES (4, 'a new meaning', 4)");
      const said = "the consent log's schema is at version 4, newer than this consent-gate knows (2): upgrade consent-gate";
      // Refused by the insert itself (the store had no reason to look again), one receipt or a batch of them.
      const id = receiptId();
      await expect(log.store.add(entry({ receipt: fullReceipt({ id }) }))).rejects.toThrow(said);
      const batch = await Promise.allSettled([1, 2, 3].map(() => other.add(entry({ receipt: fullReceipt({ id: receiptId() }) }))));
      expect(batch.map(outcome => outcome.status == 'rejected' && outcome.reason instanceof LogSchemaError)).toEqual([true, true, true]);
      expect(await counts()).toEqual({ receipts: '3', ids: '0' });
      // Then by the store as it stands, and by its health check.
      await expect(log.store.add(entry())).rejects.toThrow(said);
      await expect(log.store.ping()).rejects.toThrow(said);
      // Taken back (the deploy rolled back): it writes again once it opens the log again, the refused receipt's id free,
      // and is healthy at once, a receipt or not.
      await admin.query('DELETE FROM consent_log_migrations WHERE version = 4');
      await new Promise(resolve => setTimeout(resolve, 1100));
      await other.ping();
      expect(await log.store.add(entry({ receipt: fullReceipt({ id }) }))).toMatchObject({ stored: true });
      await log.store.ping();
      expect(await counts()).toEqual({ receipts: '4', ids: '1' });
    } finally {
      await admin.end();
      await other.close();
      await log.store.close();
    }
  }, 60_000);

  // Found by a review: the insert read the schema in its statement's snapshot, taken before a migration committed while
  // it waited (on a resend's id here), so it stored a receipt with the meaning the step had just changed.
  // And where the step lets the running version write but not one the applied steps still let write (version 1 here):
  // a collector of that version may be running too.
  it.each([
    ['refusing every older collector', undefined],
    ['refusing version 1, which migration 2 let write', 2],
  ])('regression: a batch under way as a newer collector migrates lands before the step, which covers it (%s)', async (_, oldestWriter) => {
    await beside(async (log, holder, migrator) => {
      await log.store.add(entry());
      const { pending } = await batchUnderWay(log.store, holder);
      const step = { version: 3, name: 'actions in capitals', statements: ['UPDATE consent_receipts SET action = upper(action)'], oldestWriter };
      const migrating = migrate(migrator, [...MIGRATIONS, step]);
      await new Promise(resolve => setTimeout(resolve, 300));
      await holder.query('ROLLBACK');
      expect(await pending).toMatchObject({ stored: true });
      expect(await migrating).toEqual([3]);
      expect((await holder.query('SELECT action FROM consent_receipts WHERE action <> upper(action)')).rows).toEqual([]);
      if (oldestWriter) expect(await log.store.add(entry())).toMatchObject({ stored: true });
      else await expect(log.store.add(entry())).rejects.toBeInstanceOf(LogSchemaError);
    });
  }, 60_000);

  // Left after the rolling-deploy probe: the exclusive lock a refusing step waits for queues every statement after it
  // on that table, so a batch kept under way (7 s seen) held every collector's receipts and /health as long.
  it('regression: while a refusing step waits for a batch under way, the other collectors go on storing and answering /health', async () => {
    await beside(async (log, holder, migrator) => {
      const other = await log.open();
      try {
        await other.add(entry());
        const { pending } = await batchUnderWay(log.store, holder);
        const step = { version: 3, name: 'a new meaning', statements: ['CREATE TABLE consent_log_notes (note text)'] };
        let released = false;
        const migrating = migrate(migrator, [...MIGRATIONS, step], { lockTimeoutMs: 200 }).then(applied => ({ applied, released }));
        await new Promise(resolve => setTimeout(resolve, 300));
        // Through between two tries, while the batch under way still holds the migration back.
        expect(await other.add(entry())).toMatchObject({ stored: true });
        await other.ping();
        released = true;
        await holder.query('ROLLBACK');
        expect(await pending).toMatchObject({ stored: true });
        expect(await migrating).toEqual({ applied: [3], released: true });
        await expect(other.add(entry())).rejects.toBeInstanceOf(LogSchemaError);
      } finally {
        await other.close();
      }
    });
  }, 60_000);

  it('gives a migration up after its tries, said as such, nothing applied', async () => {
    await beside(async (log, holder, migrator) => {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE consent_log_migrations IN ACCESS SHARE MODE');
      const step = { version: 3, name: 'a new meaning', statements: ['CREATE TABLE consent_log_notes (note text)'] };
      await expect(migrate(migrator, [...MIGRATIONS, step], { lockTimeoutMs: 50, tries: 3 })).rejects.toThrow(
        "the consent log's tables stayed in use by another session for more than 50 ms at each of 3 tries (a long statement, an export, a lock taken by hand): no migration was applied; run it again once they are free",
      );
      await holder.query('ROLLBACK');
      expect((await holder.query('SELECT max(version) AS version FROM consent_log_migrations')).rows).toEqual([{ version: 2 }]);
      expect((await holder.query("SELECT to_regclass('consent_log_notes') AS name")).rows).toEqual([{ name: null }]);
    });
  }, 60_000);

  // Left after the rolling-deploy probe (read in the code): a collector a newer one had migrated past still made the
  // partitions of a new month before its insert was refused, in a schema that may partition otherwise.
  it('regression: a collector a newer one migrated past makes no partition', async () => {
    await beside(async (log, admin) => {
      await log.store.add(entry());
      await admin.query("INSERT INTO consent_log_migrations (version, name, oldest_writer) VALUES (3, 'weekly partitions', 3)");
      await expect(log.store.add(entry({ receivedAt: at('2031-05-02T00:00:00.000Z') }))).rejects.toBeInstanceOf(LogSchemaError);
      expect((await admin.query("SELECT to_regclass('consent_receipts_2031_05') AS name")).rows).toEqual([{ name: null }]);
    });
  }, 60_000);

  // Found by the rolling-deploy probe: a step older collectors may write after took the same exclusive lock, so every
  // collector's writes (and /health) waited for a batch under way, then for the step, 10 s for a 10 s step.
  it('a step the running collectors may write after waits for no batch of theirs', async () => {
    await beside(async (log, holder, migrator) => {
      const { pending } = await batchUnderWay(log.store, holder);
      // A table of its own: a step on the receipts' tables would wait for the batch by its own locks.
      // Compatible with every collector the applied steps let write: migration 2 lets version 1 write.
      const notes = { version: 3, name: 'notes', oldestWriter: 1, statements: ['CREATE TABLE consent_log_notes (note text)'] };
      expect(await migrate(migrator, [...MIGRATIONS, notes])).toEqual([3]);
      await holder.query('ROLLBACK');
      expect(await pending).toMatchObject({ stored: true });
      expect(await log.store.add(entry())).toMatchObject({ stored: true });
      await log.store.ping();
    });
  }, 60_000);

  it('makes a partition again when another collector purged it', async () => {
    const log = await freshLog('postgres');
    const other = await log.open();
    try {
      await log.store.add(entry({ receipt: receipt({ time: '2020-01-10T00:00:00.000Z' }), receivedAt: at('2020-01-10T00:00:00Z') }));
      await other.purge(at('2020-03-01T00:00:00Z'));
      await log.store.add(entry({ receivedAt: at('2020-01-11T00:00:00Z') }));
      expect((await log.store.partitions()).map(p => [p.name, p.receipts])).toContainEqual(['consent_receipts_2020_01', 1]);
    } finally {
      await other.close();
      await log.store.close();
    }
  }, 60_000);
});

// Regression (security probe): PGlite writes its files 0666 whatever the umask, the WAL with the newest receipts
// among them, in a directory made 0755: any local user could read the log kept as proof, or wreck it.
describe.skipIf(process.platform == 'win32')('the PGlite directory is its owner\'s alone', () => {
  it('a log others could read loses their access once opened, and its group its writing: a group keeps reading (0750)', async () => {
    const log = await freshLog('pglite');
    const dir = log.flags[1]!;
    try {
      // Copied from a template made 0755: others lose their access, and the group its writing.
      expect(statSync(dir).mode & 0o027).toBe(0);
      await log.store.close();
      chmodSync(dir, 0o775);
      log.store = await log.open();
      expect(statSync(dir).mode & 0o777).toBe(0o750);
    } finally {
      await log.store.close();
    }
  }, 60_000);
});

// Regression (back-end probe): on a full disk every insert failed ("could not extend file", SQLSTATE 53100) while
// /health answered 200 (its SELECT 1 still worked), so a load balancer kept sending receipts to a collector that could
// keep none. The outcome of the last receipts counts: unhealthy for a minute, or until a receipt is kept.
describe('the health of a store whose writes fail', () => {
  it('ping fails after receipts could not be kept, for a minute or until one is', async () => {
    const log = await freshLog('pglite');
    const dir = log.flags[1]!;
    await log.store.close();
    let full = false;
    const store = createSqlStore({
      description: `PGlite in ${dir}`,
      open: async () => {
        const client = pgliteClient(await PGlite.create(dir));
        const query = client.query;
        client.query = (text, params) =>
          full && /^\s*WITH input/.test(text) ? Promise.reject(Object.assign(new Error('could not extend file "base/5/16390": No space left on device'), { code: '53100' })) : query(text, params);
        return client;
      },
    });
    const now = vi.spyOn(Date, 'now');
    try {
      await store.add(entry());
      await expect(store.ping()).resolves.toBeUndefined();
      full = true;
      await expect(store.add(entry())).rejects.toThrow(StoreUnavailableError);
      await expect(store.ping()).rejects.toThrow('No space left on device');
      // A minute on, the collector is healthy again: its next receipts say whether the disk still is full.
      const later = Date.now() + WRITE_FAILED_MS;
      now.mockReturnValue(later);
      await expect(store.ping()).resolves.toBeUndefined();
      now.mockRestore();
      await expect(store.add(entry())).rejects.toThrow(StoreUnavailableError);
      await expect(store.ping()).rejects.toThrow('No space left on device');
      full = false;
      await expect(store.add(entry())).resolves.toMatchObject({ stored: true });
      await expect(store.ping()).resolves.toBeUndefined();
    } finally {
      now.mockRestore();
      await store.close();
    }
  }, 60_000);
  // Found by a rolling-deploy probe: statements given up while a newer collector's migration held its lock were kept
  // as receipts not kept, for a minute; rolled back, every collector stayed unhealthy, and a load balancer sent none of
  // them the receipt that would have cleared it (69 s without a healthy collector after a 10 s step).
  it('regression: what failed while the log was migrated past it is forgotten once that is seen, so a rollback is healthy at once', async () => {
    const log = await freshLog('pglite');
    const dir = log.flags[1]!;
    await log.store.close();
    let phase: 'waiting' | 'migrated' | 'rolled back' = 'rolled back';
    const store = createSqlStore({
      description: `PGlite in ${dir}`,
      open: async () => {
        const client = pgliteClient(await PGlite.create(dir));
        const query = client.query;
        client.query = (text, params) => {
          if (phase == 'waiting' && /^\s*WITH input/.test(text)) return Promise.reject(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }));
          if (phase == 'migrated' && /oldest_writer/.test(text)) return Promise.resolve({ rows: [{ version: 3, newest: 3 }] }) as never;
          return query(text, params);
        };
        return client;
      },
    });
    try {
      await store.add(entry());
      phase = 'waiting';
      await expect(store.add(entry())).rejects.toThrow(StoreUnavailableError);
      await expect(store.ping()).rejects.toThrow('statement timeout');
      phase = 'migrated';
      await expect(store.ping()).rejects.toBeInstanceOf(LogSchemaError);
      phase = 'rolled back';
      await new Promise(resolve => setTimeout(resolve, 1100));
      await expect(store.ping()).resolves.toBeUndefined();
    } finally {
      await store.close();
    }
  }, 60_000);
});

// Review: a batch split after a row the database refused resolved with each row's outcome, a store's failure among
// them, and the write failure was forgotten.
it('ping fails after a split batch whose rows the store could not keep', async () => {
  const log = await freshLog('pglite');
  const dir = log.flags[1]!;
  await log.store.close();
  const store = createSqlStore({
    description: `PGlite in ${dir}`,
    open: async () => {
      const client = pgliteClient(await PGlite.create(dir));
      const query = client.query;
      client.query = (text, params) => {
        if (!/^\s*WITH input/.test(text)) return query(text, params);
        // The batch: one row the database refuses; each row alone: the disk is full.
        const error = (params?.length ?? 0) > 10 ? Object.assign(new Error('invalid input syntax'), { code: '22P02' }) : Object.assign(new Error('No space left on device'), { code: '53100' });
        return Promise.reject(error);
      };
      return client;
    },
  });
  try {
    await store.ping();
    const both = await Promise.allSettled([store.add(entry()), store.add(entry())]);
    expect(both.map(outcome => outcome.status)).toEqual(['rejected', 'rejected']);
    await expect(store.ping()).rejects.toThrow('No space left on device');
  } finally {
    await store.close();
  }
}, 60_000);

describe('the PGlite store after a crash of its database', () => {
  it('opens the directory again on the next call, and answers StoreUnavailableError while it cannot', async () => {
    const log = await freshLog('pglite');
    const dir = log.flags[1]!;
    await log.store.close();
    let current: PGlite | undefined;
    let refuse = false;
    const store = createSqlStore({
      description: `PGlite in ${dir}`,
      open: async () => {
        if (refuse) throw new Error('stopped');
        current = await PGlite.create(dir);
        return pgliteClient(current);
      },
    });
    try {
      await store.add(entry());
      await current!.close(); // what a crash of the WebAssembly instance leaves: a closed database
      refuse = true;
      await expect(store.add(entry())).rejects.toThrow(new StoreUnavailableError(`the consent log store (PGlite in ${dir}) is unavailable: stopped`).message);
      refuse = false;
      await new Promise(resolve => setTimeout(resolve, 1100)); // the store waits a second between attempts
      await expect(store.add(entry())).resolves.toMatchObject({ stored: true });
      expect(await store.history(receipt().consentId)).toHaveLength(2);
    } finally {
      await store.close();
    }
  }, 60_000);

  // Regression (a time probe): the wait between attempts was read off the wall clock, and a clock stepped back (NTP,
  // by hand) as the database failed made it last as long as the step: an hour of 503s with the database back.
  it('regression: opens again after a second even where the clock stepped back meanwhile', async () => {
    const log = await freshLog('pglite');
    const dir = log.flags[1]!;
    await log.store.close();
    let refuse = true;
    let opened = 0;
    const store = createSqlStore({
      description: `PGlite in ${dir}`,
      open: async () => {
        opened++;
        if (refuse) throw new Error('stopped');
        return pgliteClient(await PGlite.create(dir));
      },
    });
    const real = Date.now;
    try {
      await expect(store.add(entry())).rejects.toBeInstanceOf(StoreUnavailableError);
      Date.now = () => real() - 3_600_000;
      refuse = false;
      await new Promise(resolve => setTimeout(resolve, 1100));
      await expect(store.add(entry())).resolves.toMatchObject({ stored: true });
      expect(opened).toBe(2);
    } finally {
      Date.now = real;
      await store.close();
    }
  }, 60_000);
});
