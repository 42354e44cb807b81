// The page's config: receipts go to the collector named in the URL (?collector=http://127.0.0.1:8787/receipts).
// No reload on withdrawal, so that a test sees the page it decided on.
(function () {
  var collector = new URLSearchParams(location.search).get('collector');
  // A tracker beside the sign-in and payment services ooopic lists as necessary: a reject-all keeps those granted.
  window.consentGateConfig = { receipt: { url: collector || '/receipts' }, reloadOnRevoke: false, services: ['baidu-tongji', 'wechat-login', 'alipay'] };
})();
