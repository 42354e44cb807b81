/* The contextual dialog's "allow", played by a plain button until the UI exists (a file: strict-CSP friendly). */
document.getElementById('stand-in-allow').addEventListener('click', function () {
  var shown = window.__shows[window.__shows.length - 1] || {};
  var services = {};
  if (shown.service) services[shown.service] = true;
  var categories = {};
  if (!shown.service && shown.category) categories[shown.category] = true;
  window.ConsentGate.save({ categories: categories, services: services });
});
