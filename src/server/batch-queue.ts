/**
 * Group commit: items that arrive while the store is busy, or in the same turn of the event loop, go together in
 * one batch, one statement and one commit for all of them, and each caller's promise settles with that commit. No
 * timer: a lone item waits one turn of the event loop (setImmediate), so batching costs latency only when it saves
 * work. `parallel` batches may be in flight.
 * `write` answers each item with its result, or with an Error for an item refused on its own; when it throws,
 * every item of the batch is refused.
 */
export function createBatchQueue<T, R>(
  write: (items: T[]) => Promise<Array<R | Error>>,
  options: { maxBatch: number; parallel: number },
): (item: T) => Promise<R> {
  const waiting: Array<{ item: T; resolve(result: R): void; reject(error: unknown): void }> = [];
  let active = 0;
  let scheduled = 0;

  async function drain(): Promise<void> {
    active++;
    try {
      while (waiting.length) {
        const batch = waiting.splice(0, options.maxBatch);
        try {
          const results = await write(batch.map(entry => entry.item));
          batch.forEach((entry, i) => {
            const result = results[i];
            if (result instanceof Error) entry.reject(result);
            else entry.resolve(result as R);
          });
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      active--;
    }
  }

  return item =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      // Requests parsed in this turn of the event loop join the batch before it is cut.
      if (active + scheduled < options.parallel) {
        scheduled++;
        setImmediate(() => {
          scheduled--;
          void drain();
        });
      }
    });
}
