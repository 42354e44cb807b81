/* Counts the loads of this page in this tab, so a test can tell one reload from none or several. */
sessionStorage.setItem('loads', String(Number(sessionStorage.getItem('loads')) + 1));
addEventListener('DOMContentLoaded', function () { document.getElementById('loads').textContent = sessionStorage.getItem('loads'); });
