/*
 * The demo's fake vendors at their real addresses, for QA in an ordinary browser: a page of the demo that loads a
 * tracker from https://hm.baidu.com/hm.js (the untagged snippets of /scenarios/guard.html) gets the local fake
 * /vendor/hm.baidu.com/hm.js instead, so nothing reaches a real vendor and the trackers still run once allowed.
 * Registered by /assets/vendor-sw-register.js; automated tests answer vendor URLs themselves (page.route).
 */
const VENDORS = /^(hm\.baidu\.com|v1\.cnzz\.com|s4\.cnzz\.com|c\.cnzz\.com|analytics\.snssdk\.com|qzonestyle\.gtimg\.cn|a\.gdt\.qq\.com|fxgate\.baidu\.com|www\.googletagmanager\.com|connect\.qq\.com|service\.weibo\.com)$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', event => {
  const url = new URL(event.request.url);
  if (!VENDORS.test(url.hostname)) return;
  event.respondWith(fetch(`/vendor/${url.hostname}${url.pathname}${url.search}`).catch(() => new Response('', { status: 502 })));
});
