import type { Disclosure, Preset } from '../core/types.js';

/** Its entry in the 第三方SDK服务商清单, loaded with the views (SPEC §10). */
export const wechatJssdkDisclosure: Disclosure = {
  name: { 'zh-CN': '微信 JS-SDK', 'zh-TW': '微信 JS-SDK', en: 'WeChat JS-SDK' },
  provider: '深圳市腾讯计算机系统有限公司',
  purpose: { 'zh-CN': '分享到微信', 'zh-TW': '分享到微信', en: 'Sharing to WeChat' },
  data: { 'zh-CN': '分享的链接、标题和图片', 'zh-TW': '分享的連結、標題和圖片', en: 'Shared link, title and image' },
  policyUrl: 'https://weixin.qq.com/cgi-bin/readtemplate?lang=zh_CN&t=weixin_agreement&s=privacy',
};

/**
 * 微信 JS-SDK (share inside the WeChat browser): `https://res.wx.qq.com/open/js/jweixin-1.6.0.js` (mirror
 * `res2.wx.qq.com`), global `wx`, configured with a server-side signature. No `src` here on purpose: it works
 * only inside WeChat and needs the page's `wx.config`, so the page loads it itself, e.g.
 * `load({ category: 'share', service: 'wechat-jssdk', src })`, which still waits for the grant (and the research
 * note advises loading share SDKs on the visitor's action). No cookies on the site. Source:
 * research/china-context.md §2.3.
 */
export const wechatJssdk: Preset = {
  id: 'wechat-jssdk',
  category: 'share',
  hosts: ['res.wx.qq.com', 'res2.wx.qq.com'],
};
