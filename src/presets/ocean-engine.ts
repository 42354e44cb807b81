import type { Preset, ServiceLoader } from '../core/types.js';
import { fromOption, globals } from './option.js';

/**
 * 巨量引擎 (Ocean Engine, Toutiao / Douyin) JS conversion tracking. Loader after the official base code: a
 * `meteor` queue with `track` / `off` / `on` methods, then `https://analytics.snssdk.com/meteor.js/v1/<trackingId>/sdk`,
 * then `meteor.track('pageview')`; each method queues `[method, ...args]` (the base code as pages carry it). Cookies
 * [unverified], none listed; the click id `clickid` rides in landing URLs. Source: research/china-context.md §2.2.
 */
export const oceanEngine: Preset = {
  id: 'ocean-engine',
  category: 'pixel',
  // The older base code (`_taq`, `_tt_config`) loads `s<n>.pstatp.com/bytecom/resource/track_log/src/toutiao-track-log.js`
  // and reports a failed load to `ad.toutiao.com`; pstatp.com is ByteDance's general CDN, so its path only.
  hosts: ['analytics.snssdk.com', '*.pstatp.com/bytecom/resource/track_log/', 'ad.toutiao.com'],
  src: /* @__PURE__ */ fromOption('trackingId', id => `https://analytics.snssdk.com/meteor.js/v1/${id}/sdk`),
};

/** Runs the vendor's snippet once the service is granted, then loads its script through the gate. */
export const oceanEngineLoader: ServiceLoader = (service, load) => {
  const page = globals();
  const meteor = (page.meteor = page.meteor || []);
  for (const method of ['track', 'off', 'on']) {
    meteor[method] = meteor[method] || ((...args: unknown[]) => (meteor.push([method, ...args]), meteor));
  }
  meteor.track('pageview');
  return load(service.src!);
};
