import type { Preset } from '../core/types.js';

/**
 * QQ登录 (QQ互联): a redirect to `https://graph.qq.com/oauth2.0/authorize?response_type=code&client_id=…`, then the
 * token and user-info calls from the server. The visitor's own sign-in: `necessary`, listed in the 清单, no script on
 * the page. Source: research/china-context.md §2.3.
 */
export const qqLogin: Preset = {
  id: 'qq-login',
  category: 'necessary',
  hosts: ['graph.qq.com'],
};
