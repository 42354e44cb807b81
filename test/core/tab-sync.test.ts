import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTabSync } from '../../src/core/tab-sync.js';

/** A BroadcastChannel that records what is made and posted. */
function fakeChannels() {
  const made: string[] = [];
  const posted: unknown[] = [];
  class Channel {
    onmessage: ((event: MessageEvent) => void) | null = null;
    constructor(name: string) {
      made.push(name);
    }
    postMessage(value: unknown) {
      posted.push(value);
    }
    close() {}
  }
  vi.stubGlobal('BroadcastChannel', Channel);
  return { made, posted };
}

// Bench profile of a returning visit (SPEC §10, no long task of its own): opening the channel cost 3–4 ms at 4× CPU
// inside the boot's task.
describe('tab sync (SPEC §7.4)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it.each([
    ['nothing told', [], 1, []],
    ['a decision told before the task', ['v=2&a'], 1, ['v=2&a']],
  ] as const)('opens its channel after the boot\'s task, or at once for a decision told before (%s)', (_name, told, opened, posted) => {
    vi.useFakeTimers();
    const channels = fakeChannels();
    const sync = createTabSync('consent-gate:cg_consent', () => {});
    // None inside the task that created it.
    expect(channels.made).toEqual([]);
    told.forEach(value => sync.notify(value));
    expect(channels.made).toHaveLength(told.length);
    vi.runAllTimers();
    expect(channels.made).toHaveLength(opened);
    expect(channels.posted).toEqual(posted);
    sync.stop();
  });

  it('stopped before the task: no channel is ever opened, and nothing is posted', () => {
    vi.useFakeTimers();
    const channels = fakeChannels();
    const sync = createTabSync('consent-gate:cg_consent', () => {});
    sync.stop();
    vi.runAllTimers();
    sync.notify('v=2&a');
    expect([channels.made, channels.posted]).toEqual([[], []]);
  });

  it('a message from another tab reaches the page once the channel is open', () => {
    vi.useFakeTimers();
    fakeChannels();
    const heard: Array<string | undefined> = [];
    const made: Array<{ onmessage: ((event: MessageEvent) => void) | null }> = [];
    const Base = globalThis.BroadcastChannel as unknown as new (name: string) => { onmessage: ((event: MessageEvent) => void) | null };
    vi.stubGlobal('BroadcastChannel', class extends Base {
      constructor(name: string) {
        super(name);
        made.push(this);
      }
    });
    const sync = createTabSync('consent-gate:cg_consent', value => heard.push(value));
    expect(made).toEqual([]);
    vi.runAllTimers();
    made[0]!.onmessage!({ data: 'v=2&b' } as MessageEvent);
    made[0]!.onmessage!({ data: { not: 'a string' } } as MessageEvent);
    expect(heard).toEqual(['v=2&b', undefined]);
    sync.stop();
  });
});
