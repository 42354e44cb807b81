import { describe, expect, it } from 'vitest';
import { visitorsGesture } from '../../src/core/gesture.js';

// Only a browser makes trusted events: the visitor's own clicks are in e2e/api.spec.ts ("a custom UI's button …").
// Here, everything a script can make or pass, none of which is the visitor's.
describe('visitorsGesture: what a page passes as the visitor’s click', () => {
  it.each([
    ['nothing', undefined],
    ['a plain object claiming to be a trusted click', { isTrusted: true, type: 'click', eventPhase: 2 }],
    ['an object inheriting from Event.prototype', Object.create(Event.prototype, { isTrusted: { value: true } })],
    ['a string', 'click'],
  ])('%s is not', (_, value) => {
    expect(visitorsGesture(value)).toBe(false);
  });

  it.each([
    ['React\'s event around a plain object claiming to be a trusted click', { nativeEvent: { isTrusted: true, type: 'click', eventPhase: 2 }, isTrusted: true, type: 'click' }],
    ['React\'s event around nothing', { nativeEvent: undefined, isTrusted: true, type: 'click' }],
    ['an object whose nativeEvent getter throws', Object.defineProperty({}, 'nativeEvent', { get: () => { throw new Error('no'); } })],
  ])('%s is not', (_, value) => {
    expect(visitorsGesture(value)).toBe(false);
  });

  it('a click a script made and dispatched (isTrusted false) is not, during its dispatch or after', () => {
    const button = document.body.appendChild(document.createElement('button'));
    const seen: boolean[] = [];
    let kept: Event | undefined;
    button.addEventListener('click', event => {
      seen.push(visitorsGesture(event));
      kept = event;
    });
    button.click();
    button.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect([seen, visitorsGesture(kept)]).toEqual([[false, false], false]);
    button.remove();
  });
});
