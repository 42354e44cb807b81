import type { Preset } from '../core/types.js';

/**
 * 支付宝 电脑网站支付 / 手机网站支付: the server calls `https://openapi.alipay.com/gateway.do`
 * (`alipay.trade.page.pay` / `alipay.trade.wap.pay`) and the visitor goes to Alipay's cashier; no script on the
 * merchant page. Paying is what the visitor asked for: `necessary` (PIPL Art. 13(2)), listed in the 清单. Source:
 * research/china-context.md §2.4.
 */
export const alipay: Preset = {
  id: 'alipay',
  category: 'necessary',
  hosts: ['*.alipay.com'],
};
