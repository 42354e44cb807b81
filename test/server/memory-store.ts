import { contentHash } from '../../src/server/content-hash.js';
import { ReceiptConflictError, StoreUnavailableError, type LoggedReceipt, type ReceiptStore } from '../../src/server/index.js';

/** A store in memory for the handler's unit tests; `down = true` makes it fail as an unreachable database does. */
export function memoryStore() {
  const rows: LoggedReceipt[] = [];
  const ids = new Map<string, { receivedAt: Date; hash: string }>();
  const state = { down: false, delay: 0 };
  const check = () => {
    if (state.down) throw new StoreUnavailableError('the consent log store (memory) is unavailable: down');
  };
  const store: ReceiptStore = {
    description: 'memory',
    async add(entry) {
      if (state.delay) await new Promise(resolve => setTimeout(resolve, state.delay));
      check();
      const id = entry.receipt.id;
      const hash = contentHash(entry.receipt);
      const before = id === undefined ? undefined : ids.get(id);
      if (before && before.hash !== hash) throw new ReceiptConflictError(before.receivedAt);
      if (before) return { stored: false, receivedAt: before.receivedAt };
      if (id) ids.set(id, { receivedAt: entry.receivedAt, hash });
      rows.push(entry);
      return { stored: true, receivedAt: entry.receivedAt };
    },
    async history(consentId) {
      check();
      return rows.filter(row => row.receipt.consentId === consentId);
    },
    async *scan() {
      check();
      yield* rows;
    },
    async stats() {
      throw new Error('not in memory');
    },
    async partitions() {
      return [];
    },
    async purge() {
      return [];
    },
    async ping() {
      check();
    },
    async close() {},
  };
  return { store, rows, state };
}
