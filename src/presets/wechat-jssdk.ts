import type { Preset } from '../core/types.js';

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
  // The JS-SDK's path only: res.wx.qq.com also serves WeChat sign-in (`wechat-login`), which is necessary.
  hosts: ['res.wx.qq.com/open/js/', 'res2.wx.qq.com/open/js/'],
};
