import type { Disclosure, Preset } from '../core/types.js';

/** Its entry in the 第三方SDK服务商清单, loaded with the views (SPEC §10). */
export const qqShareDisclosure: Disclosure = {
  name: { 'zh-CN': 'QQ / QQ空间分享', 'zh-TW': 'QQ / QQ空間分享', en: 'QQ / Qzone share' },
  provider: '深圳市腾讯计算机系统有限公司',
  purpose: { 'zh-CN': '分享到 QQ 与 QQ空间', 'zh-TW': '分享到 QQ 與 QQ空間', en: 'Sharing to QQ and Qzone' },
  data: { 'zh-CN': '分享的链接、标题和图片', 'zh-TW': '分享的連結、標題和圖片', en: 'Shared link, title and image' },
  policyUrl: 'https://wiki.connect.qq.com/QQ互联SDK隐私保护声明', // [unverified] for the web
};

/**
 * QQ / QQ空间 share: plain links to `https://connect.qq.com/widget/shareqq/index.html?url=…` and
 * `https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey?url=…`, gated with `data-consent-request`.
 * No script, no cookies on the site. The policy URL is QQ互联's app-SDK statement; a web one is [unverified].
 * Source: research/china-context.md §2.3.
 */
export const qqShare: Preset = {
  id: 'qq-share',
  category: 'share',
  hosts: ['connect.qq.com', 'sns.qzone.qq.com'],
};
