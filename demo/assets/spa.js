// The ooopic SPA in miniature: imports the npm build, and on each route change inserts gated nodes, the way a
// tag manager or a lazily rendered page would (SPEC §6.1: late-inserted nodes obey the same rules).
import { createConsentGate } from 'consent-gate';
import { baiduTongji, weiboShare } from 'consent-gate/presets';
import { consentReceipts } from 'consent-gate/receipts';

// From npm the app imports the presets it uses, so its bundle carries no other vendor.
const config = {
  services: [
    { id: 'baidu-tongji', siteId: '5f3b7c1d9e2a4b6c8d0e1f2a3b4c5d6e', src: '/vendor/hm.baidu.com/hm.js?5f3b7c1d9e2a4b6c8d0e1f2a3b4c5d6e' },
    'weibo-share',
  ],
  receipt: { url: '/receipts' },
  reloadOnRevoke: false,
};
// Demo only: the QA panel's settings (emulate.js: policy bump, dnt mode, language, an added service) go into the
// config, and the panel is handed the controller, which an npm build does not put on a global of its own.
const consent = createConsentGate(window.demoQAConfig ? window.demoQAConfig(config) : config, { presets: [baiduTongji, weiboShare], receipts: consentReceipts });
window.dispatchEvent(new CustomEvent('demo:controller', { detail: consent }));
window.consent = consent;
window.log = [];
consent.on('change', state => window.log.push(`change:${Object.keys(state.categories).filter(c => state.categories[c]).join(',')}`));

const routes = {
  '#/': () => '<h1>首页</h1><p>热门素材</p>',
  '#/detail': () => `
    <h1>素材详情</h1>
    <script type="text/plain" data-consent="analytics" data-service="baidu-tongji"
            data-src="/vendor/hm.baidu.com/hm.js?5f3b7c1d9e2a4b6c8d0e1f2a3b4c5d6e"></script>
    <img data-consent="analytics" data-service="baidu-tongji" alt="" width="1" height="1"
         data-src="/vendor/hm.baidu.com/hm.gif?route=detail">
    <p id="detail-body">素材详情页</p>`,
  '#/share': () => `
    <h1>分享</h1>
    <div data-consent-placeholder="share">分享需要您的同意 <button type="button" data-consent-allow="share">允许</button></div>
    <a id="weibo" href="/vendor/service.weibo.com/share/share.php?url=https%3A%2F%2Fwww.ooopic.com%2F"
       data-consent-request="share" data-service="weibo-share">分享到微博</a>`,
};

function render() {
  const view = document.getElementById('view');
  // innerHTML does not run <script> elements, so gated markup stays inert until the gate activates it.
  view.innerHTML = (routes[location.hash] || routes['#/'])();
  window.log.push(`route:${location.hash || '#/'}`);
}
window.addEventListener('hashchange', render);
render();
