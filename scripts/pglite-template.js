// A PGlite directory already through initdb and the consent log's migrations, made once per machine and copied for
// each fresh log of the tests (initdb takes 3–8 s and up to ~800 MB; a copy, 0.2–1.2 s on a 2-core machine). It lives
// in node_modules/.cache, named by PGlite's version, the migrations and its settings, so a change of any makes a new
// one; test processes that start together make it once (a lock file beside it).
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Written into the template's postgresql.conf. initdb's 128 MB of shared buffers are zeroed at every start of PGlite
 * (WebAssembly's memset, half of each open: 0.45 → 0.25 s on a 2-core machine), and the consent log's tests open a log
 * dozens of times (each command of `consent-gate log` opens it again). Their logs hold a few hundred rows: the size of the
 * buffer cache changes nothing they check.
 */
const SETTINGS = 'shared_buffers = 16MB';

/**
 * The template's directory, made when missing with the consent log module given (`src/server` in the unit tests,
 * `dist/node/server` for the e2e tests and the demo: one schema, so one template).
 */
export async function pgliteTemplate({ openPgliteStore, MIGRATIONS }) {
  const schema = JSON.stringify(MIGRATIONS);
  const make = async dir => {
    // Made on what a volume's root holds (a PersistentVolumeClaim's `lost+found`, a `.gitkeep`), which must not count
    // as "other files" refusing a new log: every fresh log of the tests starts so.
    mkdirSync(join(dir, 'lost+found'), { recursive: true });
    writeFileSync(join(dir, '.gitkeep'), '');
    const store = await openPgliteStore({ dir });
    await store.close();
    appendFileSync(join(dir, 'postgresql.conf'), `\n# consent-gate's tests (scripts/pglite-template.js)\n${SETTINGS}\n`);
  };
  const version = JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version;
  const name = createHash('sha256').update(`${version}\n${schema}\n${SETTINGS}`).digest('hex').slice(0, 12);
  const cache = join(root, 'node_modules/.cache/consent-gate-tests');
  const dir = join(cache, `pglite-${name}`);
  const ready = () => existsSync(join(dir, 'PG_VERSION'));
  if (ready()) return dir;
  mkdirSync(cache, { recursive: true });
  const lock = `${dir}.lock`;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (ready()) return dir;
      // The lock of a process that died while making it: taken over after two minutes.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { force: true });
      } catch {}
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }
  try {
    if (ready()) return dir;
    const making = `${dir}.${process.pid}`;
    rmSync(making, { recursive: true, force: true });
    await make(making);
    renameSync(making, dir);
    return dir;
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Fills `dir` (new, or empty) with a copy of the template: a consent log ready to open. */
export async function seedPgliteLog(dir, server) {
  cpSync(await pgliteTemplate(server), dir, { recursive: true });
}
