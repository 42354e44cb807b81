// A local stand-in for a vendor tracker (the real one would be https://hm.baidu.com/hm.js?SITE_ID): the bench times
// the request for this file and the moment it runs. It sets the cookie the real one sets, and nothing else.
(function () {
  // Stamped first thing, on the page's own clock (navigation start = 0), so "executed" is comparable with the
  // click and the resource timing the probe records (bench/probe.js defines the hook; a page without it ignores it).
  var ran = performance.now();
  window.__fakeTracker = (window.__fakeTracker || 0) + 1;
  document.cookie = 'Hm_lvt_bench=' + Math.floor(Date.now() / 1000) + '; path=/; max-age=31536000';
  if (typeof window.__benchTrackerRan === 'function') window.__benchTrackerRan(ran);
})();
