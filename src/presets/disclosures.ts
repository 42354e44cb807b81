import type { Disclosure } from '../core/types.js';

/**
 * What the 第三方SDK服务商清单 says of each preset's vendor, one export each (so an app importing one preset gets
 * one text) and all of them by preset id: the UI loads this file with the
 * first view that shows it (SPEC §10), so it stays apart from the presets' code (`catalogue.ts`) that every
 * visitor downloads. Sources as in each preset's file; `[unverified]` marks what could not be confirmed.
 */
export const baiduTongjiText: Disclosure = {
  name: { 'zh-CN': '百度统计', 'zh-TW': '百度統計', en: 'Baidu Tongji' },
  provider: '北京百度网讯科技有限公司', // [unverified]
  purpose: { 'zh-CN': '网站访问统计', 'zh-TW': '網站流量統計', en: 'Site analytics' },
  data: { 'zh-CN': '页面、来源、设备与浏览器、访问时间、事件', 'zh-TW': '頁面、來源網址、裝置與瀏覽器、造訪時間、事件', en: 'Pages, referrer, device, browser, visit times, events' },
  policyUrl: 'https://tongji.baidu.com/web/help/article?id=330&type=0',
};

export const cnzzText: Disclosure = {
  name: { 'zh-CN': '友盟+ CNZZ 统计', 'zh-TW': '友盟+ CNZZ 統計', en: 'Umeng+ CNZZ' },
  provider: '友盟同欣（北京）科技有限公司',
  purpose: { 'zh-CN': '网站访问统计', 'zh-TW': '網站流量統計', en: 'Site analytics' },
  data: { 'zh-CN': '页面、来源、设备与浏览器、IP、搜索词、事件', 'zh-TW': '頁面、來源網址、裝置與瀏覽器、IP、搜尋字詞、事件', en: 'Pages, referrer, device, browser, IP, search terms, events' },
  policyUrl: 'https://www.umeng.com/page/policy',
};

export const googleAnalyticsText: Disclosure = {
  name: 'Google Analytics',
  provider: 'Google LLC', // [unverified]
  purpose: { 'zh-CN': '网站访问统计', 'zh-TW': '網站流量統計', en: 'Site analytics' },
  data: { 'zh-CN': '页面、来源、设备与浏览器、IP（用于地区）、事件', 'zh-TW': '頁面、來源網址、裝置與瀏覽器、IP（用於判斷地區）、事件', en: 'Pages, referrer, device, browser, IP (for region), events' },
  policyUrl: 'https://policies.google.com/privacy', // [unverified]
};

export const baiduOcpcText: Disclosure = {
  name: { 'zh-CN': '百度营销转化追踪', 'zh-TW': '百度營銷轉換追蹤', en: 'Baidu oCPC conversions' },
  provider: '北京百度网讯科技有限公司', // [unverified]
  purpose: { 'zh-CN': '广告转化效果监测', 'zh-TW': '廣告轉換成效評估', en: 'Ad conversion measurement' },
  data: { 'zh-CN': '落地页、点击 ID、转化事件、设备与浏览器', 'zh-TW': '到達網頁、點擊 ID、轉換事件、裝置與瀏覽器', en: 'Landing page, click ID, conversions, device, browser' },
  // policyUrl: [unverified], none found.
};

export const oceanEngineText: Disclosure = {
  name: { 'zh-CN': '巨量引擎转化追踪', 'zh-TW': '巨量引擎轉換追蹤', en: 'Ocean Engine conversions' },
  provider: '北京巨量引擎网络技术有限公司',
  purpose: { 'zh-CN': '广告转化效果监测', 'zh-TW': '廣告轉換成效評估', en: 'Ad conversion measurement' },
  data: { 'zh-CN': '页面、点击 ID、转化事件、设备与浏览器', 'zh-TW': '頁面、點擊 ID、轉換事件、裝置與瀏覽器', en: 'Pages, click ID, conversions, device, browser' },
  // policyUrl: [unverified]; partner.oceanengine.com/privacy is 穿山甲's, not the web pixel's.
};

export const tencentAdsText: Disclosure = {
  name: { 'zh-CN': '腾讯广告转化追踪', 'zh-TW': '騰訊廣告轉換追蹤', en: 'Tencent Ads conversions' },
  provider: '深圳市腾讯计算机系统有限公司', // [unverified] for this product
  purpose: { 'zh-CN': '广告转化效果监测', 'zh-TW': '廣告轉換成效評估', en: 'Ad conversion measurement' },
  data: { 'zh-CN': '页面、点击 ID、转化事件', 'zh-TW': '頁面、點擊 ID、轉換事件', en: 'Pages, click ID, conversions' },
  // policyUrl: [unverified], none found.
};

export const wechatJssdkText: Disclosure = {
  name: { 'zh-CN': '微信 JS-SDK', 'zh-TW': '微信 JS-SDK', en: 'WeChat JS-SDK' },
  provider: '深圳市腾讯计算机系统有限公司',
  purpose: { 'zh-CN': '分享到微信', 'zh-TW': '分享到微信', en: 'Sharing to WeChat' },
  data: { 'zh-CN': '分享的链接、标题和图片', 'zh-TW': '分享的連結、標題和圖片', en: 'Shared link, title and image' },
  policyUrl: 'https://weixin.qq.com/cgi-bin/readtemplate?lang=zh_CN&t=weixin_agreement&s=privacy',
};

export const qqShareText: Disclosure = {
  name: { 'zh-CN': 'QQ / QQ空间分享', 'zh-TW': 'QQ / QQ空間分享', en: 'QQ / Qzone share' },
  provider: '深圳市腾讯计算机系统有限公司',
  purpose: { 'zh-CN': '分享到 QQ 与 QQ空间', 'zh-TW': '分享到 QQ 與 QQ空間', en: 'Sharing to QQ and Qzone' },
  data: { 'zh-CN': '分享的链接、标题和图片', 'zh-TW': '分享的連結、標題和圖片', en: 'Shared link, title and image' },
  policyUrl: 'https://wiki.connect.qq.com/QQ互联SDK隐私保护声明', // [unverified] for the web
};

export const weiboShareText: Disclosure = {
  name: { 'zh-CN': '微博分享', 'zh-TW': '微博分享', en: 'Weibo share' },
  provider: '北京微梦创科网络技术有限公司',
  purpose: { 'zh-CN': '分享到微博', 'zh-TW': '分享到微博', en: 'Sharing to Weibo' },
  data: { 'zh-CN': '分享的链接、标题和图片', 'zh-TW': '分享的連結、標題和圖片', en: 'Shared link, title and image' },
  policyUrl: 'https://weibo.com/signup/v5/privacy',
};

export const xiaohongshuShareText: Disclosure = {
  name: { 'zh-CN': '小红书分享', 'zh-TW': '小紅書分享', en: 'Xiaohongshu share' },
  provider: '行吟信息科技（上海）有限公司',
  purpose: { 'zh-CN': '分享到小红书', 'zh-TW': '分享到小紅書', en: 'Sharing to Xiaohongshu' },
  data: { 'zh-CN': '分享的链接、标题和图片', 'zh-TW': '分享的連結、標題和圖片', en: 'Shared link, title and image' },
};

/** Every preset's text by preset id: what the UI loads (a file of its own, with the first view). */
export const disclosures: Record<string, Disclosure> = {
  'baidu-tongji': baiduTongjiText,
  cnzz: cnzzText,
  'google-analytics': googleAnalyticsText,
  'baidu-ocpc': baiduOcpcText,
  'ocean-engine': oceanEngineText,
  'tencent-ads': tencentAdsText,
  'wechat-jssdk': wechatJssdkText,
  'qq-share': qqShareText,
  'weibo-share': weiboShareText,
  'xiaohongshu-share': xiaohongshuShareText,
};
