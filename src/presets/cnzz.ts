import type { Preset, ServiceLoader } from '../core/types.js';
import { fromOption, globals } from './option.js';

/**
 * CNZZ / 友盟+ U-Web. Loader: the `_czc` queue with `_setAccount`, then `https://v1.cnzz.com/z.js?id=<siteId>&async=1`
 * (the current loader; the classic one is `s{1..10,19}.cnzz.com/z_stat.php`). Cookies `CNZZDATA<siteId>` and
 * `UM_distinctid`; their lifetimes are [unverified]. Source: research/china-context.md §2.1.
 */
export const cnzz: Preset = {
  id: 'cnzz',
  category: 'analytics',
  cookies: ['^CNZZDATA', 'UM_distinctid'],
  // The classic code `s<n>.cnzz.com/z_stat.php` writes `c.cnzz.com/core.php`, which counts on `z<n>` / `hzs<n>` /
  // `ei.cnzz.com/stat.htm` and `cnzz.mmstat.com/9.gif` (public copies of the snippet and recordings of its requests).
  hosts: ['*.cnzz.com', 'cnzz.mmstat.com'],
  src: /* @__PURE__ */ fromOption('siteId', id => `https://v1.cnzz.com/z.js?id=${id}&async=1`),
};

/** Runs the vendor's snippet once the service is granted, then loads its script through the gate. */
export const cnzzLoader: ServiceLoader = (service, load) => {
  const page = globals();
  (page._czc = page._czc || []).push(['_setAccount', String(service.options.siteId)]);
  return load(service.src!);
};
