import type { ServiceLoader } from '../core/types.js';
import { baiduOcpcLoader } from './baidu-ocpc.js';
import { baiduTongjiLoader } from './baidu-tongji.js';
import { cnzzLoader } from './cnzz.js';
import { googleAnalyticsLoader } from './google-analytics.js';
import { oceanEngineLoader } from './ocean-engine.js';
import { tencentAdsLoader } from './tencent-ads.js';

/**
 * The presets' loaders by preset id, for the script tag's `loaders.js` (asked for beside `gate.js`): code that runs
 * only once a service is granted, so it stays out of what every page view downloads first (SPEC §10).
 * `consent-gate/presets` carries each loader in its preset.
 */
export const LOADERS: Record<string, ServiceLoader> = {
  'baidu-tongji': baiduTongjiLoader,
  cnzz: cnzzLoader,
  'google-analytics': googleAnalyticsLoader,
  'baidu-ocpc': baiduOcpcLoader,
  'ocean-engine': oceanEngineLoader,
  'tencent-ads': tencentAdsLoader,
};
