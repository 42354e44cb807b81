import type { Disclosure, Preset } from '../core/types.js';
import { fromOption, globals } from './option.js';

/** Its entry in the 第三方SDK服务商清单, loaded with the views (SPEC §10). */
export const cnzzDisclosure: Disclosure = {
  name: { 'zh-CN': '友盟+ CNZZ 统计', 'zh-TW': '友盟+ CNZZ 統計', en: 'Umeng+ CNZZ' },
  provider: '友盟同欣（北京）科技有限公司',
  purpose: { 'zh-CN': '网站访问统计', 'zh-TW': '網站流量統計', en: 'Site analytics' },
  data: { 'zh-CN': '页面、来源、设备与浏览器、IP、搜索词、事件', 'zh-TW': '頁面、來源網址、裝置與瀏覽器、IP、搜尋字詞、事件', en: 'Pages, referrer, device, browser, IP, search terms, events' },
  policyUrl: 'https://www.umeng.com/page/policy',
};

/**
 * CNZZ / 友盟+ U-Web. Loader: the `_czc` queue with `_setAccount`, then `https://v1.cnzz.com/z.js?id=<siteId>&async=1`
 * (the current loader; the classic one is `s{1..10,19}.cnzz.com/z_stat.php`). Cookies `CNZZDATA<siteId>` and
 * `UM_distinctid`; their lifetimes are [unverified]. Source: research/china-context.md §2.1.
 */
export const cnzz: Preset = {
  id: 'cnzz',
  category: 'analytics',
  cookies: ['^CNZZDATA', 'UM_distinctid'],
  hosts: ['v1.cnzz.com', 's4.cnzz.com'],
  src: fromOption('siteId', id => `https://v1.cnzz.com/z.js?id=${id}&async=1`),
  loader(service, load) {
    const page = globals();
    (page._czc = page._czc || []).push(['_setAccount', String(service.options.siteId)]);
    return load(service.src!);
  },
};
