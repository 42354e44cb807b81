/* Fake WeChat JS-SDK for the Consent Gate demo: defines `wx` like the real one (share works only in WeChat). */
(function () {
  window.wx = window.jWeixin = { config: function () {}, ready: function (fn) { fn(); }, updateAppMessageShareData: function () {} };
  window.dispatchEvent(new CustomEvent('demo:tracker', { detail: { name: '微信 JS-SDK', cookies: [] } }));
})();
