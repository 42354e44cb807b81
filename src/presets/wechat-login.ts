import type { Preset } from '../core/types.js';

/**
 * 微信登录 (网站应用微信登录): a redirect to `https://open.weixin.qq.com/connect/qrconnect?appid=…&scope=snsapi_login`, or
 * the embedded QR of `https://res.wx.qq.com/connect/zh_CN/htmledition/js/wxLogin.js`. Signing in is the visitor's
 * own action: `necessary` (PIPL Art. 13(2)), listed in the 清单, loaded only on the sign-in page. `res.wx.qq.com` is
 * shared with the WeChat JS-SDK (share), so each lists its own path. Source: research/china-context.md §2.3.
 */
export const wechatLogin: Preset = {
  id: 'wechat-login',
  category: 'necessary',
  hosts: ['open.weixin.qq.com', 'res.wx.qq.com/connect/'],
};
