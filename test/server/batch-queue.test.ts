// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createBatchQueue } from '../../src/server/batch-queue.js';

/** A write that records its batches and finishes when told to. */
function recorder() {
  const batches: number[][] = [];
  const pending: Array<() => void> = [];
  const write = (items: number[]) => {
    batches.push(items);
    return new Promise<string[]>(resolve => pending.push(() => resolve(items.map(n => `stored ${n}`))));
  };
  const finish = async () => {
    await new Promise(resolve => setTimeout(resolve, 0));
    pending.shift()?.();
    await new Promise(resolve => setTimeout(resolve, 0));
  };
  return { batches, write, finish };
}

describe('createBatchQueue (group commit)', () => {
  it('writes a lone item at once, and what arrives meanwhile together next, each caller answered by its own result', async () => {
    const { batches, write, finish } = recorder();
    const add = createBatchQueue(write, { maxBatch: 3, parallel: 1 });
    const results = [1, 2, 3, 4, 5].map(n => add(n));
    await finish();
    await finish();
    await finish();
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
    expect(await Promise.all(results)).toEqual(['stored 1', 'stored 2', 'stored 3', 'stored 4', 'stored 5']);
  });

  it('keeps `parallel` batches in flight', async () => {
    const { batches, write, finish } = recorder();
    const add = createBatchQueue(write, { maxBatch: 10, parallel: 2 });
    const results = [1, 2, 3].map(n => add(n));
    expect(batches).toEqual([[1], [2]]);
    await finish();
    await finish();
    await finish();
    expect(batches).toEqual([[1], [2], [3]]);
    await Promise.all(results);
  });

  it('refuses one item its write answered with an Error, and answers the others', async () => {
    const add = createBatchQueue(async (items: number[]) => items.map(n => (n === 2 ? new Error('refused') : n)), { maxBatch: 10, parallel: 1 });
    const results = await Promise.allSettled([add(1), add(2), add(3)]);
    expect(results.map(result => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('rejects every item of a batch that failed, and goes on with the next', async () => {
    let calls = 0;
    const add = createBatchQueue(async (items: number[]) => {
      if (calls++ === 0) throw new Error('store down');
      return items.map(n => n * 10);
    }, { maxBatch: 10, parallel: 1 });
    const first = add(1);
    const second = add(2);
    await expect(first).rejects.toThrow('store down');
    await expect(second).resolves.toBe(20);
  });
});
