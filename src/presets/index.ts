import type { Preset } from '../core/types.js';
import { baiduOcpc } from './baidu-ocpc.js';
import { baiduTongji } from './baidu-tongji.js';
import { cnzz } from './cnzz.js';
import { googleAnalytics } from './google-analytics.js';
import { oceanEngine } from './ocean-engine.js';
import { qqShare } from './qq-share.js';
import { tencentAds } from './tencent-ads.js';
import { wechatJssdk } from './wechat-jssdk.js';
import { weiboShare } from './weibo-share.js';
import { xiaohongshuShare } from './xiaohongshu-share.js';

export { baiduOcpc, baiduTongji, cnzz, googleAnalytics, oceanEngine, qqShare, tencentAds, wechatJssdk, weiboShare, xiaohongshuShare };

/**
 * The services catalogue (SPEC §6.5), keyed by preset id: data, not code paths. A page lists the ones it uses
 * (`services: ['cnzz', { id: 'baidu-tongji', siteId: '…' }]`); facts and their sources are in each file.
 */
export const PRESETS: Record<string, Preset> = Object.fromEntries(
  [baiduTongji, cnzz, googleAnalytics, baiduOcpc, oceanEngine, tencentAds, wechatJssdk, qqShare, weiboShare, xiaohongshuShare].map(
    preset => [preset.id, preset],
  ),
);
