import type { Preset } from '../core/types.js';

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
