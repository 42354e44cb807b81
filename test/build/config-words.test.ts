// @vitest-environment node
import { rollup, type Plugin } from 'rollup';
import { describe, expect, it } from 'vitest';
import { configWords } from '../../scripts/rollup-words.js';

/** Bundles one module through the plugin and returns the code. */
async function build(source: string, mode: 'drop' | 'inline' | 'tag') {
  const entry: Plugin = { name: 'entry', resolveId: id => (id == 'entry' ? id : null), load: id => (id == 'entry' ? source : null) };
  const bundle = await rollup({ input: 'entry', plugins: [entry, configWords(mode)], treeshake: false });
  const { output } = await bundle.generate({ format: 'es' });
  return output[0].code;
}

const WORDS = 'const words = (parts, ...values) => parts.reduce((text, part, i) => text + values[i - 1] + part);\n';

describe('configWords: the config check without its words (script tag) or with them inlined (npm, config-check.js)', () => {
  const cases: Array<[string, string, string, string]> = [
    // [what, source expression, dropped, inlined]
    ['a plain phrase', 'words`an http(s) URL`', "''", '`an http(s) URL`'],
    ['TypeScript writes a space after the tag', 'words `true or false`', "''", '`true or false`'],
    ['a phrase with values', 'words`one of ${list.join(", ")}`', "''", '`one of ${list.join(", ")}`'],
    ['words inside words', 'words`a${words` (known: ${keys})`}`', "''", '`a${` (known: ${keys})`}`'],
    ['inside a larger message', '`consent-gate: ${path} is not a known option${words` (known: ${keys})`}`', '`consent-gate: ${path} is not a known option${\'\'}`', '`consent-gate: ${path} is not a known option${` (known: ${keys})`}`'],
  ];
  it.each(cases)('%s', async (_, expression, dropped, inlined) => {
    const source = `${WORDS}export const text = (path, list, keys) => ${expression};\n`;
    expect(await build(source, 'drop')).toContain(`=> ${dropped};`);
    expect(await build(source, 'inline')).toContain(`=> ${inlined};`);
  });

  it('npmWords: kept in the npm builds, dropped in the script tag\'s bundle and in config-check.js (always the bundle\'s presets)', async () => {
    const source = `${WORDS}const npmWords = words;\nexport const text = (n) => words\`unknown\${n ? \` (closest: \${n})\` : npmWords\` (import the presets)\`}\`;\n`;
    expect(await build(source, 'inline')).toContain('=> `unknown${n ? ` (closest: ${n})` : ` (import the presets)`}`;');
    expect(await build(source, 'tag')).toContain("=> `unknown${n ? ` (closest: ${n})` : ''}`;");
    expect(await build(source, 'drop')).toContain("=> '';");
  });

  it('leaves other tags and plain templates alone', async () => {
    const source = `${WORDS}const html = String.raw;\nexport const a = html\`<b>\${1}</b>\`, b = \`words \${2}\`, c = foo.words\`x y\`;\n`;
    for (const mode of ['drop', 'inline', 'tag'] as const) expect(await build(source, mode)).toContain('const a = html`<b>${1}</b>`, b = `words ${2}`, c = foo.words`x y`;');
  });

  it('inlined words read as the tag function joins them', async () => {
    const source = `${WORDS}export const text = (path, list, keys) => words\`\${path}: one of \${list.join(', ')} (\${keys.length} keys)\`;\n`;
    const run = async (code: string) => (await import(`data:text/javascript,${encodeURIComponent(code)}`)).text('config.dnt', ['respect', 'strict'], [1, 2]);
    expect(await run(await build(source, 'inline'))).toBe(await run(source));
    expect(await run(await build(source, 'drop'))).toBe('');
  });
});
