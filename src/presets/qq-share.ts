import type { Preset } from '../core/types.js';

/**
 * QQ / QQ空间 share: plain links to `https://connect.qq.com/widget/shareqq/index.html?url=…` and
 * `https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey?url=…`, gated with `data-consent-request`.
 * No script and no cookies on the site, unless the page embeds QQ空间's share button
 * `https://qzonestyle.gtimg.cn/qzone/app/qzlike/qzopensl.js`, which waits for the grant too. The policy URL is QQ互联's
 * app-SDK statement; a web one is [unverified]. Source: research/china-context.md §2.3.
 */
export const qqShare: Preset = {
  id: 'qq-share',
  category: 'share',
  hosts: ['connect.qq.com', 'sns.qzone.qq.com', 'qzonestyle.gtimg.cn/qzone/app/qzlike/'],
};
