import type { Preset } from '../core/types.js';

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
