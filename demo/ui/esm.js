import { createConsentGate } from 'consent-gate';
import { cnzz, weiboShare } from 'consent-gate/presets';

window.ConsentGate = createConsentGate({ services: ['weibo-share', 'cnzz'], reloadOnRevoke: false }, { presets: [weiboShare, cnzz] });
