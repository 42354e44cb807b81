import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pgliteTemplate as sharedTemplate } from '../../scripts/pglite-template.js';
import { startPostgres, type TestPostgres } from '../../scripts/postgres.js';
import { tmpdirForLogs } from '../../scripts/tmpdir-for-logs.js';
import { MIGRATIONS, openPgliteStore, openPostgresStore, type ReceiptStore } from '../../src/server/index.js';

/** A fresh, empty log on one kind of store: the store open, and the flags that name it for the command line. */
export interface FreshLog {
  kind: StoreKind;
  store: ReceiptStore;
  flags: string[];
  open(): Promise<ReceiptStore>;
}

export type StoreKind = 'pglite' | 'postgres';

/**
 * `CONSENT_LOG_TEST_POSTGRES`: unset, the tests start their own PostgreSQL (scripts/postgres.js says what to install
 * when there is none, and they fail: CI must not pass without PostgreSQL); a URL, a server they may create databases
 * on; `skip`, a developer's explicit choice to leave PostgreSQL out on this machine.
 */
export const postgresSetting = process.env.CONSENT_LOG_TEST_POSTGRES;
export const STORE_KINDS: StoreKind[] = postgresSetting === 'skip' ? ['pglite'] : ['pglite', 'postgres'];
if (postgresSetting === 'skip') console.warn('consent log tests: PostgreSQL skipped (CONSENT_LOG_TEST_POSTGRES=skip)');

const root = mkdtempSync(join(tmpdirForLogs(), 'consent-log-test-'));
let template: Promise<string> | undefined;
let server: Promise<TestPostgres> | undefined;
let databases = 0;

/** A PGlite directory already through initdb and the migrations, made once per machine (scripts/pglite-template.js). */
function pgliteTemplate(): Promise<string> {
  template ??= sharedTemplate({ openPgliteStore, MIGRATIONS });
  return template;
}

/** The test PostgreSQL server's URL (its own database), for a database a test makes itself. */
export async function postgresUrl(): Promise<string> {
  if (postgresSetting && postgresSetting !== 'skip') return postgresSetting;
  server ??= startPostgres();
  return (await server).url;
}

/** A fresh log of this kind: a copied PGlite directory, or a new database on the test server. */
export async function freshLog(kind: StoreKind): Promise<FreshLog> {
  if (kind === 'pglite') {
    const dir = join(root, `log-${++databases}`);
    cpSync(await pgliteTemplate(), dir, { recursive: true });
    const open = () => openPgliteStore({ dir });
    return { kind, store: await open(), flags: ['--db', dir], open };
  }
  const base = new URL(await postgresUrl());
  const name = `consent_log_test_${process.pid}_${++databases}`;
  const admin = await import('pg');
  const client = new admin.default.Client({ connectionString: base.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const open = () => openPostgresStore({ connectionString: url.toString(), maxConnections: 4 });
  return { kind, store: await open(), flags: ['--postgres', url.toString()], open };
}

/** The test PostgreSQL server of this file, for outage tests (undefined when the tests use a server of their own). */
export async function testServer(): Promise<TestPostgres | undefined> {
  if (postgresSetting) return undefined;
  await postgresUrl();
  return server;
}

/** An empty directory of this test file's own, deleted with the rest by cleanUp(). */
export function scratchDir(): string {
  return mkdtempSync(join(root, 'scratch-'));
}

/** Stops this file's PostgreSQL and deletes its directories. */
export async function cleanUp(): Promise<void> {
  if (server) await (await server).stop();
  rmSync(root, { recursive: true, force: true });
}
