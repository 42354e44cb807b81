window.ConsentGate.push(function (cg) { window.log.push('later:' + (cg === window.ConsentGate)); });
