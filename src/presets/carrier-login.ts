import type { Preset } from '../core/types.js';

/**
 * 运营商一键登录 (本机号码校验 through the carrier gateway), which the policy names for sign-in: a number-verification
 * vendor's web SDK (Aliyun 号码认证 self-hosted, or Jiguang `https://jverification.jiguang.cn/scripts/jverification-web.*.js`),
 * then the carriers' gateways. It is part of signing in, which the visitor starts: `necessary` (PIPL Art. 13(2)),
 * listed in the 清单 and loaded only where the page uses it (`load({ category: 'necessary', service: 'carrier-login',
 * src })` on the sign-in page). The vendor depends on the site's contract; the gateways' hosts are [unverified].
 * Source: research/china-context.md §2.4.
 */
export const carrierLogin: Preset = {
  id: 'carrier-login',
  category: 'necessary',
  hosts: ['jverification.jiguang.cn', '*.cmpassport.com', 'e.189.cn', '*.wosms.cn'],
};
