import type { Preset, ServiceLoader } from '../core/types.js';
import { fromOption, globals } from './option.js';

/**
 * 百度营销 oCPC conversion tracking. Loader: the `_agl` queue with `['production', token]`, then
 * `https://fxgate.baidu.com/angelia/fcagl.js?production=<token>`; conversions are sent with
 * `_agl.push(['track', ['success', { t: 3 }]])`. The click id `bd_vid` rides in landing URLs. Cookies of
 * `_agl` are [unverified], so none are listed. Source: research/china-context.md §2.2.
 */
export const baiduOcpc: Preset = {
  id: 'baidu-ocpc',
  category: 'pixel',
  // Its behaviour data goes to fclog.baidu.com/log/ocpcagl (the request Baidu's guide checks the installation by);
  // fclog.baidu.com also takes Baidu's own page-speed logs, so the oCPC path only.
  hosts: ['fxgate.baidu.com', 'fclog.baidu.com/log/ocpcagl'],
  src: /* @__PURE__ */ fromOption('token', id => `https://fxgate.baidu.com/angelia/fcagl.js?production=${id}`),
};

/** Runs the vendor's snippet once the service is granted, then loads its script through the gate. */
export const baiduOcpcLoader: ServiceLoader = (service, load) => {
  const page = globals();
  (page._agl = page._agl || []).push(['production', String(service.options.token)]);
  return load(service.src!);
};
