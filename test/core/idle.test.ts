// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { whenIdle } from '../../src/core/idle.js';

// src/core/idle.ts: work moved out of the accept click's frame (SPEC §10) runs once, and never inside the caller, however
// the page's requestIdleCallback behaves (the page is not trusted, SPEC §9).
describe('whenIdle', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  type Idle = (callback: () => void, options: { timeout: number }) => void;
  const table: Array<[string, Idle | undefined, number, number]> = [
    // name, the page's requestIdleCallback, ms advanced before it must have run, runs after 1 s
    ['none: the timer runs it', undefined, 300, 1],
    ['one that throws: the timer', () => { throw new Error('broken polyfill'); }, 300, 1],
    ['one that never calls back: the timer', () => {}, 300, 1],
    ['a browser one, idle at 20 ms', (callback, { timeout }) => void setTimeout(callback, Math.min(20, timeout)), 20, 1],
    ['one that calls back twice: once', (callback) => { setTimeout(callback, 10); setTimeout(callback, 20); }, 10, 1],
    ['one that calls back at once: in a task of its own', callback => callback(), 1, 1],
  ];

  it.each(table)('%s', (_name, idle, by, runs) => {
    vi.useFakeTimers();
    vi.stubGlobal('requestIdleCallback', idle);
    let ran = 0;
    whenIdle(() => ran++);
    // Never inside the caller.
    expect(ran).toBe(0);
    vi.advanceTimersByTime(by);
    expect(ran).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(ran).toBe(runs);
  });

  // Found by a sweep of built-ins a page replaces after the SDK started: the gate's idle clean-up of storage keys threw
  // into the page (an uncaught error in a timer) with the page's `Array.prototype.filter` throwing.
  it('regression: work that throws stays here, run once, and throws nothing into the page', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestIdleCallback', undefined);
    let ran = 0;
    whenIdle(() => {
      ran++;
      throw new Error('shim');
    });
    expect(() => vi.advanceTimersByTime(1000)).not.toThrow();
    expect(ran).toBe(1);
  });

  // The script tag asks for its later files this way, within 2 s: where there is no requestIdleCallback (Safari) or it
  // throws, they still come soon after the page's load, as with the copy it had before.
  it.each([
    ['none', undefined],
    ['one that throws', () => { throw new Error('broken polyfill'); }],
  ] as Array<[string, Idle | undefined]>)('%s: the timer runs it at 50 ms, however long `within` is', (_name, idle) => {
    vi.useFakeTimers();
    vi.stubGlobal('requestIdleCallback', idle);
    let ran = 0;
    whenIdle(() => ran++, 2000);
    vi.advanceTimersByTime(49);
    expect(ran).toBe(0);
    vi.advanceTimersByTime(1);
    expect(ran).toBe(1);
  });
});
