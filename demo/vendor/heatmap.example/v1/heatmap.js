/* Fake click-heatmap script for the Consent Gate demo: the service the QA panel's "新增第三方服务" switch adds
   to the page's config (a made-up vendor on a reserved .example host, so no real company is named). Sets a
   first-party visitor cookie and sends a beacon, as such scripts do. */
(function () {
  var id = Math.random().toString(36).slice(2, 12);
  document.cookie = '_dhm_id=' + id + '; path=/; max-age=31536000';
  new Image().src = '/vendor/heatmap.example/v1/collect?vid=' + id + '&page=' + encodeURIComponent(location.pathname);
  window.dispatchEvent(new CustomEvent('demo:tracker', { detail: { name: '点击热力图', cookies: ['_dhm_id'] } }));
})();
