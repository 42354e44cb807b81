/* Lets the demo's fake vendors answer at their real addresses (see /vendor-sw.js); not under automation, where the
   tests answer vendor URLs themselves. */
if ('serviceWorker' in navigator && !navigator.webdriver) navigator.serviceWorker.register('/vendor-sw.js').catch(function () {});
