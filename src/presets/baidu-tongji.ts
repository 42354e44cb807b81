import type { Disclosure, Preset } from '../core/types.js';
import { fromOption, globals } from './option.js';

/** Its entry in the 第三方SDK服务商清单, loaded with the views (SPEC §10). */
export const baiduTongjiDisclosure: Disclosure = {
  name: { 'zh-CN': '百度统计', 'zh-TW': '百度統計', en: 'Baidu Tongji' },
  provider: '北京百度网讯科技有限公司', // [unverified]
  purpose: { 'zh-CN': '网站访问统计', 'zh-TW': '網站流量統計', en: 'Site analytics' },
  data: { 'zh-CN': '页面、来源、设备与浏览器、访问时间、事件', 'zh-TW': '頁面、來源網址、裝置與瀏覽器、造訪時間、事件', en: 'Pages, referrer, device, browser, visit times, events' },
  policyUrl: 'https://tongji.baidu.com/web/help/article?id=330&type=0',
};

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
  // Depending on the site's Baidu settings hm.js may also reach crs/ers/datax/goutong.baidu.com.
  hosts: ['hm.baidu.com', 'hmcdn.baidu.com'],
  src: fromOption('siteId', id => `https://hm.baidu.com/hm.js?${id}`),
  loader(service, load) {
    const page = globals();
    page._hmt = page._hmt || [];
    return load(service.src!);
  },
};
