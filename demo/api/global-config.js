window.consentGateConfig = { cookie: { name: 'site_consent', rejectDays: 30 }, policy: { version: 'v7' }, reloadOnRevoke: false };
