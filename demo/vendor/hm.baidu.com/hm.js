/* Fake 百度统计 hm.js for the Consent Gate demo: real URL shape, local file. Sets the first-party cookies the
   real script sets (Hm_lvt_<siteId> for a year, Hm_lpvt_<siteId> for the session) and sends a hm.gif beacon. */
(function () {
  var src = document.currentScript && document.currentScript.src || '';
  var id = src.split('?')[1] || 'unknown';
  var now = Math.floor(Date.now() / 1000);
  document.cookie = 'Hm_lvt_' + id + '=' + now + '; path=/; max-age=31536000';
  document.cookie = 'Hm_lpvt_' + id + '=' + now + '; path=/';
  try { localStorage.setItem('Hm_unsent_' + id, '[]'); } catch (e) {}
  new Image().src = '/vendor/hm.baidu.com/hm.gif?si=' + id + '&rnd=' + Math.random();
  var queue = window._hmt || [];
  window._hmt = { push: function () {} };
  window.dispatchEvent(new CustomEvent('demo:tracker', { detail: { name: '百度统计', cookies: ['Hm_lvt_' + id, 'Hm_lpvt_' + id], queued: queue.length } }));
})();
