/* Fake 小红书 share SDK for the Consent Gate demo: defines `xhs.share` like the real one. */
(function () {
  window.xhs = { share: function (options) { window.dispatchEvent(new CustomEvent('demo:tracker', { detail: { name: '小红书分享: ' + (options && options.shareInfo && options.shareInfo.title || ''), cookies: [] } })); } };
  window.dispatchEvent(new CustomEvent('demo:tracker', { detail: { name: '小红书 SDK', cookies: [] } }));
})();
