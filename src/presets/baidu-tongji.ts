import type { Preset, ServiceLoader } from '../core/types.js';
import { fromOption, globals } from './option.js';

/**
 * 百度统计. Loader: the official snippet's `_hmt` queue + `https://hm.baidu.com/hm.js?<siteId>` (a 32-hex id).
 * First-party cookies per the deobfuscated hm.js: `Hm_lvt_<id>` (1 year), `Hm_lpvt_<id>` (session),
 * `Hm_up_`, `Hm_cv_`, `Hm_ct_`, `Hm_ck_<ts>`; storage `Hm_unsent_<id>`, `Hm_from_<id>`. `HMACCOUNT` lives on
 * hm.baidu.com, out of the page's reach. Source: research/china-context.md §2.1.
 */
export const baiduTongji: Preset = {
  id: 'baidu-tongji',
  category: 'analytics',
  cookies: ['^Hm_'],
  storage: ['^Hm_'],
  // hm.js loads datax.baidu.com/x.js (百度用户画像, also pasted on its own with `_dxt`) on `_setDataxId`, and its overlay /
  // heatmap tools from tongji.baidu.com/hm-web/js/ (Baidu's own site is on that host too: that path only). Depending
  // on the site's Baidu settings it may also reach crs/ers/goutong.baidu.com [unverified].
  hosts: ['hm.baidu.com', 'hmcdn.baidu.com', 'datax.baidu.com', 'tongji.baidu.com/hm-web/js/'],
  src: /* @__PURE__ */ fromOption('siteId', id => `https://hm.baidu.com/hm.js?${id}`),
};

/** Runs the vendor's snippet once the service is granted, then loads its script through the gate. */
export const baiduTongjiLoader: ServiceLoader = (service, load) => {
  const page = globals();
  page._hmt = page._hmt || [];
  return load(service.src!);
};
