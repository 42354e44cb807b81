/*
 * QA emulation for the demo, run before the SDK: the QA panel stores its switches in sessionStorage and reloads,
 * and this script applies them (DNT / GPC signals, language, a bumped policy version, disabled cookies), then
 * sets the demo config. Nothing here is part of the SDK.
 */
(function () {
  var qa = {};
  try { qa = JSON.parse(sessionStorage.getItem('cg-demo') || '{}'); } catch (e) { qa = {}; }
  var params = new URLSearchParams(location.search);
  ['dnt', 'gpc', 'cookiesOff'].forEach(function (key) { if (params.has(key)) qa[key] = params.get(key) === '1'; });
  if (params.has('lang')) qa.lang = params.get('lang');
  if (params.has('policy')) qa.policy = params.get('policy');
  window.demoQA = qa;

  function define(target, name, value) {
    try { Object.defineProperty(target, name, { get: function () { return value; }, configurable: true }); } catch (e) { /* read-only in this browser */ }
  }
  if (qa.dnt) define(Navigator.prototype, 'doNotTrack', '1');
  if (qa.gpc) define(Navigator.prototype, 'globalPrivacyControl', true);
  if (qa.cookiesOff) {
    define(Navigator.prototype, 'cookieEnabled', false);
    Object.defineProperty(Document.prototype, 'cookie', { get: function () { return ''; }, set: function () {}, configurable: true });
  }
  if (qa.lang && qa.lang !== 'auto') document.documentElement.lang = qa.lang;

  window.consentGateConfig = {
    policy: {
      version: qa.policy || '2024-04-23',
      updated: qa.policy ? '2026-11-29' : '2024-04-23',
      effective: qa.policy ? '2026-12-01' : '2024-04-23',
      changes: qa.policy ? '新增“小红书分享”第三方SDK；明确个性化推荐的关闭方式。' : undefined
    },
    cookie: { domain: 'auto' },
    lang: qa.lang || 'auto',
    // Every preset of the catalogue; the page's gated markup points at the local fakes (/vendor/<real host>/…).
    services: ['baidu-tongji', 'cnzz', 'google-analytics', 'baidu-ocpc', 'ocean-engine', 'tencent-ads',
      'wechat-jssdk', 'qq-share', 'weibo-share', 'xiaohongshu-share'],
    receipt: { url: '/receipts' },
    ui: { floatingButton: true },
    minors: { youthModeUrl: 'https://www.ooopic.com/youth' },
    gcm: true,
    dataLayer: true
  };
})();
