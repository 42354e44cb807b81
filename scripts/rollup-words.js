import MagicString from 'magic-string';

/**
 * A Rollup plugin for the `` words`…` `` templates of src/core/config.ts: the words of the config check's messages,
 * what a value must be and the options there are. `'drop'` (the script tag's bundle) makes each of them `''`: 1.2 KB
 * gzip that every page view downloaded and only a page with a wrong config ever shows. The check keeps its verdict,
 * the path and the value, and `config-check.js`, the same source built with its words, says a refused config in full
 * (SPEC §9). Dropping a template changes no decision of the check: its words are only ever the text of an error.
 * `'inline'` (the npm builds) leaves each as the plain template it stands for, so that the tag's function is not
 * shipped. `` npmWords`…` `` are words only an app built from npm can need (how to pass the presets it imports): `'tag'`
 * (`config-check.js`, whose presets are always the bundle's) inlines the words and makes those `''`.
 */
export function configWords(mode) {
  return {
    name: `consent-gate-words-${mode}`,
    transform(code) {
      if (!/\b(npmW|w)ords\s*`/.test(code)) return null;
      const text = new MagicString(code);
      let found = 0;
      const walk = node => {
        if (Array.isArray(node)) return node.forEach(walk);
        if (!node || typeof node.type != 'string') return;
        if (node.type == 'TaggedTemplateExpression' && node.tag.type == 'Identifier' && /^(npmW|w)ords$/.test(node.tag.name)) {
          found++;
          if (mode == 'drop' || (mode == 'tag' && node.tag.name == 'npmWords')) return text.overwrite(node.start, node.end, "''");
          text.remove(node.tag.start, node.quasi.start);
        }
        for (const key of Object.keys(node)) if (node[key] && typeof node[key] == 'object') walk(node[key]);
      };
      walk(this.parse(code));
      return found ? { code: text.toString(), map: text.generateMap({ hires: true }) } : null;
    },
  };
}
