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
import { alipay } from './alipay.js';
import { carrierLogin } from './carrier-login.js';
import { qqLogin } from './qq-login.js';
import { wechatLogin } from './wechat-login.js';
import { wechatPay } from './wechat-pay.js';

/**
 * The services catalogue (SPEC §6.5) as the SDK with its UI needs it before the banner: ids, categories, cookies,
 * hosts and loaders, keyed by preset id. Their 清单 text (`disclosures.ts`) loads with the first view that shows
 * it: every visitor downloads this file, few open the list (SPEC §10).
 */
export const CATALOGUE: Record<string, Preset> = {};
// An index loop, as the bundle is evaluated: a page's broken `Array.prototype.map` must not stop the whole script,
// fail-closed path and network guard included (SPEC §9).
export const PRESETS = [baiduTongji, cnzz, googleAnalytics, baiduOcpc, oceanEngine, tencentAds, wechatJssdk, qqShare, weiboShare, xiaohongshuShare, carrierLogin, wechatLogin, qqLogin, alipay, wechatPay];
for (let i = 0; i < PRESETS.length; i++) CATALOGUE[PRESETS[i]!.id] = PRESETS[i]!;
