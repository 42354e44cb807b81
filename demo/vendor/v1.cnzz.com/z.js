/* Fake CNZZ / 友盟+ z.js for the Consent Gate demo. Sets CNZZDATA<siteId> and UM_distinctid on the parent
   domain, as the real script does, and sends a beacon. */
(function () {
  var src = document.currentScript && document.currentScript.src || '';
  var id = (src.match(/id=(\d+)/) || [])[1] || '0';
  var labels = location.hostname.split('.');
  var domain = labels.length > 2 && !/^\d+$/.test(labels[labels.length - 1]) ? '; domain=.' + labels.slice(-2).join('.') : '';
  var eid = Math.random().toString(16).slice(2, 10) + '-' + Date.now();
  document.cookie = 'CNZZDATA' + id + '=' + eid + '; path=/; max-age=15552000' + domain;
  document.cookie = 'UM_distinctid=' + eid + '; path=/; max-age=15552000' + domain;
  new Image().src = '/vendor/c.cnzz.com/core.php?web_id=' + id + '&t=q';
  window._czc = window._czc || [];
  window.dispatchEvent(new CustomEvent('demo:tracker', { detail: { name: 'CNZZ', cookies: ['CNZZDATA' + id, 'UM_distinctid'] } }));
})();
