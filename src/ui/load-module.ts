import type { Loader, UIModule } from './view-context.js';

// Static `import()`s, so the app's bundler splits the views' mount (with Preact), each view and each language into
// chunks of their own, loaded on first use (SPEC §10).
const MODULES: Record<string, () => Promise<UIModule>> = {
  views: () => import('./views/mount-views.js'),
  'views/preferences': () => import('./views/preferences.js'),
  'views/minor': () => import('./views/minor.js'),
  'views/guardian': () => import('./views/guardian.js'),
  'views/request': () => import('./views/request.js'),
  'i18n/en': () => import('../i18n/en.js'),
  'i18n/zh-TW': () => import('../i18n/zh-TW.js'),
  'i18n/en-views': () => import('../i18n/en-views.js'),
  'i18n/zh-TW-views': () => import('../i18n/zh-TW-views.js'),
  // The presets an app passes carry their own 清单 text; one of its own without a name or provider has none to
  // load, and the views show it as the config gives it (asking for it must not fail the view).
  'presets/disclosures': () => Promise.resolve({ disclosures: {} }),
};

/**
 * The npm UI entry's loader: the UI's parts as `import()` chunks. There is no catalogue text to load: an app passes
 * the presets it imports from `consent-gate/presets`, which carry their 清单 text.
 */
export const loadModule: Loader = path =>
  MODULES[path] ? MODULES[path]!() : Promise.reject(new Error(`consent-gate: no module ${path}`));
