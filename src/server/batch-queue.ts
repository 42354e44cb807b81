/**
 * Group commit: items that arrive while the store is busy, or in the same turn of the event loop, go together in
 * one batch, one statement and one commit for all of them, and each caller's promise settles with that commit. No
 * timer: a lone item waits one turn of the event loop (setImmediate), so batching costs latency only when it saves
 * work. `parallel` batches may be in flight.
 * `write` answers each item with its result, or with an Error for an item refused on its own; when it throws,
 * every item of the batch is refused.
 * A store that hangs (a frozen database, a lost network) would otherwise keep every item that arrives meanwhile: the
 * queue holds at most `maxWaiting` items, each for at most `maxWaitMs`, and refuses the others with `overloaded()`
 * at once (the collector answers 503, and the SDK's outbox sends the receipt again).
 */
export function createBatchQueue<T, R>(
  write: (items: T[]) => Promise<Array<R | Error>>,
  options: { maxBatch: number; parallel: number; maxWaiting?: number; maxWaitMs?: number; overloaded?: () => Error },
): (item: T) => Promise<R> {
  const { maxWaiting = Infinity, maxWaitMs, overloaded = () => new Error('the queue is full') } = options;
  const waiting: Array<{ item: T; resolve(result: R): void; reject(error: unknown): void; timer?: ReturnType<typeof setTimeout> }> = [];
  let active = 0;
  let scheduled = 0;

  async function drain(): Promise<void> {
    active++;
    try {
      while (waiting.length) {
        const batch = waiting.splice(0, options.maxBatch);
        for (const entry of batch) clearTimeout(entry.timer);
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
      if (waiting.length >= maxWaiting) return reject(overloaded());
      const entry: (typeof waiting)[number] = { item, resolve, reject };
      if (maxWaitMs !== undefined) {
        entry.timer = setTimeout(() => {
          const at = waiting.indexOf(entry);
          if (at < 0) return;
          waiting.splice(at, 1);
          reject(overloaded());
        }, maxWaitMs);
        // A collector that stops is not kept alive by receipts it will refuse anyway.
        entry.timer.unref?.();
      }
      waiting.push(entry);
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
