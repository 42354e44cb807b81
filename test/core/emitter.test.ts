import { afterEach, describe, expect, it } from 'vitest';
import { createEmitter } from '../../src/core/emitter.js';

/*
 * src/core/emitter.ts: nothing an event's telling meets reaches the code that emitted it (SPEC §9), neither a listener
 * that throws nor a built-in the page replaced after the SDK started. Found by a sweep of such built-ins: with the page's
 * `Map.prototype.get` or array iterator throwing, each event the SDK told (`change` after a click, `error`) threw into
 * the page.
 */
describe('the emitter and the page', () => {
  const restores: Array<() => void> = [];
  afterEach(() => restores.splice(0).forEach(restore => restore()));
  function replace<T extends object>(owner: T, key: PropertyKey) {
    const own = Object.getOwnPropertyDescriptor(owner, key)!;
    Object.defineProperty(owner, key, { configurable: true, writable: true, value: () => { throw new Error('shim'); } });
    restores.push(() => Object.defineProperty(owner, key, own));
  }

  it('a listener that throws is reported, and the next one is told', () => {
    const reported: string[] = [];
    const told: number[] = [];
    const events = createEmitter<{ change: number }>((error, event) => reported.push(`${event}: ${error}`));
    events.on('change', () => { throw new Error('page'); });
    events.on('change', n => told.push(n));
    events.emit('change', 1);
    expect([reported, told]).toEqual([['change: Error: page'], [1]]);
  });

  // name, the built-in broken, what is reported, how many listeners are told
  it.each<[string, () => void, string[], number]>([
    ['Map.prototype.get throwing', () => replace(Map.prototype, 'get'), ['change: Error: shim'], 0],
    ['the set iterator throwing', () => replace(Set.prototype, Symbol.iterator), ['change: Error: shim'], 0],
    // The listeners' copy is read by index: told as ever.
    ['the array iterator throwing', () => replace(Array.prototype, Symbol.iterator), [], 1],
  ])('regression: %s after the SDK started: emit() throws nothing, and says what failed', (_, broken, said, listeners) => {
    const reported: string[] = [];
    let told = 0;
    const events = createEmitter<{ change: number }>((error, event) => reported.push(`${event}: ${error}`));
    events.on('change', () => told++);
    broken();
    let thrown: unknown;
    try {
      events.emit('change', 1);
    } catch (error) {
      thrown = error;
    }
    restores.splice(0).forEach(restore => restore());
    expect([thrown, reported, told]).toEqual([undefined, said, listeners]);
  });
});
