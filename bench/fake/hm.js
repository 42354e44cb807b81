// A local stand-in for a vendor tracker (the real one would be https://hm.baidu.com/hm.js?SITE_ID): the bench times
// the request for this file after the accept click. It sets the cookie the real one sets, and nothing else.
(function () {
  window.__fakeTracker = (window.__fakeTracker || 0) + 1;
  document.cookie = 'Hm_lvt_bench=' + Math.floor(Date.now() / 1000) + '; path=/; max-age=31536000';
})();
