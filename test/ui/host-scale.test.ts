import { afterEach, expect, it } from 'vitest';
import { unzoom } from '../../src/ui/host.js';

afterEach(() => {
  document.head.replaceChildren();
  document.body.replaceChildren();
});

/** The `--cg-zoom` the host gets on a page with these viewport `<meta>`s (jsdom has no CSS zoom: only the scale counts). */
function zoomFor(...metas: string[]) {
  for (const content of metas) document.head.append(Object.assign(document.createElement('meta'), { name: 'viewport', content }));
  const host = document.body.appendChild(document.createElement('div'));
  unzoom(host);
  return host.style.getPropertyValue('--cg-zoom');
}

// e2e/ui-layout.spec.ts "a phone whose page fixes its own scale" shows each in Chromium.
it.each([
  ['lib-flexible on a 2× screen', ['initial-scale=0.5, maximum-scale=0.5, minimum-scale=0.5, user-scalable=no'], '2'],
  ['lib-flexible on a 3× screen', ['initial-scale=0.25, maximum-scale=0.25, user-scalable=no'], '4'],
  ['spaces, a bare fraction, user-scalable=0', ['initial-scale = .5 , user-scalable = 0'], '2'],
  ['any case', ['INITIAL-SCALE=0.5,MAXIMUM-SCALE=0.5'], '2'],
  ['a responsive page', ['width=device-width, initial-scale=1'], ''],
  ['a desktop design scaled down, zoomable', ['width=1200, initial-scale=0.3'], ''],
  ['scaled down, zoomable up to 1', ['initial-scale=0.5, maximum-scale=1'], ''],
  ['a scale of 0 (invalid)', ['initial-scale=0, user-scalable=no'], ''],
  ['no viewport <meta>', [], ''],
  ['the last <meta> is the one applied', ['initial-scale=0.5, user-scalable=no', 'width=device-width, initial-scale=1'], ''],
])('%s', (_, metas, zoom) => {
  expect(zoomFor(...metas)).toBe(zoom);
});
