/* Lets the demo's fake vendors answer at their real addresses (see /vendor-sw.js); not under automation, where the
   tests answer vendor URLs themselves. Until the service worker controls the page, the page stops here: the snippets
   after this script name the real vendors, and on a first visit they would reach them before it could answer. */
(function () {
  if (navigator.webdriver || (navigator.serviceWorker && navigator.serviceWorker.controller)) return;
  // The home page only registers it (its own trackers are local), so the scenario pages QA opens from it are answered
  // from their first load: a <script src> written in a page's HTML is fetched before any script of the page runs.
  if (document.currentScript && document.currentScript.hasAttribute('data-register-only')) {
    if (navigator.serviceWorker) navigator.serviceWorker.register('/vendor-sw.js').catch(function () {});
    return;
  }
  window.stop();
  // The parser stopped in <head>: the message gets a body of its own.
  var say = function (text) {
    (document.body || document.documentElement.appendChild(document.createElement('body'))).textContent = text;
  };
  if (!navigator.serviceWorker) {
    // Service workers need a secure context: http://localhost is one, http://www.ooopic.test is not.
    return say('此演示页需要 service worker 才能用本地的模拟第三方：请在 http://localhost 或 https 上打开。');
  }
  say('正在准备本地的模拟第三方…');
  navigator.serviceWorker.addEventListener('controllerchange', function () { location.reload(); });
  navigator.serviceWorker.register('/vendor-sw.js').catch(function (error) {
    say('无法启用本地的模拟第三方（' + error + '），页面已停止加载，没有请求发往真实的第三方。');
  });
})();
