import type { Disclosure, Preset } from '../core/types.js';

/** Its entry in the 第三方SDK服务商清单, loaded with the views (SPEC §10). */
export const weiboShareDisclosure: Disclosure = {
  name: { 'zh-CN': '微博分享', 'zh-TW': '微博分享', en: 'Weibo share' },
  provider: '北京微梦创科网络技术有限公司',
  purpose: { 'zh-CN': '分享到微博', 'zh-TW': '分享到微博', en: 'Sharing to Weibo' },
  data: { 'zh-CN': '分享的链接、标题和图片', 'zh-TW': '分享的連結、標題和圖片', en: 'Shared link, title and image' },
  policyUrl: 'https://weibo.com/signup/v5/privacy',
};

/**
 * 微博 share: a link to `https://service.weibo.com/share/share.php?url=&title=&pic=…`, usually opened in a new
 * window, gated with `data-consent-request`. No script, no cookies on the site. Source:
 * research/china-context.md §2.3.
 */
export const weiboShare: Preset = {
  id: 'weibo-share',
  category: 'share',
  hosts: ['service.weibo.com'],
};
