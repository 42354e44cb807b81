import type { Loader, ViewModule } from './view-context.js';

// Static `import()`s, so the app's bundler splits each view, language and the presets' 清单 text into its own chunk
// (SPEC §10).
const MODULES: Record<string, () => Promise<ViewModule>> = {
  'views/preferences': () => import('./views/preferences.js'),
  'views/minor': () => import('./views/minor.js'),
  'views/guardian': () => import('./views/guardian.js'),
  'views/request': () => import('./views/request.js'),
  'i18n/en': () => import('../i18n/en.js'),
  'i18n/zh-TW': () => import('../i18n/zh-TW.js'),
  'i18n/en-views': () => import('../i18n/en-views.js'),
  'i18n/zh-TW-views': () => import('../i18n/zh-TW-views.js'),
  'presets/disclosures': () => import('../presets/disclosures.js'),
};

/**
 * npm build: views and languages load as chunks through `import()`. The script-tag build swaps this module for
 * `load-view-script.ts` (rollup.config.ts), since an IIFE cannot split.
 */
export const createLoader = (): Loader => path => MODULES[path]!();
