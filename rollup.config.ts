import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Plugin, RollupOptions } from 'rollup';
import ts from 'typescript';
import { buildStamp } from './scripts/build-stamp.js';
import { configWords } from './scripts/rollup-words.js';

/** `forApps`: pure annotations stay, so an app's bundler can drop the presets it does not import (npm builds). */
const minify = (forApps = false, preamble?: string) => [
  terser({
    ecma: 2020,
    compress: { passes: 3, pure_getters: true, unsafe_arrows: true },
    format: { comments: false, preserve_annotations: forApps, preamble },
  }),
  stamped(),
];

/**
 * V8's compile hint (Chrome 136+): every function of the file is compiled as it loads (off the main thread while it
 * streams), instead of on the main thread at its first call. Every script-tag file carries it: each is loaded to run.
 * On the bundle it took the lazy compiles out of its evaluation (bench, CPU 4×, median of 10 interleaved visits):
 * returning visit 95 → 48 ms of script and no long task (89 ms before), first visit 123 → 72 ms; the files fetched
 * while the browser is idle (the decision, the activation, the views) are compiled before the click that runs them
 * (SPEC §10: accept → executed). What it costs: bytecode for functions a visit never calls (the UI on a returning
 * visit), about 50 KB of heap.
 */
const EAGER = '//# allFunctionsCalledOnLoad';

/** The stamp of this build (scripts/build-stamp.js), which every file beside the bundle carries. */
const BUILD = buildStamp();

/**
 * The stamp while terser names the variables, of the stamp's length: terser gives the shortest names by how often
 * each character occurs in the code, the stamp's included, so every build's stamp moved a file by up to 6 bytes of gzip
 * (gate.js, 4,093 to 4,099 B, its code the same). Each file gets its stamp once minified (`stamped`).
 */
const PLACEHOLDER = '@cg@!';
const UNSTAMPED = JSON.stringify(PLACEHOLDER);
const stamped = (): Plugin => ({
  name: 'consent-gate-stamp',
  // Wherever terser put it, a string or folded into a template (the loader's message names the build). The same
  // length: the source map's columns stand.
  renderChunk: code => ({ code: code.replaceAll(PLACEHOLDER, BUILD), map: null }),
});

/**
 * Type-free TypeScript, source maps kept. Every build uses it: the types are checked once, by the declaration build that
 * follows (`tsc -p tsconfig.build.json`, the same sources, which fails the build on a type error) and by `npm run
 * typecheck`; @rollup/plugin-typescript checked them again for each of the two main builds. Its output was the same
 * to the byte, source maps included.
 */
const transpile = (): Plugin => ({
  name: 'consent-gate-transpile',
  resolveId(source, importer) {
    if (!importer || !source.startsWith('.') || !source.endsWith('.js')) return null;
    const base = resolve(dirname(importer), source.replace(/\.js$/, ''));
    return [`${base}.ts`, `${base}.tsx`].find(existsSync) ?? null;
  },
  transform(code, id) {
    if (!/\.tsx?$/.test(id)) return null;
    const { outputText, sourceMapText } = ts.transpileModule(code, {
      fileName: id,
      compilerOptions: {
        sourceMap: true,
        target: ts.ScriptTarget.ES2020,
        module: ts.ModuleKind.ESNext,
        verbatimModuleSyntax: true,
        jsx: ts.JsxEmit.React,
        jsxFactory: 'h',
        jsxFragmentFactory: 'Fragment',
      },
    });
    // The build's stamp where the loader names it (`__CONSENT_GATE_BUILD__`).
    return { code: outputText.replace(/\n\/\/# sourceMappingURL=.*$/, '').replaceAll('__CONSENT_GATE_BUILD__', UNSTAMPED), map: sourceMapText };
  },
});

/**
 * The bundle's loan to the files beside it (src/script/shared.ts): in those builds, each name listed there is taken
 * from `window.__consentGate.s` instead of being bundled again; the rest of its module is bundled as usual.
 */
const SHARED = new Map<string, string[]>();
const lent = readFileSync('src/script/shared.ts', 'utf8');
for (const [, names, from] of lent.matchAll(/^export \{ ([^}]+) \} from '([^']+)\.js';$/gm)) {
  SHARED.set(resolve('src/script', from!), names!.split(', '));
}
// One `export { a, b } from '…';` per line: a line the pattern above missed would silently lend nothing.
if ((lent.match(/^export /gm) ?? []).length !== SHARED.size) throw new Error('src/script/shared.ts: write each export on one line');
/**
 * The browser's own constructors and namespaces, read once as the bundle starts (first thing in `<head>`, before any
 * script of the page): a page's later `var URL = "/api/"`, `function Node(value) {…}` (a linked list), `function Set()`
 * (an old shim), a map page's `var Map = {}`, a `var String` or MooTools' `Event` replaces the global (SPEC §9: the
 * page is not trusted). Looked up at each use, a clobbered `URL` or `String` made the network guard read every address
 * as no vendor's, and the rest threw into the page. The bundle keeps its reading as `ownGlobals` for the files it loads
 * later (`__consentGate.g`).
 */
const OWN = ['URL', 'String', 'Set', 'Map', 'WeakSet', 'WeakMap', 'Promise', 'Symbol', 'Proxy', 'Reflect', 'Node', 'Element', 'Document', 'DocumentFragment', 'HTMLTemplateElement', 'HTMLIFrameElement', 'HTMLScriptElement', 'MutationObserver', 'EventTarget', 'CustomEvent', 'Request', 'BroadcastChannel'];
/**
 * Of `OWN`, the names pages' own scripts are known to declare, which the files beside the bundle take from it (`shelved`):
 * the DOM's interfaces are read from the window there, as libraries that replace one keep its prototype (Prototype.js'
 * and MooTools' `Element`), and each name costs the files their SPEC §10 bytes.
 */
const DECLARED = ['URL', 'String', 'Set', 'Map', 'WeakSet', 'WeakMap', 'Promise', 'Symbol', 'Node', 'Element', 'Document', 'HTMLTemplateElement', 'Request'];
/**
 * Of `OWN`, what each has on itself or its prototype: a script of the page before the SDK's (a template's `var URL =
 * "/api/search.php"`, the "js实现Map" helper `function Map() { this.put = … }`, a linked list's `function Node(value)`)
 * replaced it, and the network guard, the banner's buttons and the files it loads threw into the page, said by no word
 * of the SDK's. Such a page is said once, naming them, and nothing of the SDK runs: gated markup stays inert (SPEC
 * §6.1, §9). Shims of the same shape (an old `Promise` polyfill, an ES6-shim `Set`) pass; `CustomEvent`, `Request` and
 * `BroadcastChannel` are read where they may be missing or another's. The DOM's interfaces a page's script replaces
 * are taken from the prototype chains of the document, its root element and a fragment: MooTools (1.2–1.6) makes
 * `Document` and `Element` functions of its own, Prototype.js `Element`, a linked list `Node`. (The element interfaces
 * of one tag, `HTMLScriptElement`, are shape-checked as the rest: no page was found replacing them.)
 */
const SHAPES: Record<string, string> = {
  URL: 'href', String: 'trim', Set: 'add', Map: 'set', WeakSet: 'add', WeakMap: 'set', Promise: 'then', Symbol: 'for', Proxy: 'revocable',
  Reflect: 'apply', Node: 'contains', Element: 'matches', Document: 'body', DocumentFragment: 'append',
  HTMLTemplateElement: 'content', HTMLIFrameElement: 'srcdoc', HTMLScriptElement: 'src', MutationObserver: 'observe', EventTarget: 'addEventListener',
};
const OWN_GLOBALS =
  `var { ${OWN.join(', ')} } = window, ownGlobals = { ${OWN.join(', ')} }, ownReplaced = [];` +
  ` try { for (var live of [document, document.documentElement, document.createDocumentFragment()])` +
  ` for (var proto = live; (proto = Object.getPrototypeOf(proto)); ) { var made = proto.constructor; if (made && made.name in ownGlobals) ownGlobals[made.name] = made } } catch (_) {}` +
  ` var { ${OWN.join(', ')} } = ownGlobals;` +
  ` for (var [name, key] of Object.entries(${JSON.stringify(SHAPES)})) try { if (!(key in ownGlobals[name] || key in ownGlobals[name].prototype)) throw 0 } catch (_) { ownReplaced.push(name) }` +
  ` if (ownReplaced[0]) return void console.error("consent-gate: a script before it replaced " + ownReplaced.join(', ') +` +
  ` ": put its <script> first in <head> (until then it does nothing)");`;
const borrow = (lazy = false): Plugin => ({
  name: 'consent-gate-borrow',
  resolveId(source, importer) {
    if (!importer || importer.startsWith('\0') || !source.startsWith('.')) return null;
    const base = resolve(dirname(importer), source.replace(/\.js$/, ''));
    return SHARED.has(base) ? `\0borrow:${base}` : null;
  },
  load(id) {
    if (!id.startsWith('\0borrow:')) return null;
    const base = id.slice('\0borrow:'.length);
    const names = SHARED.get(base)!;
    // Without the loan (a bundle of another version), the names are undefined: the file still evaluates without
    // throwing into the page, and the loader refuses it by its version stamp.
    if (lazy) {
      // `gate.js`, which a page may include before the bundle: a function is looked up as it is called (the gate runs
      // once the bundle has started); a constant is bundled again.
      const called = names.filter(n => !/^[A-Z_]+$/.test(n));
      return `export * from ${JSON.stringify(`${base}.ts`)};\nexport const ${called.map(n => `${n} = (...a) => __shelf.s.${n}(...a)`).join(', ')};`;
    }
    return `export * from ${JSON.stringify(`${base}.ts`)};\nconst s = __shelf.s || {};\nexport const ${names.map(n => `${n} = s.${n}`).join(', ')};`;
  },
});

/**
 * A file beside the bundle, as rollup's `iife` writes it, made into `'use strict';((__shelf, exports = {}) => {…; __shelf.m.<key> = exports})(self.__consentGate || …)`:
 * the shelf read once, where rollup spells `this.__consentGate.m.<key>` out six times. Inside, the names of `DECLARED`
 * the file uses are the bundle's reading of them (`__shelf.g`): the file evaluates when it arrives, after the page's scripts
 * (a page's `var URL = "/api/"` let gated markup's `data-src="javascript:…"` through gate.js's check, and a `var Map =
 * {}` broke it). Where there is no bundle yet (gate.js included before it, in `<head>`), the window's are still its own.
 * A name counts as used where it is not a property (`.Map`); the minifier drops those the file's code never reads.
 */
const shelved = (key: string): Plugin => ({
  name: 'consent-gate-shelved',
  renderChunk(code, chunk) {
    const head = /^this\.__consentGate = this\.__consentGate \|\| \{\};\nthis\.__consentGate\.m = this\.__consentGate\.m \|\| \{\};\n\(function \(exports(, preact)?\) \{\n\s*'use strict';\n/;
    const tail = new RegExp(`\\}\\)\\(this\\.__consentGate\\.m\\.${key} = this\\.__consentGate\\.m\\.${key} \\|\\| \\{\\}(, __consentGate\\.p)?\\);\\s*$`);
    if (!head.test(code) || !tail.test(code)) this.error(`${chunk.fileName}: not the iife rollup.config.ts shelved() rewrites (a new rollup?)`);
    const text = Object.values(chunk.modules).map(module => module.code ?? '').join('\n');
    const used = DECLARED.filter(name => new RegExp(`(?<![\\w$.])${name}(?![\\w$])`).test(text));
    return code
      .replace(head, (_, preact?: string) =>
        `'use strict';\n((__shelf, exports = {}${preact ? ', preact = __shelf.p' : ''}) => {\n` +
        (used.length ? `var { ${used.join(', ')} } = __shelf.g || window;\n` : ''))
      // `self`, not `this`: the loader imports the files as modules (`this` is undefined there) where the page's Trusted
      // Types refuse a script URL (load-file.ts). Webpack's chunks rely on `self` being the window as much. No `??=`: the
      // files are ES2020 like the bundle (Chrome 80, Safari 13.1); ES2021 syntax left every file unparsable on WeChat's
      // Chromium 86 and iOS 13 while the bundle showed its banner, and no button did anything. Registered last, so that a
      // file that throws as it runs registers nothing; the registry is the bundle's (src/script.ts `boot` makes it), or
      // made here for a file the page includes before the bundle.
      .replace(tail, `__shelf.m.${key} = exports;\n})(self.__consentGate || (self.__consentGate = { m: {} }));\n`);
  },
});

/**
 * A UTF-8 byte order mark before each script-tag file. A classic script is decoded in the charset its response names,
 * else in its `charset` attribute's, else in the page's (HTML "prepare the script element"): on a GBK page (many Chinese
 * sites' older templates) whose CDN names no charset (nginx's `application/javascript`), every Chinese word of the
 * banner and the views came out as mojibake. The decoder reads a BOM before either (Encoding "decode"), and it is not
 * part of the script's text, so the compile hint still comes first. Only files with a character beyond ASCII carry one
 * (the rest read the same in any encoding a page may have): its three rare bytes cost about 10 B of gzip.
 */
const bom = (): Plugin => ({
  name: 'consent-gate-bom',
  generateBundle(_, bundle) {
    for (const file of Object.values(bundle)) if (file.type == 'chunk' && /[^\0-\x7f]/.test(file.code)) file.code = `\uFEFF${file.code}`;
  },
});

/**
 * A file the script tag loads beside `consent-gate.min.js` (src/script/load-file.ts): a classic script that registers
 * its exports into `window.__consentGate.m.<key>` (`shelved`). The views use the Preact of `views.js` (`__consentGate.p`).
 */
const onDemand = (input: string, file: string, key: string, external: string[] = []): RollupOptions => ({
  input,
  external,
  output: {
    file,
    format: 'iife',
    name: `__consentGate.m.${key}`,
    extend: true,
    exports: 'named',
    globals: { preact: '__consentGate.p' },
    // The build's stamp src/script/load-file.ts checks.
    outro: `exports.v = ${UNSTAMPED};`,
  },
  // gate.js borrows as it calls: a page may include it before the bundle (README), when there is nothing to borrow yet.
  plugins: [borrow(key == 'gate'), transpile(), configWords('tag'), nodeResolve(), shelved(key), minify(false, EAGER), bom()],
});

const config: RollupOptions[] = [
  // npm: ESM for bundlers, dependencies left to the app's bundler so it can share and tree-shake them.
  {
    input: { index: 'src/index.ts', headless: 'src/headless.ts', presets: 'src/presets/index.ts', guard: 'src/guard/index.ts', receipts: 'src/receipts/index.ts' },
    external: [/^preact/],
    // No bare `import "./chunks/…"` hoisted into the entries: with `"sideEffects": false` a bundler drops them anyway, and
    // esbuild warns about each one in an app that installed the package from a folder (a symlink).
    output: { dir: 'dist', format: 'es', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true, hoistTransitiveImports: false },
    // Minified like the script tag, so `npm run size` measures what an app's bundle really gains.
    plugins: [transpile(), configWords('inline'), minify(true)],
  },
  // Script tag: what every page view runs at once (src/script.ts says what is in it and what loads later), its config
  // check without the words of its messages (config-check.js has them).
  {
    input: 'src/script.ts',
    output: { file: 'dist/consent-gate.min.js', format: 'iife', sourcemap: true, intro: OWN_GLOBALS },
    plugins: [transpile(), nodeResolve(), configWords('drop'), minify(false, EAGER), bom()],
  },
  onDemand('src/script/gate.ts', 'dist/gate.js', 'gate'),
  onDemand('src/script/loaders.ts', 'dist/loaders.js', 'loaders'),
  onDemand('src/script/decide.ts', 'dist/decide.js', 'decide'),
  onDemand('src/script/cookie.ts', 'dist/cookie.js', 'cookie'),
  onDemand('src/script/receipt.ts', 'dist/receipt.js', 'receipt'),
  onDemand('src/script/untagged.ts', 'dist/untagged.js', 'untagged'),
  onDemand('src/script/config-check.ts', 'dist/config-check.js', 'configcheck'),
  onDemand('src/script/mistakes.ts', 'dist/mistakes.js', 'mistakes'),
  onDemand('src/script/views.ts', 'dist/views.js', 'views'),
  ...['preferences', 'minor', 'guardian', 'request'].map(view => onDemand(`src/ui/views/${view}.tsx`, `dist/views/${view}.js`, view, ['preact'])),
  onDemand('src/presets/disclosures.ts', 'dist/presets/disclosures.js', 'disclosures'),
  ...['en', 'zh-TW', 'en-views', 'zh-TW-views'].map(lang => onDemand(`src/i18n/${lang}.ts`, `dist/i18n/${lang}.js`, lang.replace(/-/g, ''))),
];

export default config;
