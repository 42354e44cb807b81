import { createConsentGate } from 'consent-gate';

window.ConsentGate = createConsentGate({ services: ['weibo-share', 'cnzz'], reloadOnRevoke: false });
