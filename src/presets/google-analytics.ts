import type { Preset, ServiceLoader } from '../core/types.js';
import { fromOption, globals } from './option.js';

/**
 * Google Analytics 4 through gtag.js: `https://www.googletagmanager.com/gtag/js?id=<measurementId>` (G-XXXX), then
 * `gtag('js')` and `gtag('config')`. Consent Mode v2 signals come from the gate when the config sets
 * `gcm: true` (denied defaults before any Google tag, an update on each change): set it with this service so
 * that ad signals stay off unless `pixel` / `personalization` are granted. Cookies `_ga` and `_ga_<id>`
 * (2 years); legacy `_gid`, `_gat*`, `_dc_gtm_*`, `_gac_*`; `_gcl_*` with Ads linking.
 * Source: research/china-context.md §2.1. Reachability of googletagmanager.com from mainland China is
 * [unverified]: the gate's load timeout keeps a hanging request from holding other scripts back.
 */
export const googleAnalytics: Preset = {
  id: 'google-analytics',
  category: 'analytics',
  // Exact names and prefixes rather than one alternation: the 清单 shows them as written (`_ga`, `_ga_*`, …).
  cookies: ['_ga', '^_ga_', '_gid', '_gat', '^_gat_', '^_gac_', '^_gcl_', '^_dc_gtm_'],
  hosts: ['www.googletagmanager.com', 'www.google-analytics.com', '*.google-analytics.com'],
  // Data goes to Google's servers abroad: a separate consent under PIPL Art. 38–39 (SPEC §5.4). Where Google
  // processes it and its privacy contact are as its policy states them [unverified for mainland visitors].
  crossBorder: {
    country: { 'zh-CN': '美国', 'zh-TW': '美國', en: 'United States' },
    recipient: 'Google LLC',
    contact: 'https://policies.google.com/privacy', // [unverified]: the policy's contact section, no postal address here
    purpose: { 'zh-CN': '网站访问统计与分析', 'zh-TW': '網站流量統計與分析', en: 'Site analytics' },
    method: {
      'zh-CN': '浏览器通过 gtag.js 将数据直接发送至 Google 位于境外的服务器，由 Google 处理和存储',
      'zh-TW': '瀏覽器透過 gtag.js 將資料直接傳送至 Google 位於境外的伺服器，由 Google 處理和儲存',
      en: "Your browser sends the data through gtag.js straight to Google's servers abroad, where Google processes and stores it",
    },
    data: {
      'zh-CN': '访问的页面、来源、设备与浏览器信息、IP 地址（用于推断地区）、访问事件、Cookie 标识符',
      'zh-TW': '造訪的頁面、來源網址、裝置與瀏覽器資訊、IP 位址（用於判斷地區）、造訪事件、Cookie 識別碼',
      en: 'Pages visited, referrer, device and browser, IP address (for region), events, cookie identifiers',
    },
    rights: {
      'zh-CN': '您可按 Google 隐私权政策所述方式，或通过本站的联系方式，查阅、更正、删除个人信息或撤回同意',
      'zh-TW': '您可依 Google 隱私權政策所述方式，或透過本站的聯絡方式，查閱、更正、刪除個人資訊或撤回同意',
      en: "Use the ways Google's privacy policy describes, or contact us, to access, correct or delete your information or withdraw consent",
    },
  },
  src: /* @__PURE__ */ fromOption('measurementId', id => `https://www.googletagmanager.com/gtag/js?id=${id}`),
};

/** Runs the vendor's snippet once the service is granted, then loads its script through the gate. */
export const googleAnalyticsLoader: ServiceLoader = (service, load) => {
  const page = globals();
  const layer = (page.dataLayer = page.dataLayer || []);
  // gtag.js reads `arguments` objects, not arrays (Google's own snippet).
  page.gtag = page.gtag || function () {
    layer.push(arguments);
  };
  page.gtag('js', new Date());
  page.gtag('config', String(service.options.measurementId));
  return load(service.src!, { async: '' });
};
