// One consent log collector for the bench (bench/log/run.js forks it): the built handler and node:http server on
// one store, in a process of its own so that the load generator does not share its event loop.
//   env BENCH_STORE=pglite BENCH_DIR=<dir> | BENCH_STORE=postgres BENCH_POSTGRES=<url>; BENCH_PORT=<port>
// Messages from the parent: { stopStore: ms } closes the embedded database as a crash would and refuses to open it
// again for that long (PostgreSQL outages are made by stopping the server itself, from the parent).
import { mkdirSync } from 'node:fs';
import { createReceiptHandler, createReceiptServer, openPostgresStore } from '../../dist/node/server/index.js';
import { lockDirectory } from '../../dist/node/server/directory-lock.js';
import { pgliteClient } from '../../dist/node/server/pglite-store.js';
import { createSqlStore } from '../../dist/node/server/sql-store.js';

const { BENCH_STORE, BENCH_DIR, BENCH_POSTGRES, BENCH_PORT } = process.env;
const counts = { stored: 0, duplicates: 0, unavailable: 0, refused: 0, failed: 0 };

async function openStore() {
  if (BENCH_STORE === 'postgres') return { store: await openPostgresStore({ connectionString: BENCH_POSTGRES, maxConnections: 10 }) };
  const { PGlite } = await import('@electric-sql/pglite');
  mkdirSync(BENCH_DIR, { recursive: true });
  const lock = lockDirectory(BENCH_DIR, 'bench/log/collector.js');
  let db;
  let refuseUntil = 0;
  // The same store as openPgliteStore, with a connector the bench can stop: it opens the directory again after a
  // crash, which is what the outage measures.
  const store = createSqlStore({
    description: `PGlite in ${BENCH_DIR}`,
    open: async () => {
      if (Date.now() < refuseUntil) throw new Error('the embedded database is stopped (bench outage)');
      db = await PGlite.create(BENCH_DIR);
      return pgliteClient(db);
    },
    release: async () => lock.release(),
  });
  await store.ping();
  const stop = async ms => {
    refuseUntil = Date.now() + ms;
    await db.close();
  };
  return { store, stop };
}

const { store, stop } = await openStore();
const handler = createReceiptHandler({
  store,
  rateLimit: false,
  retryAfter: 1,
  onEvent: event => {
    if (event.type === 'stored') event.duplicate ? counts.duplicates++ : counts.stored++;
    else if (event.type === 'unavailable') counts.unavailable++;
    else if (event.type === 'rejected') counts.refused++;
    else if (event.type === 'failed') counts.failed++;
  },
});
const server = createReceiptServer({ handler });
server.server.keepAliveTimeout = 30_000;
const { url } = await server.listen(Number(BENCH_PORT));

process.on('message', async message => {
  if (message.stopStore) {
    await stop(message.stopStore);
    process.send({ stopped: true });
  }
  if (message.exit) {
    await server.close();
    await store.close();
    process.send({ counts }, () => process.exit(0));
  }
});
process.send({ ready: url });
