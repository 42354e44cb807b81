import type { Preset } from '../core/types.js';
import { CATALOGUE } from './catalogue.js';
import { disclosures } from './disclosures.js';

/**
 * `consent-gate/presets`, the services catalogue (SPEC §6.5) with each vendor's 清单 text, keyed by preset id:
 * data, not code paths. A page lists the ones it uses (`services: ['cnzz', { id: 'baidu-tongji', siteId: '…' }]`);
 * facts and their sources are in each preset's file.
 */
export const PRESETS: Record<string, Preset> = Object.fromEntries(
  Object.entries(CATALOGUE).map(([id, preset]) => [id, { ...preset, ...disclosures[id] }]),
);

export const baiduTongji = PRESETS['baidu-tongji']!;
export const cnzz = PRESETS.cnzz!;
export const googleAnalytics = PRESETS['google-analytics']!;
export const baiduOcpc = PRESETS['baidu-ocpc']!;
export const oceanEngine = PRESETS['ocean-engine']!;
export const tencentAds = PRESETS['tencent-ads']!;
export const wechatJssdk = PRESETS['wechat-jssdk']!;
export const qqShare = PRESETS['qq-share']!;
export const weiboShare = PRESETS['weibo-share']!;
export const xiaohongshuShare = PRESETS['xiaohongshu-share']!;
export { disclosures };
