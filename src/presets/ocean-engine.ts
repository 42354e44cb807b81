import type { Disclosure, Preset } from '../core/types.js';
import { fromOption, globals } from './option.js';

/** Its entry in the 第三方SDK服务商清单, loaded with the views (SPEC §10). */
export const oceanEngineDisclosure: Disclosure = {
  name: { 'zh-CN': '巨量引擎转化追踪', 'zh-TW': '巨量引擎轉換追蹤', en: 'Ocean Engine conversions' },
  provider: '北京巨量引擎网络技术有限公司',
  purpose: { 'zh-CN': '广告转化效果监测', 'zh-TW': '廣告轉換成效評估', en: 'Ad conversion measurement' },
  data: { 'zh-CN': '页面、点击 ID、转化事件、设备与浏览器', 'zh-TW': '頁面、點擊 ID、轉換事件、裝置與瀏覽器', en: 'Pages, click ID, conversions, device, browser' },
  // policyUrl: [unverified]; partner.oceanengine.com/privacy is 穿山甲's, not the web pixel's.
};

/**
 * 巨量引擎 (Ocean Engine, Toutiao / Douyin) JS conversion tracking. Loader after the official base code: a
 * `meteor` queue with `track` / `off` / `on` methods, then `https://analytics.snssdk.com/meteor.js/v1/<trackingId>/sdk`,
 * then `meteor.track('pageview')`. Only the outline of the base code was read: the queue entry shape
 * (`[method, ...args]`) is [unverified]. Cookies [unverified], none listed; the click id `clickid` rides in
 * landing URLs. Source: research/china-context.md §2.2.
 */
export const oceanEngine: Preset = {
  id: 'ocean-engine',
  category: 'pixel',
  hosts: ['analytics.snssdk.com'],
  src: fromOption('trackingId', id => `https://analytics.snssdk.com/meteor.js/v1/${id}/sdk`),
  loader(service, load) {
    const page = globals();
    const meteor = (page.meteor = page.meteor || []);
    for (const method of ['track', 'off', 'on']) {
      meteor[method] = meteor[method] || ((...args: unknown[]) => (meteor.push([method, ...args]), meteor));
    }
    meteor.track('pageview');
    return load(service.src!);
  },
};
