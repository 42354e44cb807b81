import type { Disclosure, Preset } from '../core/types.js';

/** Its entry in the 第三方SDK服务商清单, loaded with the views (SPEC §10). */
export const xiaohongshuShareDisclosure: Disclosure = {
  name: { 'zh-CN': '小红书分享', 'zh-TW': '小紅書分享', en: 'Xiaohongshu share' },
  provider: '行吟信息科技（上海）有限公司',
  purpose: { 'zh-CN': '分享到小红书', 'zh-TW': '分享到小紅書', en: 'Sharing to Xiaohongshu' },
  data: { 'zh-CN': '分享的链接、标题和图片', 'zh-TW': '分享的連結、標題和圖片', en: 'Shared link, title and image' },
};

/**
 * 小红书 share: `https://fe-static.xhscdn.com/biz-static/goten/xhs-1.1.0.js`, then
 * `xhs.share({ shareInfo, verifyConfig })` with a server-made signature (its algorithm is [unverified]). No `src`
 * here on purpose, as for the WeChat SDK: the page loads it on the visitor's share click with `load()`. No
 * cookies known on the site; the policy URL is [unverified], so none is given. Source:
 * research/china-context.md §2.3.
 */
export const xiaohongshuShare: Preset = {
  id: 'xiaohongshu-share',
  category: 'share',
  hosts: ['fe-static.xhscdn.com'],
};
