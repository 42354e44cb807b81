/* A fake third-party script for the gate's e2e tests, served by Playwright's page.route for any vendor URL.
   It logs its own URL into window.__ran (execution order) and sets the first-party cookies the real vendor sets
   (research/china-context.md §2.1), on the current host and, on *.ooopic.test pages, on the parent domain too. */
(function () {
  var url = new URL(document.currentScript.src);
  var parent = location.hostname.split('.').slice(-2).join('.');
  function set(name, onParent) {
    document.cookie = name + '=1; path=/; max-age=3600';
    if (onParent) document.cookie = name + '=1; path=/; max-age=3600; domain=.' + parent;
  }
  var id = url.searchParams.get('id') || url.search.slice(1);
  if (url.hostname === 'hm.baidu.com') {
    set('Hm_lvt_' + id, true);
    document.cookie = 'Hm_lpvt_' + id + '=1; path=/; domain=.' + parent;
    try { localStorage.setItem('Hm_unsent_' + id, '[]'); } catch (e) {}
  } else if (/cnzz\.com$/.test(url.hostname)) {
    set('CNZZDATA' + id, true);
    set('UM_distinctid', true);
  } else if (url.hostname === 'www.googletagmanager.com') {
    set('_ga', true);
    set('_ga_' + id.replace(/^G-/, ''), false);
  } else {
    // A library other scripts depend on: window.lib_a for .../a.js.
    window['lib_' + url.pathname.split('/').pop().replace(/\.js$/, '')] = true;
  }
  (window.__ran = window.__ran || []).push(url.hostname + url.pathname);
})();
