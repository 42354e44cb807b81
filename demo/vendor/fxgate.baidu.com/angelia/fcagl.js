/* Fake 百度营销 oCPC fcagl.js for the Consent Gate demo. */
(function () {
  new Image().src = '/vendor/fxgate.baidu.com/angelia/gate?production=demo';
  window.dispatchEvent(new CustomEvent('demo:tracker', { detail: { name: '百度oCPC', cookies: [] } }));
})();
