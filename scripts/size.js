#!/usr/bin/env node
// `npm run size`: every size budget of SPEC §10 (and the guard's, issue #12), gzip -9 as a visitor pays it, read
// from what the build produced; prints each figure against its budget and exits 1 when any is over or a check fails.
// Run after `npm run build`. 1 KB = 1024 bytes.
//   - Until the banner: the files a page with the script tag requests before the banner is visible, per language,
//     found by loading such a page in Chromium (no throttling needed: the question is which files, not how fast).
//     Without a Chromium it falls back to the script tag's file plus `i18n/<lang>.js` when that exists, and says so.
//   - Each file the script tag loads later (every other script-tag file of dist/): ≤ 4 KB, except `views.js`, the
//     views' mount with Preact ("the first view that brings Preact"): ≤ 9 KB.
//   - The headless ESM with its chunks: ≤ 10 KB.
//   - `consent-gate/presets`: an app importing one preset gets that preset only (no other vendor's host in it).
//   - The npm UI entry bundled by an app that imports one preset carries no other vendor's host.
//   - The guard's code: what it adds to the script tag's file, ≤ 1.5 KB (issue #12).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { configWords } from './rollup-words.js';
import ts from 'typescript';

const KB = 1024;
const BUDGETS = {
  untilBannerZhCN: 12 * KB,
  untilBannerOther: 13.5 * KB,
  later: 4 * KB,
  firstViewWithPreact: 9 * KB,
  headless: 10 * KB,
  guard: 1.5 * KB,
};
const LANGS = ['zh-CN', 'en', 'zh-TW'];
const SCRIPT_TAG = 'dist/consent-gate.min.js';

const gz = code => gzipSync(code, { level: 9 }).length;
const gzFile = path => gz(readFileSync(path));
if (!existsSync(SCRIPT_TAG)) {
  console.error('size: dist/ is missing; run `npm run build` first');
  process.exit(1);
}

/** ESM entries with their chunks, dependencies resolved (unless external), minified: what an app's bundle gains. */
async function bundled(input, { external = [], plugins = [] } = {}) {
  const bundle = await rollup({ input, external, plugins: [...plugins, nodeResolve()], onwarn() {} });
  const { output } = await bundle.generate({ format: 'es', plugins: [terser({ compress: { passes: 3 } })] });
  await bundle.close();
  return output.filter(chunk => chunk.type === 'chunk').map(chunk => chunk.code).join('\n');
}

/**
 * The files the script tag loads beside itself (src/script/load-file.ts): every .js file under dist/ that is not the
 * script tag itself nor part of the npm builds (their entries, chunks/, node/, types/).
 */
function scriptTagFiles() {
  const npm = new Set(['index.js', 'headless.js', 'presets.js', 'guard.js', 'receipts.js']);
  const files = [];
  const walk = dir => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = path.slice('dist/'.length);
      if (entry.isDirectory()) {
        if (!['chunks', 'node', 'types'].includes(rel)) walk(path);
      } else if (rel.endsWith('.js') && path !== SCRIPT_TAG && !npm.has(rel)) {
        files.push(rel);
      }
    }
  };
  walk('dist');
  return files.sort();
}

/**
 * Per language, the SDK's files requested before the banner was visible, by loading a page in Chromium: the config
 * is the built-in default (`lang: 'auto'`, so `<html lang>` picks the language). Resolves to `undefined` without a
 * Chromium.
 */
async function untilBannerInBrowser() {
  let chromium, findChromium, startServer, probeSource;
  try {
    ({ chromium } = await import('@playwright/test'));
    ({ findChromium } = await import('./chromium.js'));
    ({ startServer } = await import('../bench/server.js'));
    ({ probeSource } = await import('../bench/probe.js'));
  } catch {
    return undefined;
  }
  const found = findChromium();
  if (!found) return undefined;
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: found.path });
  try {
    const result = {};
    for (const lang of LANGS) {
      const context = await browser.newContext({ locale: lang });
      const page = await context.newPage();
      const url = `${server.origin}/bench/size-${lang}.html`;
      // A page the bench server does not have: the document comes from here, the SDK's files from dist/ as served.
      await page.route(url, route => route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>size</title>` +
          // A language other than zh-CN is included beside the bundle, so it downloads in parallel (SPEC §10; README).
          (lang === 'zh-CN' ? '' : `<script src="/dist/i18n/${lang}.js" async></script>`) +
          `<script src="/dist/consent-gate.min.js"></script></head><body><main><h1>我图网</h1></main></body></html>`,
      }));
      // The bench's probe: the banner's first visible frame on the page's clock (bench/probe.js).
      await page.addInitScript({ content: probeSource({ banner: ['#consent-gate', '[data-action="accept-all"]'], windowMs: 0, giveUpMs: 5000, tracker: '/bench/fake/hm.js' }) });
      await page.goto(url);
      await page.waitForFunction(() => /** @type {any} */ (window).__bench.banner !== null, undefined, { timeout: 10_000 })
        .catch(() => { throw new Error(`size: no banner on the ${lang} page within 10 s`); });
      result[lang] = await page.evaluate(() => {
        const banner = /** @type {any} */ (window).__bench.banner;
        return performance.getEntriesByType('resource')
          .filter(entry => entry.startTime < banner)
          .map(entry => ({ path: new URL(entry.name).pathname.slice(1), start: entry.startTime, end: /** @type {PerformanceResourceTiming} */ (entry).responseEnd }))
          .filter(entry => entry.path.startsWith('dist/'));
      });
      await context.close();
    }
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Rollup plugin: the TypeScript sources, types stripped (the build type-checks them), as rollup.config.ts does. */
const typescriptSources = () => ({
  name: 'size-transpile',
  resolveId(source, importer) {
    if (!importer || !source.startsWith('.') || !source.endsWith('.js')) return null;
    const base = resolve(dirname(importer), source.replace(/\.js$/, ''));
    return [`${base}.ts`, `${base}.tsx`].find(existsSync) ?? null;
  },
  transform: (code, id) =>
    /\.tsx?$/.test(id)
      ? ts.transpileModule(code, {
          fileName: id,
          compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext, jsx: ts.JsxEmit.React, jsxFactory: 'h', jsxFragmentFactory: 'Fragment' },
        }).outputText
      : null,
});

const rows = [];
const failures = [];
/** A figure against its budget (`undefined` = shown for information). */
const row = (label, size, budget, note = '') => rows.push({ label, size, budget, note });

// `--vendors`: only checks 4 and 5, the ones that hold now (npm test runs them after the build, so a change that
// makes an app bundle every vendor fails the tests, not only this report).
const vendorsOnly = process.argv.includes('--vendors');

// 1. Until the banner.
const inBrowser = vendorsOnly ? undefined : await untilBannerInBrowser();
const beforeBanner = {};
for (const lang of vendorsOnly ? [] : LANGS) {
  const entries = inBrowser?.[lang];
  const files = entries?.map(entry => entry.path) ?? [SCRIPT_TAG, ...(lang !== 'zh-CN' && existsSync(`dist/i18n/${lang}.js`) ? [`dist/i18n/${lang}.js`] : [])];
  beforeBanner[lang] = files;
  const size = files.reduce((sum, file) => sum + (existsSync(file) ? gzFile(file) : 0), 0);
  const how = inBrowser ? 'requested before the banner showed' : 'no Chromium: assumed';
  row(`${lang} page until the banner`, size, lang === 'zh-CN' ? BUDGETS.untilBannerZhCN : BUDGETS.untilBannerOther,
    `${files.map(file => file.replace(/^dist\//, '')).join(' + ')} (${how})`);
  // SPEC §10: the banner never waits on a second request made after the first; another language may come as a
  // second file only when requested in parallel with the first (started before the first one's response ended).
  const first = entries?.find(entry => entry.path === SCRIPT_TAG);
  const after = first ? entries.filter(entry => entry !== first && entry.start >= first.end) : [];
  if (after.length) failures.push(`${lang} page: ${after.map(entry => entry.path).join(', ')} requested after ${SCRIPT_TAG} had arrived, before the banner (SPEC §10: no second request one after the other)`);
}

// 2. Files the script tag loads later: each on its own budget. One fetched before the banner on some page is counted
// there (above) and here too: it is still a file of its own.
const early = new Set(Object.values(beforeBanner).flat());
for (const file of vendorsOnly ? [] : scriptTagFiles()) {
  const path = `dist/${file}`;
  if (path === SCRIPT_TAG) continue;
  const isViews = file === 'views.js';
  row(`${file}${early.has(path) ? ' (fetched before the banner on some page)' : ''}`, gzFile(path), isViews ? BUDGETS.firstViewWithPreact : BUDGETS.later,
    isViews ? 'Preact + the views\' mount, "the first view that brings Preact"' : '');
}
if (!vendorsOnly && existsSync('dist/views.js') && existsSync('dist/views/preferences.js')) {
  row('views.js + views/preferences.js (what opening 设置 fetches)', gzFile('dist/views.js') + gzFile('dist/views/preferences.js'), undefined,
    'for reading the 9 KB budget either way');
}

// 3. Headless ESM: core + gate.
if (!vendorsOnly) row('headless ESM (dist/headless.js + chunks)', gz(await bundled('dist/headless.js')), BUDGETS.headless);

// What the opt-in npm modules add to an app (README "From npm"): the same headless app bundled with and without each.
if (!vendorsOnly) {
  mkdirSync('.reports/size', { recursive: true });
  const app = async (name, imports = '', extra = '') => {
    const entry = `.reports/size/headless-${name}.js`;
    writeFileSync(entry, `import { createConsentGate } from '../../dist/headless.js';\n${imports}\ncreateConsentGate({ categories: [] }${extra});\n`);
    return gz(await bundled(entry));
  };
  const alone = await app('alone');
  const guardAdds = (await app('guard', "import { networkGuard } from '../../dist/guard.js';", ', { guard: networkGuard }')) - alone;
  const receiptsAdd = (await app('receipts', "import { consentReceipts } from '../../dist/receipts.js';", ', { receipts: consentReceipts }')) - alone;
  row('consent-gate/guard: what it adds to an npm app', guardAdds, undefined, `a headless app bundled with and without it (${alone} B)`);
  row('consent-gate/receipts: what it adds to an npm app', receiptsAdd, undefined, 'the same app with and without it');
}

// The npm build's files import what they use, nothing for its side effects: a bare `import "./chunks/…"` (rollup
// hoists them unless told not to) is dropped by a bundler under `"sideEffects": false`, and esbuild warns about each
// one in an app that installed the package from a folder. Checked with --vendors too (npm test).
for (const file of ['index.js', 'headless.js', 'presets.js', 'guard.js', 'receipts.js', ...readdirSync('dist/chunks').filter(name => name.endsWith('.js')).map(name => `chunks/${name}`)]) {
  const bare = readFileSync(`dist/${file}`, 'utf8').match(/(?:^|[;}\n])import\s*["'][^"']+["']/);
  if (bare) failures.push(`dist/${file} imports a file for its side effects only (${bare[0].replace(/^[;}\n]/, '')}): the npm build must set hoistTransitiveImports: false`);
}

// 4 and 5. Vendors: an app importing one preset gets that preset only, from consent-gate/presets and from the
// npm UI entry. A vendor is recognised by its hosts (each preset's own, not shared with another preset).
mkdirSync('.reports/size', { recursive: true });
const { PRESETS } = await import('../dist/presets.js');
const exportName = Object.fromEntries(Object.entries(await import('../dist/presets.js'))
  .filter(([, value]) => value && typeof value === 'object' && typeof value.id === 'string' && Array.isArray(value.hosts))
  .map(([name, preset]) => [preset.id, name]));
const hostsOf = id => PRESETS[id].hosts.filter(host => Object.entries(PRESETS).every(([other, preset]) => other === id || !preset.hosts.includes(host)));
// A host as a string of its own (a preset's `hosts` entry): "connect.qq.com" inside a policy URL of QQ sign-in
// (wiki.connect.qq.com) is no QQ share code.
const hostIn = (code, host) => ['"', "'", '`'].some(quote => code.includes(`${quote}${host}${quote}`));
const othersIn = (code, id) => Object.keys(PRESETS).filter(other => other !== id && hostsOf(other).some(host => hostIn(code, host)));
{
  // The check must be able to see a vendor: every preset imported at once shows every vendor's hosts.
  writeFileSync('.reports/size/presets-all.js', `import * as all from '../../dist/presets.js';\nconsole.log(all);\n`);
  const code = await bundled('.reports/size/presets-all.js');
  const unseen = Object.keys(PRESETS).filter(id => !hostsOf(id).some(host => hostIn(code, host)));
  if (unseen.length) failures.push(`the vendor check cannot see ${unseen.join(', ')} in a bundle of every preset (hosts not written as plain strings?)`);
}
for (const id of Object.keys(PRESETS)) {
  const name = exportName[id];
  if (!name) {
    failures.push(`preset ${id} has no named export in dist/presets.js`);
    continue;
  }
  const entry = `.reports/size/preset-${id}.js`;
  writeFileSync(entry, `import { ${name} } from '../../dist/presets.js';\nconsole.log(${name});\n`);
  const code = await bundled(entry);
  const others = othersIn(code, id);
  if (others.length) failures.push(`importing ${name} from consent-gate/presets also bundles ${others.join(', ')}`);
  row(`consent-gate/presets, only ${name} imported`, gz(code), undefined, others.length ? `ALSO CARRIES ${others.join(', ')}` : 'no other vendor');
}
{
  const id = 'weibo-share';
  const name = exportName[id];
  const entry = '.reports/size/ui-one-preset.js';
  writeFileSync(entry, `import { createConsentGate } from '../../dist/index.js';\nimport { ${name} } from '../../dist/presets.js';\ncreateConsentGate({ services: [${name}] });\n`);
  const code = await bundled(entry);
  const others = othersIn(code, id);
  if (others.length) failures.push(`the npm UI entry bundled with ${name} alone carries ${others.join(', ')}`);
  row(`npm UI entry (dist/index.js + chunks + Preact) with ${name} only`, gz(code), undefined, others.length ? `CARRIES OTHER VENDORS: ${others.join(', ')}` : 'no other vendor');
}

// 6. The guard's code (issue #12: ≤ 1.5 KB gzip, counted inside the script-tag budgets): what it adds to the script
// tag's file — src/script.ts built twice the same way (types stripped, its config check's words dropped, minified as
// rollup.config.ts does), with the guard and with src/guard/start-guard.ts and src/guard/guard.ts replaced by stubs; the difference of their
// gzip -9 sizes.
if (vendorsOnly) {
  // Not measured with --vendors.
} else if (existsSync('src/script.ts') && existsSync('src/guard/start-guard.ts')) {
  const withoutGuard = () => ({
    name: 'size-no-guard',
    // The guard started for a config and for a refused one (src/script.ts `guardClosed`): both entries stubbed.
    load: id =>
      id.endsWith(join('src', 'guard', 'start-guard.ts'))
        ? 'export const startGuard = () => undefined;'
        : id.endsWith(join('src', 'guard', 'guard.ts'))
          ? "export const IN_PLACE = Symbol.for('consent-gate.in-place'); export const installGuard = () => undefined;"
          : null,
  });
  const scriptTag = async plugins => {
    const bundle = await rollup({ input: 'src/script.ts', plugins: [...plugins, typescriptSources(), configWords('drop'), nodeResolve()], onwarn() {} });
    const { output } = await bundle.generate({
      format: 'iife',
      plugins: [terser({ ecma: 2020, compress: { passes: 3, pure_getters: true, unsafe_arrows: true }, format: { comments: false } })],
    });
    await bundle.close();
    return gz(output[0].code);
  };
  const [withGuard, without] = [await scriptTag([]), await scriptTag([withoutGuard()])];
  row('network guard: what it adds to consent-gate.min.js', withGuard - without, BUDGETS.guard,
    `src/script.ts rebuilt here with it (${withGuard} B) and without it (${without} B)`);
} else {
  row('network guard: what it adds to consent-gate.min.js', 0, undefined, 'not measured: src/script.ts or src/guard/start-guard.ts not found');
}

let over = 0;
const width = Math.max(...rows.map(r => r.label.length)) + 2;
const pad = (text, n) => String(text).padStart(n);
console.log('gzip -9 bytes'.padEnd(width) + pad('size', 8) + pad('budget', 9) + '  status');
for (const { label, size, budget, note } of rows) {
  const ok = budget === undefined || size <= budget;
  if (!ok) over++;
  const status = budget === undefined ? 'info' : ok ? 'ok' : `OVER by ${size - budget}`;
  console.log(label.padEnd(width) + pad(size, 8) + pad(budget ?? '-', 9) + '  ' + status + (note ? `  ${note}` : ''));
}
for (const failure of failures) console.error(`size: ${failure}`);
if (over || failures.length) {
  console.error(`size: ${over} figure(s) over budget${failures.length ? `, ${failures.length} check(s) failed` : ''}`);
  process.exit(1);
}
