import type { Disclosure, Preset, ServiceLoader } from '../core/types.js';
import { baiduOcpc as baiduOcpcCode, baiduOcpcLoader } from './baidu-ocpc.js';
import { baiduTongji as baiduTongjiCode, baiduTongjiLoader } from './baidu-tongji.js';
import { cnzz as cnzzCode, cnzzLoader } from './cnzz.js';
import { googleAnalytics as googleAnalyticsCode, googleAnalyticsLoader } from './google-analytics.js';
import { oceanEngine as oceanEngineCode, oceanEngineLoader } from './ocean-engine.js';
import { qqShare as qqShareCode } from './qq-share.js';
import { tencentAds as tencentAdsCode, tencentAdsLoader } from './tencent-ads.js';
import { wechatJssdk as wechatJssdkCode } from './wechat-jssdk.js';
import { weiboShare as weiboShareCode } from './weibo-share.js';
import { xiaohongshuShare as xiaohongshuShareCode } from './xiaohongshu-share.js';
import { alipay as alipayCode } from './alipay.js';
import { carrierLogin as carrierLoginCode } from './carrier-login.js';
import { qqLogin as qqLoginCode } from './qq-login.js';
import { wechatLogin as wechatLoginCode } from './wechat-login.js';
import { wechatPay as wechatPayCode } from './wechat-pay.js';
import {
  alipayText, baiduOcpcText, baiduTongjiText, carrierLoginText, cnzzText, disclosures, googleAnalyticsText, oceanEngineText,
  qqLoginText, qqShareText, tencentAdsText, wechatJssdkText, wechatLoginText, wechatPayText, weiboShareText, xiaohongshuShareText,
} from './disclosures.js';

/**
 * One call, marked pure as a whole: a pure mark on `Object.fromEntries(list.map(…))` covers the outer call only, so
 * bundlers kept the inner `map` and, with it, every preset of an app that imports one.
 */
function byId(presets: Preset[]): Record<string, Preset> {
  return Object.fromEntries(presets.map(preset => [preset.id, preset]));
}

// `crossBorder` of the preset's own: this runs as the module loads, after a page's `Object.prototype.crossBorder` (an
// old query parser) would be inherited, and every preset became a transfer abroad that nothing but its 单独同意 grants.
const withText = (code: Preset, text: Disclosure, loader?: ServiceLoader): Preset => ({
  ...code,
  ...text,
  ...(Object.prototype.hasOwnProperty.call(code, 'crossBorder') ? { crossBorder: { ...text.crossBorder, ...code.crossBorder } } : {}),
  ...(loader ? { loader } : {}),
});

/*
 * `consent-gate/presets`: the services catalogue (SPEC §6.5) with each vendor's 清单 text. One export per preset, each
 * built on its own, so an app's bundler keeps only the presets it imports: exports reading one shared table would
 * keep all ten vendors' code and text.
 */
export const baiduTongji: Preset = /* @__PURE__ */ withText(baiduTongjiCode, baiduTongjiText, baiduTongjiLoader);
export const cnzz: Preset = /* @__PURE__ */ withText(cnzzCode, cnzzText, cnzzLoader);
export const googleAnalytics: Preset = /* @__PURE__ */ withText(googleAnalyticsCode, googleAnalyticsText, googleAnalyticsLoader);
export const baiduOcpc: Preset = /* @__PURE__ */ withText(baiduOcpcCode, baiduOcpcText, baiduOcpcLoader);
export const oceanEngine: Preset = /* @__PURE__ */ withText(oceanEngineCode, oceanEngineText, oceanEngineLoader);
export const tencentAds: Preset = /* @__PURE__ */ withText(tencentAdsCode, tencentAdsText, tencentAdsLoader);
export const wechatJssdk: Preset = /* @__PURE__ */ withText(wechatJssdkCode, wechatJssdkText);
export const qqShare: Preset = /* @__PURE__ */ withText(qqShareCode, qqShareText);
export const weiboShare: Preset = /* @__PURE__ */ withText(weiboShareCode, weiboShareText);
export const xiaohongshuShare: Preset = /* @__PURE__ */ withText(xiaohongshuShareCode, xiaohongshuShareText);

export const carrierLogin: Preset = /* @__PURE__ */ withText(carrierLoginCode, carrierLoginText);
export const wechatLogin: Preset = /* @__PURE__ */ withText(wechatLoginCode, wechatLoginText);
export const qqLogin: Preset = /* @__PURE__ */ withText(qqLoginCode, qqLoginText);
export const alipay: Preset = /* @__PURE__ */ withText(alipayCode, alipayText);
export const wechatPay: Preset = /* @__PURE__ */ withText(wechatPayCode, wechatPayText);

/**
 * The whole catalogue keyed by preset id: data, not code paths. A page lists the ones it uses
 * (`services: ['cnzz', { id: 'baidu-tongji', siteId: '…' }]`); facts and their sources are in each preset's file.
 */
export const PRESETS: Record<string, Preset> = /* @__PURE__ */ byId([
  baiduTongji, cnzz, googleAnalytics, baiduOcpc, oceanEngine, tencentAds, wechatJssdk, qqShare, weiboShare, xiaohongshuShare,
  carrierLogin, wechatLogin, qqLogin, alipay, wechatPay,
]);

export { disclosures };
