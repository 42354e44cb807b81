// Runs before the SDK: the documented queue (SPEC §7.1). External file, so the page works under a strict CSP.
window.log = [];
(window.ConsentGate = window.ConsentGate || []).push(function (cg) {
  window.log.push('queued:' + typeof cg.acceptAll);
  cg.on('ready', function () { window.log.push('ready'); });
});
(window.ConsentGate = window.ConsentGate || []).push(function () { throw new Error('a broken queued function'); });
(window.ConsentGate = window.ConsentGate || []).push(function (cg) { window.log.push('after-broken:' + cg.version); });
