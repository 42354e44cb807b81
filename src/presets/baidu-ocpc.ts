import type { Disclosure, Preset } from '../core/types.js';
import { fromOption, globals } from './option.js';

/** Its entry in the 第三方SDK服务商清单, loaded with the views (SPEC §10). */
export const baiduOcpcDisclosure: Disclosure = {
  name: { 'zh-CN': '百度营销转化追踪', 'zh-TW': '百度營銷轉換追蹤', en: 'Baidu oCPC conversions' },
  provider: '北京百度网讯科技有限公司', // [unverified]
  purpose: { 'zh-CN': '广告转化效果监测', 'zh-TW': '廣告轉換成效評估', en: 'Ad conversion measurement' },
  data: { 'zh-CN': '落地页、点击 ID、转化事件、设备与浏览器', 'zh-TW': '到達網頁、點擊 ID、轉換事件、裝置與瀏覽器', en: 'Landing page, click ID, conversions, device, browser' },
  // policyUrl: [unverified], none found.
};

/**
 * 百度营销 oCPC conversion tracking. Loader: the `_agl` queue with `['production', token]`, then
 * `https://fxgate.baidu.com/angelia/fcagl.js?production=<token>`; conversions are sent with
 * `_agl.push(['track', ['success', { t: 3 }]])`. The click id `bd_vid` rides in landing URLs. Cookies of
 * `_agl` are [unverified], so none are listed. Source: research/china-context.md §2.2.
 */
export const baiduOcpc: Preset = {
  id: 'baidu-ocpc',
  category: 'pixel',
  hosts: ['fxgate.baidu.com'],
  src: fromOption('token', id => `https://fxgate.baidu.com/angelia/fcagl.js?production=${id}`),
  loader(service, load) {
    const page = globals();
    (page._agl = page._agl || []).push(['production', String(service.options.token)]);
    return load(service.src!);
  },
};
