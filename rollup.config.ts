import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dirname, resolve } from 'node:path';
import type { Plugin, RollupOptions } from 'rollup';
import ts from 'typescript';

const compile = () =>
  typescript({ tsconfig: './tsconfig.build.json', declaration: false, declarationDir: undefined, outDir: 'dist', noEmitOnError: true });

/** `forApps`: pure annotations stay, so an app's bundler can drop the presets it does not import (npm builds). */
const minify = (forApps = false) =>
  terser({
    ecma: 2020,
    compress: { passes: 3, pure_getters: true, unsafe_arrows: true },
    format: { comments: false, preserve_annotations: forApps },
  });

/**
 * The script tag cannot split an IIFE: it loads views and languages with `src/ui/load-view-script.ts` (classic
 * scripts beside the bundle) instead of the `import()` chunks of `src/ui/load-view.ts`.
 */
const scriptLoader = (): Plugin => ({
  name: 'consent-gate-script-loader',
  resolveId: (source, importer) =>
    !importer
      ? null
      : source.endsWith('/load-view.js')
        ? resolve(dirname(importer), source.replace(/\.js$/, '-script.ts'))
        : // The gate beyond its early part loads after the banner: src/script-gate.ts.
          source === './gate/index.js' && importer.endsWith('/src/headless.ts')
          ? resolve(dirname(importer), 'script-gate.ts')
          : null,
});

/** Type-free TypeScript for the small on-demand files (the main builds above type-check the same sources). */
const transpile = (): Plugin => ({
  name: 'consent-gate-transpile',
  resolveId: (source, importer) =>
    importer && source.startsWith('.') && source.endsWith('.js') ? resolve(dirname(importer), source.replace(/\.js$/, '.ts')) : null,
  transform: (code, id) =>
    id.endsWith('.ts')
      ? ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext } }).outputText
      : null,
});

/**
 * Script tag, on demand (SPEC §10): a view or a language as a small classic script that registers into
 * `window.__consentGate.m` and uses the main bundle's Preact (`__consentGate.p`), see src/ui/load-view-script.ts.
 */
const onDemand = (input: string, file: string, key: string): RollupOptions => ({
  input,
  external: ['preact'],
  output: {
    file,
    format: 'iife',
    name: `__consentGate.m.${key}`,
    extend: true,
    exports: 'named',
    globals: { preact: '__consentGate.p' },
  },
  plugins: [transpile(), minify()],
});

const config: RollupOptions[] = [
  // npm: ESM for bundlers, dependencies left to the app's bundler so it can share and tree-shake them.
  {
    input: { index: 'src/index.ts', headless: 'src/headless.ts', presets: 'src/presets/index.ts' },
    external: [/^preact/, 'js-cookie'],
    output: { dir: 'dist', format: 'es', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true },
    // Minified like the script tag, so `npm run size` measures what an app's bundle really gains.
    plugins: [compile(), minify(true)],
  },
  // Script tag: one self-contained IIFE with Preact, js-cookie and the styles inside.
  {
    input: 'src/script.ts',
    output: { file: 'dist/consent-gate.min.js', format: 'iife', sourcemap: true },
    plugins: [scriptLoader(), nodeResolve(), compile(), minify()],
  },
  // The gate's activation, loaders and withdrawal, loaded by the script tag after the banner (src/script-gate.ts).
  onDemand('src/gate/index.ts', 'dist/gate.js', 'gate'),
  ...['preferences', 'minor', 'guardian', 'request'].map(view =>
    onDemand(`src/ui/views/${view}.ts`, `dist/views/${view}.js`, view),
  ),
  // The presets' 清单 text, with the first view (src/ui/mount-ui.ts).
  onDemand('src/presets/disclosures.ts', 'dist/presets/disclosures.js', 'disclosures'),
  ...['en', 'zh-TW', 'en-views', 'zh-TW-views'].map(lang =>
    onDemand(`src/i18n/${lang}.ts`, `dist/i18n/${lang}.js`, lang.replace(/-/g, '')),
  ),
];

export default config;
