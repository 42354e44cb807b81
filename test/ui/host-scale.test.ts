import { afterEach, expect, it } from 'vitest';
import { unzoom } from '../../src/ui/host.js';
import { CG } from '../../src/ui/styles.js';

afterEach(() => {
  document.head.replaceChildren();
  document.body.replaceChildren();
});

/**
 * The `--cg-zoom` the host gets on a page with these viewport `<meta>`s, the browser showing it at `scale` (jsdom has
 * no CSS zoom nor visual viewport: the scale a phone applies is given).
 */
function zoomFor(scale: number | undefined, ...metas: string[]) {
  for (const content of metas) document.head.append(Object.assign(document.createElement('meta'), { name: 'viewport', content }));
  Object.defineProperty(window, 'visualViewport', { value: scale === undefined ? undefined : { scale }, configurable: true });
  const host = document.body.appendChild(document.createElement('div'));
  unzoom(host);
  return host.style.getPropertyValue(`${CG}zoom`);
}

// e2e/ui-layout.spec.ts "a phone whose page fixes its own scale" shows each in Chromium.
it.each([
  ['lib-flexible on a 2× screen', 0.5, ['initial-scale=0.5, maximum-scale=0.5, minimum-scale=0.5, user-scalable=no'], '2'],
  ['lib-flexible on a 3× screen', 0.25, ['initial-scale=0.25, maximum-scale=0.25, user-scalable=no'], '4'],
  ['spaces, a bare fraction, user-scalable=0', 0.5, ['initial-scale = .5 , user-scalable = 0'], '2'],
  ['any case', 0.5, ['INITIAL-SCALE=0.5,MAXIMUM-SCALE=0.5'], '2'],
  ['a responsive page', 1, ['width=device-width, initial-scale=1'], ''],
  ['a desktop design scaled down, zoomable', 0.3, ['width=1200, initial-scale=0.3'], ''],
  ['scaled down, zoomable up to 1', 0.5, ['initial-scale=0.5, maximum-scale=1'], ''],
  ['a scale of 0 (invalid)', 1, ['initial-scale=0, user-scalable=no'], ''],
  ['no viewport <meta>', 1, [], ''],
  ['the last <meta> is the one applied', 1, ['initial-scale=0.5, user-scalable=no', 'width=device-width, initial-scale=1'], ''],
  // Regression: a desktop browser ignores the <meta>: lib-flexible's H5 page opened on a PC showed the banner twice as large.
  ['regression: lib-flexible in a desktop browser, which ignores the <meta>', 1, ['initial-scale=0.5, maximum-scale=0.5, user-scalable=no'], ''],
  ['a minimum-scale=1 beside it: the page stays at 1', 1, ['initial-scale=0.5, minimum-scale=1, user-scalable=no'], ''],
  ['no visual viewport to read (an old browser)', undefined, ['initial-scale=0.5, maximum-scale=0.5, user-scalable=no'], ''],
])('%s', (_, scale, metas, zoom) => {
  expect(zoomFor(scale, ...metas)).toBe(zoom);
});
