import type { Preset } from '../core/types.js';

/**
 * 微博 share: a link to `https://service.weibo.com/share/share.php?url=&title=&pic=…`, usually opened in a new
 * window, gated with `data-consent-request`. No script, no cookies on the site. Source:
 * research/china-context.md §2.3.
 */
export const weiboShare: Preset = {
  id: 'weibo-share',
  category: 'share',
  name: { 'zh-CN': '微博分享', en: 'Weibo share' },
  provider: '北京微梦创科网络技术有限公司',
  purpose: { 'zh-CN': '分享到微博', en: 'Sharing to Weibo' },
  data: { 'zh-CN': '分享的链接、标题和图片', en: 'Shared link, title and image' },
  policyUrl: 'https://weibo.com/signup/v5/privacy',
  hosts: ['service.weibo.com'],
};
