// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as server from '../../src/server/index.js';
import { loadDriver } from '../../src/server/load-driver.js';

const root = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('consent-gate/server as a package entry (SPEC §7.6)', () => {
  it('is the export ./server, built from src/server by tsconfig.server.json', () => {
    expect(pkg.exports['./server']).toEqual({ types: './dist/node/server/index.d.ts', import: './dist/node/server/index.js', default: './dist/node/server/index.js' });
    expect(pkg.exports['./read-consent']).toEqual({ types: './dist/node/server/read-consent.d.ts', import: './dist/node/server/read-consent.js', default: './dist/node/server/read-consent.js' });
    const config = readFileSync(join(root, 'tsconfig.server.json'), 'utf8');
    expect(config).toContain('"outDir": "dist/node"');
  });

  it('is never reached from the browser code: nothing outside src/cli and src/server imports them or node:', () => {
    const browser = sources(join(root, 'src')).filter(file => !/src\/(cli|server)\//.test(file));
    expect(browser.length).toBeGreaterThan(20);
    const offenders = browser.filter(file => /from\s+['"](node:|[^'"]*\/(server|cli)\/)|import\(\s*['"][^'"]*\/(server|cli)\//.test(readFileSync(file, 'utf8')));
    expect(offenders.map(file => relative(root, file))).toEqual([]);
  });

  it('keeps the database drivers optional: peer dependencies a browser user never installs', () => {
    for (const driver of ['@electric-sql/pglite', 'pg']) {
      expect(pkg.dependencies?.[driver]).toBeUndefined();
      expect(pkg.peerDependencies[driver]).toBeDefined();
      expect(pkg.peerDependenciesMeta[driver]).toEqual({ optional: true });
    }
  });

  it('declares what the Node code imports at run time as dependencies: an app\'s `npx consent-gate log serve` runs dist/node, unbundled', () => {
    const imported = new Set(
      [join(root, 'src/server'), join(root, 'src/cli')].flatMap(sources).flatMap(file =>
        [...readFileSync(file, 'utf8').matchAll(/^import (?!type )[^;]*?from '([^'.][^']*)'/gm)].map(match => match[1]!).filter(name => !name.startsWith('node:')),
      ),
    );
    expect(imported).toContain('tldts');
    expect([...imported].filter(name => !pkg.dependencies?.[name])).toEqual([]);
  });

  it('exports what docs/consent-log.md documents', () => {
    expect(Object.keys(server).sort()).toEqual([
      'DirectoryLockedError', 'LogSchemaError', 'MIGRATIONS', 'PurgeRefusedError', 'ReceiptConflictError', 'StoreUnavailableError', 'createNodeListener', 'createReceiptHandler', 'createReceiptServer',
      'openPgliteStore', 'openPostgresStore', 'readConsent', 'validateReceipt',
    ]);
  });
});

describe('loadDriver', () => {
  const missing = (name: string) => async () => {
    throw Object.assign(new Error(`Cannot find package '${name}' imported from /app/dist/node/server/load-driver.js`), { code: 'ERR_MODULE_NOT_FOUND' });
  };

  it.each([
    ['pg', 'consent-gate/server: the PostgreSQL store (--postgres) needs the package "pg", which is not installed: npm install pg'],
    ['@electric-sql/pglite', 'consent-gate/server: the embedded store (a directory, --db) needs the package "@electric-sql/pglite", which is not installed: npm install @electric-sql/pglite'],
  ] as const)('names the package to install when %s is missing', async (name, message) => {
    await expect(loadDriver(name, missing(name))).rejects.toThrow(message);
  });

  it('passes on other failures as they are (a driver that is there but broken)', async () => {
    await expect(loadDriver('pg', missing('semver'))).rejects.toThrow("Cannot find package 'semver'");
    await expect(loadDriver('pg', async () => { throw new SyntaxError('Unexpected token'); })).rejects.toThrow(SyntaxError);
  });

  it('loads an installed driver', async () => {
    expect(await loadDriver<{ Pool: unknown }>('pg')).toHaveProperty('Pool');
  });
});
