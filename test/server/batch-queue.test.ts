// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createBatchQueue } from '../../src/server/batch-queue.js';

/** One turn of the event loop: what the queue waits before it cuts a batch. */
const turn = () => new Promise(resolve => setImmediate(resolve));

/** A write that records its batches and finishes each when told to. */
function recorder() {
  const batches: number[][] = [];
  const pending: Array<() => void> = [];
  const write = (items: number[]) => {
    batches.push(items);
    return new Promise<string[]>(resolve => pending.push(() => resolve(items.map(n => `stored ${n}`))));
  };
  const finish = async () => {
    pending.shift()?.();
    await turn();
    await turn();
  };
  return { batches, write, finish };
}

describe('createBatchQueue (group commit)', () => {
  it('writes what arrives in one turn together, and what arrives during a write in the next batch, each caller answered by its own result', async () => {
    const { batches, write, finish } = recorder();
    const add = createBatchQueue(write, { maxBatch: 3, parallel: 1 });
    const results = [add(1), add(2)];
    await turn();
    expect(batches).toEqual([[1, 2]]);
    results.push(add(3), add(4), add(5), add(6));
    await finish();
    expect(batches).toEqual([[1, 2], [3, 4, 5]]);
    await finish();
    await finish();
    expect(batches).toEqual([[1, 2], [3, 4, 5], [6]]);
    expect(await Promise.all(results)).toEqual(['stored 1', 'stored 2', 'stored 3', 'stored 4', 'stored 5', 'stored 6']);
  });

  it('keeps `parallel` batches in flight', async () => {
    const { batches, write, finish } = recorder();
    const add = createBatchQueue(write, { maxBatch: 10, parallel: 2 });
    const results = [add(1)];
    await turn();
    results.push(add(2));
    await turn();
    results.push(add(3));
    await turn();
    expect(batches).toEqual([[1], [2]]);
    await finish();
    expect(batches).toEqual([[1], [2], [3]]);
    await finish();
    await finish();
    await Promise.all(results);
  });

  it('refuses one item its write answered with an Error, and answers the others', async () => {
    const add = createBatchQueue(async (items: number[]) => items.map(n => (n === 2 ? new Error('refused') : n)), { maxBatch: 10, parallel: 1 });
    const results = await Promise.allSettled([add(1), add(2), add(3)]);
    expect(results.map(result => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  // Load probe: with the database frozen (SIGSTOP) the collector held 15,000 requests for 20 s and more, and its
  // memory grew from 85 to 530 MB; it answered 503 to a few.
  it('regression: a store that hangs gets no more than maxWaiting items, each refused after maxWaitMs', async () => {
    const hung: Array<() => void> = [];
    const add = createBatchQueue(
      (items: number[]) => new Promise<number[]>(resolve => hung.push(() => resolve(items))),
      { maxBatch: 2, parallel: 1, maxWaiting: 3, maxWaitMs: 50, overloaded: () => new Error('overloaded') },
    );
    const inFlight = [add(1), add(2)];
    await turn();
    expect(hung).toHaveLength(1);
    const queued = [add(3), add(4), add(5)];
    await expect(add(6)).rejects.toThrow('overloaded');
    for (const item of queued) await expect(item).rejects.toThrow('overloaded');
    // What reached the store is answered by it, however late.
    hung.shift()!();
    expect(await Promise.all(inFlight)).toEqual([1, 2]);
    const after = add(7);
    await turn();
    hung.shift()!();
    await expect(after).resolves.toBe(7);
  });

  it('rejects every item of a batch that failed, and goes on with the next', async () => {
    let calls = 0;
    const add = createBatchQueue(async (items: number[]) => {
      if (calls++ === 0) throw new Error('store down');
      return items.map(n => n * 10);
    }, { maxBatch: 10, parallel: 1 });
    const first = expect(add(1)).rejects.toThrow('store down');
    await turn();
    const second = add(2);
    await first;
    await expect(second).resolves.toBe(20);
  });
});
