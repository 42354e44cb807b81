#!/usr/bin/env node
// `npm run size`: gzip -9 of what a visitor downloads (SPEC §10), against the budgets; exits 1 over budget.
// Run after `npm run build`. 1 KB = 1024 bytes.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const KB = 1024;
const gz = code => gzipSync(code, { level: 9 }).length;
const file = path => (existsSync(path) ? readFileSync(path) : undefined);
if (!file('dist/consent-gate.min.js')) {
  console.error('size: dist/ is missing; run `npm run build` first');
  process.exit(1);
}

/** An ESM entry with its own chunks, dependencies resolved, minified: what an app's bundle gains. */
async function bundled(entry, external = []) {
  const bundle = await rollup({ input: entry, external, plugins: [nodeResolve()], onwarn() {} });
  const { output } = await bundle.generate({ format: 'es', plugins: [terser({ compress: { passes: 3 } })] });
  return output.filter(chunk => chunk.type === 'chunk').map(chunk => chunk.code).join('\n');
}

// On demand: each view, each language's copy of the views (`i18n/<lang>-views.js`) and the presets' 清单 text
// (`presets/disclosures.js`), loaded with the first view.
const onDemand = (dir, keep) =>
  existsSync(dir) ? readdirSync(dir).filter(keep).map(name => [`${dir.slice(5)}/${name}`, gz(file(`${dir}/${name}`))]) : [];
const lazyViews = [
  ...onDemand('dist/views', name => name.endsWith('.js')),
  ...onDemand('dist/i18n', name => name.endsWith('-views.js')),
  ...onDemand('dist/presets', name => name.endsWith('.js')),
];
const langFiles = name => gz(file(`dist/i18n/${name}.js`) ?? '') ;
const iife = gz(file('dist/consent-gate.min.js'));
const css = file('dist/consent-gate.css') ? gz(file('dist/consent-gate.css')) : 0;
const headless = gz(await bundled('dist/headless.js', ['js-cookie']));
const headlessWithCookies = gz(await bundled('dist/headless.js'));

mkdirSync('.reports', { recursive: true });
// `consent-gate/presets` is tree-shakable: an app importing one preset pays for that one (API review).
writeFileSync('.reports/one-preset.js', "import { weiboShare } from '../dist/presets.js'; console.log(weiboShare);");
const onePreset = await bundled('.reports/one-preset.js');
if (onePreset.includes('hm.baidu.com')) {
  console.error('size: importing one preset from dist/presets.js pulls in the others (tree-shaking broken)');
  process.exit(1);
}

const gateChunk = file('dist/gate.js') ? gz(file('dist/gate.js')) : undefined;
const rows = [
  ['script tag, zh-CN page until the banner (JS + CSS)', iife + css, 12 * KB],
  ['script tag, en page until the banner', iife + css + (existsSync('dist/i18n/en.js') ? langFiles('en') : 0), 14 * KB],
  ['script tag, zh-TW page until the banner', iife + css + (existsSync('dist/i18n/zh-TW.js') ? langFiles('zh-TW') : 0), 14 * KB],
  ['headless ESM (core + gate), js-cookie external', headless, 4 * KB],
  ['headless ESM (core + gate) with js-cookie', headlessWithCookies, undefined],
  ['consent-gate/presets, one preset imported', gz(onePreset), undefined],
  ...(gateChunk === undefined ? [] : [['gate.js, loaded after the banner has painted', gateChunk, 4 * KB]]),
  ...lazyViews.map(([name, size]) => [`view loaded on demand: ${name}`, size, 4 * KB]),
];

let over = 0;
const pad = (text, width) => String(text).padStart(width);
console.log('gzip -9 bytes'.padEnd(56) + pad('size', 8) + pad('budget', 9) + '  status');
for (const [label, size, budget] of rows) {
  const ok = budget === undefined || size <= budget;
  if (!ok) over++;
  console.log(label.padEnd(56) + pad(size, 8) + pad(budget ?? '-', 9) + '  ' + (budget === undefined ? 'info' : ok ? 'ok' : `OVER by ${size - budget}`));
}
if (over) {
  console.error(`size: ${over} figure(s) over budget`);
  process.exit(1);
}
