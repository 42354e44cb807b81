// Demo controls for the UI pages (an external file, so the strict-CSP page runs it too).
(window.ConsentGate = window.ConsentGate || []).push(gate => {
  const output = document.getElementById('request-result');
  document.addEventListener('click', event => {
    const request = event.target.closest('[data-demo-request]');
    const show = event.target.closest('[data-demo-show]');
    if (request) {
      const [category, service] = request.dataset.demoRequest.split(' ');
      gate.request(category, service).then(allowed => (output.textContent = `request: ${allowed}`));
    }
    if (show) gate.show(show.dataset.demoShow);
  });
});
