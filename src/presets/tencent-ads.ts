import type { Preset, ServiceLoader } from '../core/types.js';
import { fromOption, globals } from './option.js';

/**
 * 腾讯广告 (广点通 / GDT) web action data source. Loader after the official snippet: a `gdt` function queueing its
 * calls until `gdtevent.min.js` takes over (`v.tk`), then `gdt('init', <user_action_set_id>)` and
 * `gdt('track', 'PAGE_VIEW')`. Click ids `gdt_vid` / `qz_gdt` ride in landing URLs; cookies [unverified], none
 * listed. Source: research/china-context.md §2.2.
 */
export const tencentAds: Preset = {
  id: 'tencent-ads',
  category: 'pixel',
  // The SDK's path only: qzonestyle.gtimg.cn also serves QQ互联's sign-in SDK (`qq-login`) and the QQ空间 share button
  // (`qq-share`).
  hosts: ['qzonestyle.gtimg.cn/qzone/biz/gdt/', 'a.gdt.qq.com'],
  src: /* @__PURE__ */ fromOption('actionSetId', () => 'https://qzonestyle.gtimg.cn/qzone/biz/gdt/dmp/user-action/gdtevent.min.js'),
};

/** Runs the vendor's snippet once the service is granted, then loads its script through the gate. */
export const tencentAdsLoader: ServiceLoader = (service, load) => {
  const page = globals();
  if (!page.gdt) {
    const gdt: any = (page.gdt = function () {
      gdt.tk ? gdt.tk.apply(gdt, arguments) : gdt.queue.push(arguments);
    });
    gdt.sv = '1.0';
    gdt.bt = 0;
    gdt.queue = [];
  }
  page.gdt('init', String(service.options.actionSetId));
  page.gdt('track', 'PAGE_VIEW');
  return load(service.src!);
};
