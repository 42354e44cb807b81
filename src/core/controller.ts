import { visitorsGesture } from './gesture.js';
import { createReader, type ConsentCore, type ConsentDeps } from './reader.js';
import type { sendReceipt } from './receipt.js';
import type { AnyLoad, ConsentGate, ResolvedConfig, SaveInput, VisitorEvent } from './types.js';
import { VERSION } from './version.js';
import { unstoredWarning } from './cookie-storage.js';
import { encodeRecord } from './record.js';
import { createWriter, type WriterDeps } from './writer.js';
import type { ConsentReceipts } from '../receipts/index.js';
import { stringify } from './json.js';

export type { ConsentCore, ConsentDeps } from './reader.js';

/**
 * The whole core at once, as the npm entries use it: the reader with its writer attached, so decisions apply
 * synchronously (their promises are already settled when they return); receipts where they were passed (`send`
 * posts one: tests).
 */
export function createConsent(
  config: ResolvedConfig,
  deps: ConsentDeps & Pick<WriterDeps, 'storage'> & { receipts?: ConsentReceipts; send?: typeof sendReceipt },
): ConsentCore {
  const core = createReader(config, deps);
  const { receipts, send } = deps;
  core.attach(ledger =>
    createWriter(ledger, { encode: encodeRecord, storage: deps.storage, startReceipts: receipts && (l => receipts.start(l, send)), unstored: () => unstoredWarning(config.cookie) }),
  );
  return core;
}

/** What the entries add to the core's functions: `load` from the gate, `push`, and a `destroy` that stops them all. */
export interface PublicParts {
  load: AnyLoad;
  destroy(): void;
}

/** `api`, unless `event` is the visitor's gesture being dispatched now. */
const by = (event?: VisitorEvent) => (visitorsGesture(event) ? undefined : ('api' as const));

/**
 * The public controller (SPEC §7.2): exactly the contract names, frozen, every function working unbound. The UI and
 * the gate are handed the core itself; nothing here lets a page script reach an internal (a `decide()` that stores
 * whatever action it is given, a `report()` that fakes `error` events).
 */
export function publicController(core: ConsentCore, parts: PublicParts): ConsentGate {
  let destroyed = false;
  const gate: ConsentGate = Object.freeze({
    version: VERSION,
    config: core.config,
    get: core.get,
    granted: core.granted,
    // A decision made here comes from the page's code, and is recorded as `api` (SPEC §4): the SDK's own UI calls the
    // core, so the record and the receipt tell its buttons apart from a script's call. A custom UI's button passes the
    // visitor's click being dispatched (`visitorsGesture`): recorded as the SDK's own buttons record it.
    acceptAll: (event?: VisitorEvent) => core.acceptAll(by(event)),
    rejectAll: (event?: VisitorEvent) => core.rejectAll(by(event)),
    save: (choices: SaveInput, event?: VisitorEvent) => core.save(choices, by(event)),
    show: (view?: Parameters<ConsentGate['show']>[0]) => core.show(view),
    hide: core.hide,
    setAge: core.setAge,
    setYouthMode: core.setYouthMode,
    request: core.request,
    load: parts.load,
    whenGranted: core.whenGranted,
    on: core.on,
    reset: () => core.reset(),
    destroy() {
      destroyed = true;
      parts.destroy();
    },
    push(fn: (gate: ConsentGate) => void) {
      if (destroyed) return; // inert, like every other function after destroy()
      // The page's own bug: shown to its developer, never thrown into the page, an async function's rejection included
      // (it was the page's unhandled rejection).
      const threw = (error: unknown) => {
        console.error('consent-gate: a queued function threw', error);
        core.report('queue', 'a queued function threw', { error });
      };
      try {
        if (typeof fn != 'function') throw new TypeError(`ConsentGate.push() takes a function, got ${typeof fn == 'string' ? stringify(fn) : typeof fn}`);
        const result: unknown = fn(gate);
        if (result instanceof Promise) result.catch(threw);
      } catch (error) {
        threw(error);
      }
    },
  });
  return gate;
}
