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
  const handlers = new Map<keyof Events, Set<Handler<never>>>();
  return {
    on(event, fn) {
      if (typeof fn !== 'function') return () => {};
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      set.add(fn as Handler<never>);
      return () => void set.delete(fn as Handler<never>);
    },
    emit(event, detail) {
      let fns: Handler<never>[];
      try {
        // A copy: a listener that removes itself is not skipped past the next one.
        fns = [...(handlers.get(event) ?? [])];
      } catch (error) {
        // A page's `Map.prototype.get` or array iterator replaced after the SDK started: told to no listener, thrown
        // into no caller (SPEC §9).
        return report(error, event);
      }
      for (let i = 0; i < fns.length; i++) {
        try {
          (fns[i] as Handler<typeof detail>)(detail);
        } catch (error) {
          report(error, event);
        }
      }
    },
    has(event) {
      try {
        return !!handlers.get(event)?.size;
      } catch {
        // A page's `Map.prototype.get` replaced after the SDK started: what waits for a listener keeps waiting.
        return false;
      }
    },
    clear: () => handlers.clear(),
  };
}
