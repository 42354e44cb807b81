import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { parse } from 'acorn';

// What the browser bundles need of the engine: ES2020 (Chrome 80, Safari 13.1, Firefox 74), the level rollup.config.ts
// compiles and minifies to. Read from dist/ as built; the server's files (dist/node) run on Node.
const DIST = 'dist';
const files = (dir: string): string[] =>
  readdirSync(join(DIST, dir), { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory() ? (entry.name == 'node' || entry.name == 'types' ? [] : files(join(dir, entry.name))) : entry.name.endsWith('.js') ? [join(dir, entry.name)] : [],
  );
/** The npm build (ESM); everything else is a classic script the script tag loads. */
const esm = (file: string) => /^(chunks\/|(index|headless|presets|guard|receipts)\.js$)/.test(file);

// Regression: the files beside the bundle were wrapped with `??=` (ES2021): on WeChat's Chromium 86 and iOS 13 the bundle
// showed its banner, but decide.js and views.js did not parse, and no button did anything.
test('regression: every browser file of dist/ parses as ES2020, the files beside the bundle included', () => {
  const all = files('');
  expect(all).toEqual(expect.arrayContaining(['consent-gate.min.js', 'gate.js', 'decide.js', 'views.js', join('views', 'preferences.js'), join('i18n', 'en.js'), 'headless.js']));
  const refused = all.flatMap(file => {
    try {
      parse(readFileSync(join(DIST, file), 'utf8'), { ecmaVersion: 2020, sourceType: esm(file) ? 'module' : 'script' });
      return [];
    } catch (error) {
      return [`${file}: ${(error as Error).message}`];
    }
  });
  expect(refused).toEqual([]);
});

// Regression: the build's stamp, put in once minified (rollup.config.ts, `stamped`), was replaced only where terser
// left it a string: folded into the loader's message, the placeholder itself was said ("of build @cg@!").
test('regression: every browser file carries the build\'s stamp, and no placeholder of it', async () => {
  const { buildStamp } = await import('../scripts/build-stamp.js');
  const stamp = buildStamp();
  const left = files('').filter(file => readFileSync(join(DIST, file), 'utf8').includes('@cg@!'));
  expect(left).toEqual([]);
  expect(readFileSync(join(DIST, 'consent-gate.min.js'), 'utf8')).toContain(`registered nothing of build ${stamp}`);
  expect(readFileSync(join(DIST, 'gate.js'), 'utf8')).toContain(`.v="${stamp}"`);
});
