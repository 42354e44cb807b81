// A first-party script behind the share grant (demo/ui/trusted-types-esm.html): says it ran.
window.__src = 'ran';
