import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import type { RollupOptions } from 'rollup';

const compile = () =>
  typescript({ tsconfig: './tsconfig.build.json', declaration: false, declarationDir: undefined, outDir: 'dist', noEmitOnError: true });

const minify = () =>
  terser({
    ecma: 2020,
    compress: { passes: 3, pure_getters: true, unsafe_arrows: true },
    format: { comments: false },
  });

const config: RollupOptions[] = [
  // npm: ESM for bundlers, dependencies left to the app's bundler so it can share and tree-shake them.
  {
    input: { index: 'src/index.ts', headless: 'src/headless.ts' },
    external: [/^preact/, 'js-cookie'],
    output: { dir: 'dist', format: 'es', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true },
    // Minified like the script tag, so `npm run size` measures what an app's bundle really gains.
    plugins: [compile(), minify()],
  },
  // Script tag: one self-contained IIFE with Preact, js-cookie and the styles inside.
  {
    input: 'src/script.ts',
    output: { file: 'dist/consent-gate.min.js', format: 'iife', sourcemap: true },
    plugins: [nodeResolve(), compile(), minify()],
  },
];

export default config;
