/* Test hooks for the gate pages, before the SDK: what ran, what the controller reported and showed. */
window.__ran = [];
window.__errors = [];
window.__shows = [];
(window.ConsentGate = window.ConsentGate || []).push(function (cg) {
  cg.on('error', function (detail) { window.__errors.push({ kind: detail.kind, service: detail.service, src: detail.src }); });
  cg.on('show', function (detail) { window.__shows.push(detail); });
});
