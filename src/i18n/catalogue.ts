import type { text as age } from './zh-CN/age.js';
import type { text as banner } from './zh-CN/banner.js';
import type { text as guardian } from './zh-CN/guardian.js';
import type { text as minor } from './zh-CN/minor.js';
import type { text as preferences } from './zh-CN/preferences.js';
import type { text as request } from './zh-CN/request.js';
import type { text as services } from './zh-CN/services.js';

/**
 * The keys of the built-in copy. zh-CN is split by view, each part shipping with the view that shows it. Another
 * language comes in two files (SPEC §10): its banner copy, loaded before the banner, and the copy of all views,
 * loaded with the first view opened; the compiler checks that neither misses a key.
 */
export type BannerCatalogue = Record<keyof typeof banner, string>;
export type ViewsCatalogue = Record<
  keyof (typeof age & typeof services & typeof preferences & typeof minor & typeof guardian & typeof request),
  string
>;
