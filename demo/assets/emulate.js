/*
 * QA emulation for the demo, run before the SDK (nothing here is part of the SDK). The QA panel stores its
 * switches in sessionStorage `cg-demo` and reloads; URL parameters do the same for one page and win over it:
 *   ?dnt=1 ?gpc=1            the browser's Do Not Track / Global Privacy Control signal
 *   ?dntMode=strict          config `dnt`: respect (default) | strict | ignore
 *   ?lang=en                 config `lang` and <html lang>: auto | zh-CN | zh-TW | en
 *   ?policy=2026-12-01       a bumped policy version (the "updated" banner)
 *   ?cookiesOff=1            the browser refuses cookies (document.cookie reads '' and ignores writes)
 *   ?vendor404=1             the CNZZ script URL points at a file the server does not have (HTTP 404)
 *   ?clock=366               the page's clock runs this many days ahead (Date.now), to see a record expire
 *   ?newService=1            the page's config gains a service (点击热力图, analytics): a returning visitor who
 *                            granted analytics is asked again, and the banner names it (SPEC §5.1)
 * Then it records the SDK's events (sessionStorage `cg-demo-events`, kept across the reload that follows a
 * withdrawal) and sets the demo config where the page has none of its own (a scenario page's #consent-gate-config; the
 * panel's explicit policy, dnt mode, language and added service are written into that element too).
 *
 * The script-tag pages hand their controller over through the `ConsentGate` queue. The SPA creates its own from
 * npm (no global): its emulate.js tag carries `data-npm`, it applies `demoQAConfig(config)` to its config and
 * announces the controller with a `demo:controller` event. Either way `demoController(fn)` calls fn with it.
 */
(function () {
  var isNpm = !!(document.currentScript && document.currentScript.hasAttribute('data-npm'));
  var qa = {};
  try { qa = JSON.parse(sessionStorage.getItem('cg-demo') || '{}'); } catch (e) { qa = {}; }
  // What the panel stored, apart from this page's URL parameters (which apply to this page only).
  window.demoQAStored = Object.assign({}, qa);
  var params = new URLSearchParams(location.search);
  ['dnt', 'gpc', 'cookiesOff', 'vendor404', 'newService'].forEach(function (key) { if (params.has(key)) qa[key] = params.get(key) === '1'; });
  ['lang', 'policy', 'dntMode'].forEach(function (key) { if (params.has(key)) qa[key] = params.get(key); });
  if (params.has('clock')) qa.clock = Number(params.get('clock')) || 0;
  window.demoQA = qa;

  function define(target, name, value) {
    try { Object.defineProperty(target, name, { get: function () { return value; }, configurable: true }); } catch (e) { /* read-only in this browser */ }
  }
  if (qa.dnt) define(Navigator.prototype, 'doNotTrack', '1');
  if (qa.gpc) define(Navigator.prototype, 'globalPrivacyControl', true);
  // The real cookie jar, for the panel's "clear site data", which must work with "cookies off" emulated too.
  window.demoRealCookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (qa.cookiesOff) {
    define(Navigator.prototype, 'cookieEnabled', false);
    Object.defineProperty(Document.prototype, 'cookie', { get: function () { return ''; }, set: function () {}, configurable: true });
  }
  if (qa.lang && qa.lang !== 'auto') document.documentElement.lang = qa.lang;
  // The QA panel docks beside the page on laptop widths (demo.css): narrowed from the first paint, not when the
  // deferred panel script runs, so the page does not jump under a click. Every page with this script has the panel.
  if (!qa.collapsed) document.documentElement.classList.add('qa-open');
  if (qa.clock) {
    // The SDK reads Date.now when it decides and when it checks expiry (acceptDays / rejectDays).
    var realNow = Date.now, offset = qa.clock * 864e5;
    Date.now = function () { return realNow() + offset; };
  }
  if (qa.vendor404) {
    // Runs before the SDK's own observer (observers are notified in creation order), so the gate only ever
    // sees the broken URL: the way a vendor's moved or deleted file looks to a visitor.
    new MutationObserver(function () {
      document.querySelectorAll('[data-service="cnzz"][data-src*="/vendor/"]').forEach(function (el) {
        el.setAttribute('data-src', el.getAttribute('data-src').replace('/vendor/', '/vendor-404/'));
      });
    }).observe(document.documentElement, { childList: true, subtree: true });
  }

  // Every SDK event, summarised, for the QA panel's event log (and the e2e tests).
  var KEY = 'cg-demo-events';
  function keys(map) { return Object.keys(map || {}).filter(function (k) { return map[k]; }).join(',') || '—'; }
  var summary = {
    ready: function (s) { return 'prompt ' + s.prompt + ' · ' + keys(s.categories); },
    change: function (s) { return keys(s.categories) + (s.decision ? ' · ' + s.decision.action : ''); },
    granted: function (d) { return d.categories.concat(d.services).join(','); },
    revoked: function (d) { return d.categories.concat(d.services).join(','); },
    show: function (d) { return d.view + (d.service ? ' ' + d.service : d.category ? ' ' + d.category : ''); },
    hide: function (d) { return d.view || ''; },
    age: function (d) { return d.age + ' · guardianConsent ' + d.guardianConsent + ' · youthMode ' + d.youthMode + (d.source ? ' · ' + d.source : ''); },
    child: function (d) { return 'guardianConsent ' + d.guardianConsent + (d.source ? ' · ' + d.source : ''); },
    held: function (d) { return d.service + ' · ' + d.kind + ' ' + d.url; },
    error: function (d) { return d.kind + (d.service ? ' ' + d.service : '') + ' · ' + d.message; }
  };
  var recording = true;
  window.demoStopEvents = function () { recording = false; };
  function record(name, detail) {
    if (!recording) return;
    var list = [];
    try { list = JSON.parse(sessionStorage.getItem(KEY) || '[]'); } catch (e) { list = []; }
    list.push({ at: new Date(Date.now()).toISOString(), page: location.host + location.pathname, name: name, detail: summary[name](detail) });
    try { sessionStorage.setItem(KEY, JSON.stringify(list.slice(-60))); } catch (e) { /* storage full or denied */ }
    window.dispatchEvent(new CustomEvent('demo:event'));
  }

  // What each fake tracker ran (demo:tracker), from the first script on: a granted tracker can run before the
  // deferred QA panel does. Only the cookies that really stuck count (none with "cookies off").
  var runs = window.demoTrackerRuns = [];
  var held = window.demoHeld = [];
  window.addEventListener('demo:tracker', function (event) {
    var set = document.cookie ? document.cookie.split('; ').map(function (c) { return c.split('=')[0]; }) : [];
    var detail = event.detail || {};
    runs.push({ at: Math.round(performance.now()), name: detail.name, cookies: (detail.cookies || []).filter(function (name) { return set.indexOf(name) >= 0; }) });
  });

  // The page's controller, whichever build made it; listeners attached here still hear `ready` (the SDK emits
  // it in a microtask after creation, and replays the script-tag queue before that).
  var controller;
  var waiting = [];
  window.demoController = function (fn) {
    if (controller) fn(controller);
    else waiting.push(fn);
  };
  function attach(cg) {
    if (controller || !cg || typeof cg.get !== 'function') return;
    controller = cg;
    Object.keys(summary).forEach(function (name) { cg.on(name, function (detail) { record(name, detail); }); });
    // What the network guard held, with its time, for the panel's activity list (SPEC §6.6).
    cg.on('held', function (d) {
      held.push({ at: Math.round(performance.now()), service: d.service, kind: d.kind, url: d.url });
      window.dispatchEvent(new CustomEvent('demo:held'));
    });
    waiting.splice(0).forEach(function (fn) { fn(cg); });
  }
  window.addEventListener('demo:controller', function (event) { attach(event.detail); });
  // Not on the npm page: a stray `ConsentGate` array there would look like a script tag that never loaded.
  if (!isNpm) (window.ConsentGate = window.ConsentGate || []).push(attach);

  var policy = {
    version: qa.policy || '2024-04-23',
    updated: qa.policy ? '2026-11-29' : '2024-04-23',
    effective: qa.policy ? '2026-12-01' : '2024-04-23',
    // In each language the UI speaks: an English banner quoting the change in Chinese only read as untranslated.
    changes: qa.policy ? {
      'zh-CN': '新增“小红书分享”第三方SDK；明确个性化推荐的关闭方式。',
      'zh-TW': '新增「小紅書分享」第三方SDK；明確個人化推薦的關閉方式。',
      en: 'Adds the Xiaohongshu share SDK as a third party; explains how to turn personalised recommendations off.'
    } : undefined
  };
  // A service of no real company (a reserved .example host), so the banner's "新增第三方服务" names something that
  // was really not there before. Its cookie is listed, so a withdrawal clears it like any other.
  var ADDED_SERVICE = {
    id: 'demo-heatmap',
    category: 'analytics',
    name: { 'zh-CN': '点击热力图（演示）', 'zh-TW': '點擊熱力圖（演示）', en: 'Click heatmap (demo)' },
    provider: { 'zh-CN': '演示服务商（虚构）', 'zh-TW': '演示服務商（虛構）', en: 'Demo vendor (fictitious)' },
    purpose: { 'zh-CN': '记录页面上的点击位置，生成热力图', 'zh-TW': '記錄頁面上的點擊位置，生成熱力圖', en: 'Records where the page is clicked, for a heatmap' },
    data: { 'zh-CN': '点击坐标、页面地址、浏览器类型、访客标识', 'zh-TW': '點擊座標、頁面地址、瀏覽器類型、訪客標識', en: 'Click positions, page URL, browser type, a visitor id' },
    cookies: ['_dhm_id'],
    src: '/vendor/heatmap.example/v1/heatmap.js'
  };

  /**
   * The panel's explicit settings (policy bump, dnt mode, language, added service) applied to a page's own config:
   * a scenario page's #consent-gate-config, the SPA's object. Those win over the demo config below, so the
   * panel's controls must reach into them to work there too.
   */
  function withPanel(config) {
    if (qa.policy) config.policy = Object.assign({}, config.policy, policy);
    if (qa.dntMode) config.dnt = qa.dntMode;
    if (qa.lang) config.lang = qa.lang;
    if (qa.newService) config.services = (config.services || []).concat(ADDED_SERVICE);
    qa.pageDnt = config.dnt || 'respect';
    return config;
  }
  window.demoQAConfig = withPanel;
  var own = document.getElementById('consent-gate-config');
  if (own) {
    try {
      own.textContent = JSON.stringify(withPanel(JSON.parse(own.textContent || '{}')));
    } catch (e) { /* the SDK reports the page's invalid JSON itself */ }
  }

  // Only where the page has no config of its own: beside a scenario page's element it would be a second config,
  // which the SDK says is not read (and the scan repeats in every note).
  if (!own) window.consentGateConfig = {
    policy: policy,
    cookie: { domain: 'auto' },
    dnt: qa.dntMode || 'respect',
    lang: qa.lang || 'auto',
    // Every preset of the catalogue; the page's gated markup points at the local fakes (/vendor/<real host>/…).
    // Google Analytics sends data abroad: it loads only after its own 单独同意 (SPEC §5.4). Sign-in and payment are
    // necessary: listed in the 清单, loaded only where a page uses them.
    services: ['baidu-tongji', 'cnzz', 'google-analytics', 'baidu-ocpc', 'ocean-engine', 'tencent-ads',
      'wechat-jssdk', 'qq-share', 'weibo-share', 'xiaohongshu-share',
      'carrier-login', 'wechat-login', 'qq-login', 'alipay', 'wechat-pay'].concat(qa.newService ? [ADDED_SERVICE] : []),
    receipt: { url: '/receipts' },
    ui: { floatingButton: true },
    minors: { youthModeUrl: 'https://www.ooopic.com/youth' },
    gcm: true,
    dataLayer: true
  };
})();
