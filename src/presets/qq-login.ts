import type { Preset } from '../core/types.js';

/**
 * QQ登录 (QQ互联): a redirect to `https://graph.qq.com/oauth2.0/authorize?response_type=code&client_id=…`, then the
 * token and user-info calls from the server; or QQ互联's JS SDK `https://qzonestyle.gtimg.cn/qzone/openapi/qc_loader.js`
 * (`QC.Login`) with its button images under `qzone/vas/opensns/`, as pages embed them. The visitor's own sign-in:
 * `necessary`, listed in the 清单. Source: research/china-context.md §2.3.
 */
export const qqLogin: Preset = {
  id: 'qq-login',
  category: 'necessary',
  // Paths only on qzonestyle.gtimg.cn, which also serves 腾讯广告's SDK (`tencent-ads`) and the QQ空间 share button.
  hosts: ['graph.qq.com', 'qzonestyle.gtimg.cn/qzone/openapi/', 'qzonestyle.gtimg.cn/qzone/vas/opensns/'],
};
