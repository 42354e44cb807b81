import { has, only } from './natives.js';

type Handler<T> = (detail: T) => void;

export interface Emitter<Events> {
  on<K extends keyof Events>(event: K, fn: Handler<Events[K]>): () => void;
  emit<K extends keyof Events>(event: K, detail: Events[K]): void;
  /** Whether anyone listens to `event`. */
  has(event: keyof Events): boolean;
  clear(): void;
}

/**
 * A mitt-sized typed emitter whose `on` returns its unsubscribe. A listener that throws is reported through
 * `report` and never stops the other listeners or reaches the caller (SPEC §9: nothing throws into the page).
 */
export function createEmitter<Events>(report: (error: unknown, event: keyof Events) => void): Emitter<Events> {
  // Lists in an object without a prototype, read with index loops and replaced, never changed, as listeners come and
  // go: no `Map`, `Set` or array method of the page's (SPEC §9). A page's `Map.prototype.get` answering nothing, or
  // its set iterator yielding nothing, told a withdrawal to none of the SDK's own listeners: no reload, no vendor
  // cookie cleared, no Consent Mode update, while the trackers that had run kept running.
  let handlers: Record<string, Handler<never>[]> = Object.create(null);
  return {
    on(event, fn) {
      if (typeof fn !== 'function') return () => {};
      const key = event as string;
      // One listener once, as `addEventListener` has it.
      if (!has(handlers[key], fn)) {
        const list = only(handlers[key] ?? [], () => true);
        list[list.length] = fn as Handler<never>;
        handlers[key] = list;
      }
      return () => void (handlers[key] = only(handlers[key] ?? [], other => other !== fn));
    },
    emit(event, detail) {
      // As they were when it was told: a listener that removes itself or adds one changes the next emit's list.
      const fns = handlers[event as string] ?? [];
      for (let i = 0; i < fns.length; i++) {
        try {
          (fns[i] as Handler<typeof detail>)(detail);
        } catch (error) {
          report(error, event);
        }
      }
    },
    has: event => !!handlers[event as string]?.length,
    clear: () => void (handlers = Object.create(null)),
  };
}
