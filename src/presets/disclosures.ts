import type { Disclosure } from '../core/types.js';
import { baiduOcpcDisclosure } from './baidu-ocpc.js';
import { baiduTongjiDisclosure } from './baidu-tongji.js';
import { cnzzDisclosure } from './cnzz.js';
import { googleAnalyticsDisclosure } from './google-analytics.js';
import { oceanEngineDisclosure } from './ocean-engine.js';
import { qqShareDisclosure } from './qq-share.js';
import { tencentAdsDisclosure } from './tencent-ads.js';
import { wechatJssdkDisclosure } from './wechat-jssdk.js';
import { weiboShareDisclosure } from './weibo-share.js';
import { xiaohongshuShareDisclosure } from './xiaohongshu-share.js';

/** The 第三方SDK服务商清单 text of each preset, keyed by preset id: a file of its own, loaded with the views. */
export const disclosures: Record<string, Disclosure> = {
  'baidu-tongji': baiduTongjiDisclosure,
  cnzz: cnzzDisclosure,
  'google-analytics': googleAnalyticsDisclosure,
  'baidu-ocpc': baiduOcpcDisclosure,
  'ocean-engine': oceanEngineDisclosure,
  'tencent-ads': tencentAdsDisclosure,
  'wechat-jssdk': wechatJssdkDisclosure,
  'qq-share': qqShareDisclosure,
  'weibo-share': weiboShareDisclosure,
  'xiaohongshu-share': xiaohongshuShareDisclosure,
};
