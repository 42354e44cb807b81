import { afterEach, describe, expect, it } from 'vitest';
import { createEmitter } from '../../src/core/emitter.js';

/*
 * src/core/emitter.ts: nothing an event's telling meets reaches the code that emitted it (SPEC §9), neither a listener
 * that throws nor a built-in the page replaced after the SDK started. Regression: with the page's `Map.prototype.get` or
 * array iterator throwing, each event the SDK told (`change` after a click, `error`) threw into the page.
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

  function answering<T extends object>(owner: T, key: PropertyKey, value: unknown) {
    const own = Object.getOwnPropertyDescriptor(owner, key)!;
    Object.defineProperty(owner, key, { configurable: true, writable: true, value });
    restores.push(() => Object.defineProperty(owner, key, own));
  }

  // The built-in broken after the SDK started. With `Map.prototype.get` throwing or answering nothing, or the set
  // iterator throwing or yielding nothing, a withdrawal was told to none of the SDK's own listeners (no reload, no vendor
  // cookie cleared, no Consent Mode update). The emitter asks none of them now (nor the array methods and iterator of
  // the rest of the table): every listener is told, nothing is thrown or reported.
  it.each<[string, () => void]>([
    ['Map.prototype.get throwing', () => replace(Map.prototype, 'get')],
    ['Map.prototype.get answering nothing', () => answering(Map.prototype, 'get', () => undefined)],
    ['the set iterator throwing', () => replace(Set.prototype, Symbol.iterator)],
    ['the set iterator yielding nothing', () => answering(Set.prototype, Symbol.iterator, function* () {})],
    ['the array iterator throwing', () => replace(Array.prototype, Symbol.iterator)],
    ['Array.prototype.filter answering nothing', () => answering(Array.prototype, 'filter', () => [])],
    ['Array.prototype.includes answering true', () => answering(Array.prototype, 'includes', () => true)],
  ])('%s after the SDK started: every listener is told, and nothing thrown', (_, broken) => {
    const reported: string[] = [];
    const told: string[] = [];
    const events = createEmitter<{ change: number }>((error, event) => reported.push(`${event}: ${error}`));
    events.on('change', () => told.push('first'));
    broken();
    let thrown: unknown;
    try {
      const off = events.on('change', () => told.push('second'));
      events.emit('change', 1);
      off();
      events.emit('change', 2);
    } catch (error) {
      thrown = error;
    }
    restores.splice(0).forEach(restore => restore());
    expect([thrown, reported, told, events.has('change')]).toEqual([undefined, [], ['first', 'second', 'first'], true]);
  });

  it('a listener is told once however often it is added; one removed is told no more, and the others are', () => {
    const told: string[] = [];
    const events = createEmitter<{ change: number }>(() => {});
    const a = () => told.push('a');
    const offA = events.on('change', a);
    events.on('change', a);
    const offB = events.on('change', () => told.push('b'));
    events.emit('change', 1);
    offA();
    events.emit('change', 2);
    offB();
    expect([told, events.has('change')]).toEqual([['a', 'b', 'b'], false]);
  });

  it('a listener that removes itself does not keep the next one from being told; one added while telling hears the next event', () => {
    const told: string[] = [];
    const events = createEmitter<{ change: number }>(() => {});
    const off = events.on('change', n => (told.push(`once ${n}`), off()));
    events.on('change', n => (told.push(`next ${n}`), n == 1 && events.on('change', m => told.push(`late ${m}`))));
    events.emit('change', 1);
    events.emit('change', 2);
    expect(told).toEqual(['once 1', 'next 1', 'next 2', 'late 2']);
  });

  it('clear() leaves nobody listening', () => {
    const told: number[] = [];
    const events = createEmitter<{ change: number }>(() => {});
    events.on('change', n => told.push(n));
    events.clear();
    events.emit('change', 1);
    expect([told, events.has('change')]).toEqual([[], false]);
  });
});
