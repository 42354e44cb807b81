import type { Preset } from '../core/types.js';

/**
 * 微信支付: Native (PC, a QR from `code_url`) or H5 (`h5_url`, on Tenpay's pages) from the server's calls to
 * `https://api.mch.weixin.qq.com/v3/pay/transactions/…`; no merchant-page script outside WeChat. Paying is what the
 * visitor asked for: `necessary`, listed in the 清单. The H5 page host is [unverified]. Source:
 * research/china-context.md §2.4.
 */
export const wechatPay: Preset = {
  id: 'wechat-pay',
  category: 'necessary',
  hosts: ['api.mch.weixin.qq.com', 'wx.tenpay.com'],
};
