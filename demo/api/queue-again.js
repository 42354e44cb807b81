// Runs after the SDK: a page template that starts its own queue instead of keeping the SDK's (SPEC §7.4), then
// queues into it three ways.
window.log = [];
// The documented queue after the SDK sets the controller again, which keeps the name watched.
(window.ConsentGate = window.ConsentGate || []).push(function (cg) { window.log.push('documented:' + typeof cg.acceptAll); });
var ConsentGate = [function (cg) { window.log.push('in-array:' + typeof cg.acceptAll); }];
ConsentGate.push(function (cg) { window.log.push('var-push:' + typeof cg.acceptAll); });
(window.ConsentGate = []).push(function (cg) { window.log.push('assigned-push:' + typeof cg.acceptAll); });
window.ConsentGate = Object.freeze([function (cg) { window.log.push('frozen:' + typeof cg.acceptAll); }]);
window.ConsentGate.push(function (cg) { window.log.push('later:' + (cg === window.ConsentGate)); });
