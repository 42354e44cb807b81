import type { Plugin } from 'rollup';
export function configWords(mode: 'drop' | 'inline' | 'tag'): Plugin;
