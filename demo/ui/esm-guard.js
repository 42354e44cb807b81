import { createConsentGate } from 'consent-gate';
import { networkGuard } from 'consent-gate/guard';
import { baiduTongji } from 'consent-gate/presets';

const guard = new URLSearchParams(location.search).get('guard') !== 'off';
window.ConsentGate = createConsentGate(
  { services: [{ id: 'baidu-tongji', siteId: '0123456789abcdef0123456789abcdef' }], guard, reloadOnRevoke: false },
  { presets: [baiduTongji], guard: networkGuard },
);

// An SPA route change running the vendor's snippet as its docs give it: untagged code the guard must hold.
document.getElementById('route').addEventListener('click', () => {
  window._hmt = window._hmt || [];
  const hm = document.createElement('script');
  hm.src = 'https://hm.baidu.com/hm.js?0123456789abcdef0123456789abcdef';
  const first = document.getElementsByTagName('script')[0];
  first.parentNode.insertBefore(hm, first);
  navigator.sendBeacon('https://hm.baidu.com/hm.gif?si=0123456789abcdef0123456789abcdef&et=0');
});
