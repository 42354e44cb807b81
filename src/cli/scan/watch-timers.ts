import type { BrowserContext, Page } from 'playwright-core';

const KEY = '__consentGateScanTimers';

/**
 * Timers a step waits for: a page that starts its tracker on a timer after `load` (3 s is common, to keep it out of
 * the page's own start) read clean when the network went quiet before the timer came due. A timer set for up to this
 * long is waited for until it fired and the network went quiet again, within the step's limit.
 */
export const TIMER_MS = 10_000;

/** Longer timers are only noted when still pending at the end of a step, up to `--grace`'s own maximum. */
const NOTED_MS = 60_000;

/** How long a frame is given to list its timers. */
const ANSWER_MS = 2000;

/** A timer of the page not fired yet, as a frame reports it. */
export interface PendingTimer {
  /** The delay it was set with. */
  delayMs: number;
  /** How long until it is due (negative: due, its task not run yet). */
  dueInMs: number;
  /** The script that set it, from the stack (`''` when none is known: an inline handler, `eval`). */
  by: string;
  /**
   * An interval after its first tick, or a timeout set again from its own callback, the same callback with its own
   * delay: not waited for (it goes on as long as the page lives), only said when a step ends with it still running.
   */
  repeating?: true;
}

/**
 * Runs in every frame before the page's scripts: keeps the timers set with a delay up to `notedMs` that have not fired
 * nor been cleared, and answers them through `window[key]()`. Timers behave exactly as without it (same ids, handlers,
 * arguments, `this`, errors). Not waited for: an interval's ticks after its first, and a timeout a timer's callback sets
 * again, with the same callback (or one of the same source: a closure made anew each time) and that timer's delay — a
 * countdown, a poll loop, which re-arm for as long as the page lives and would hold every step to its limit; what they
 * start is still seen while the step watches, and those still running are answered as `repeating`, for a note (a
 * tracker on an interval's fourth tick read clean, and nothing said so). A chain of different callbacks of one delay
 * (`setTimeout(() => setTimeout(() => pixel(), 2500), 2500)`) is no loop: each is waited for (it read clean, said as a
 * poll loop).
 */
export function installTimerHooks({ key, notedMs }: { key: string; notedMs: number }) {
  const win = window as unknown as Record<string, unknown> & typeof globalThis;
  const { setTimeout: setTimer, setInterval: setRepeating, clearTimeout: clearTimer, clearInterval: clearRepeating } = win;
  const kept = new Map<unknown, { due: number; delayMs: number; by: string; text: boolean }>();
  /** Intervals and re-armed timeouts, until cleared (a timeout: until it ran without setting itself again). */
  const repeats = new Map<unknown, { due: number; delayMs: number; by: string }>();
  /** The timer whose callback runs now: its delay, and its callback. */
  let running: { delayMs: number; handler: unknown } | undefined;
  // Taken before the page's scripts run: a page's own `Function.prototype.toString` answers what it likes.
  const toSource = Function.prototype.toString;
  const sourceOf = (handler: unknown) => {
    try {
      return typeof handler == 'function' ? toSource.call(handler) : String(handler);
    } catch {
      return '';
    }
  };
  const caller = () => {
    try {
      // [0] the message, [1] this function, [2] the hook, [3] whoever set the timer.
      const line = String(new Error().stack).split('\n')[3] ?? '';
      return /((?:https?|file):\/\/[^\s)]+?)(?::\d+){0,2}\)?\s*$/.exec(line)?.[1] ?? '';
    } catch {
      return '';
    }
  };
  const hook = (native: typeof setTimeout, repeating: boolean) =>
    function (this: unknown, handler: TimerHandler, delay?: number, ...args: unknown[]) {
      // As the browser reads it (WebIDL `long`: modulo 2³², signed): 2³² + 3000 is a timer of 3 s, not one never due.
      const delayMs = Math.max(0, Number(delay) | 0);
      // The sources compared only for a timer of the running one's delay: not on every timer the page sets.
      const again = running?.delayMs === delayMs && (running.handler === handler || sourceOf(running.handler) === sourceOf(handler));
      const keep = delayMs <= notedMs && !(again && !repeating);
      let id: unknown;
      const run =
        typeof handler == 'function'
          ? function (this: unknown, ...given: unknown[]) {
              kept.delete(id);
              if (!repeating) repeats.delete(id);
              const outer = running;
              running = { delayMs, handler };
              try {
                return (handler as (...values: unknown[]) => unknown).apply(this, given);
              } finally {
                running = outer;
              }
            }
          : handler;
      id = (native as (...values: unknown[]) => unknown).apply(this, [run, delay, ...args]);
      const by = delayMs <= notedMs ? caller() : '';
      if (keep) kept.set(id, { due: performance.now() + delayMs, delayMs, by, text: typeof handler != 'function' });
      if (delayMs <= notedMs && (repeating || !keep)) repeats.set(id, { due: performance.now() + delayMs, delayMs, by });
      return id;
    };
  const forget = (native: (id?: number) => void) =>
    function (this: unknown, id?: number) {
      kept.delete(id);
      repeats.delete(id);
      return native.call(this as typeof globalThis, id as number);
    };
  try {
    win.setTimeout = hook(setTimer as typeof setTimeout, false) as typeof setTimeout;
    win.setInterval = hook(setRepeating as typeof setTimeout, true) as typeof setInterval;
    // Timeouts and intervals share their ids (HTML, "timer initialisation steps"): either clear forgets either.
    win.clearTimeout = forget(clearTimer) as typeof clearTimeout;
    win.clearInterval = forget(clearRepeating) as typeof clearInterval;
    // Delays set otherwise: a task posted with a delay (`scheduler.postTask`) and a signal that aborts after one
    // (`AbortSignal.timeout`), kept like a timer given as a string, until due (a tracker started from either read
    // clean). What they return is the original's.
    const delayed = (delay: unknown, by: string) => {
      const delayMs = Math.max(0, Number(delay) | 0);
      if (delayMs && delayMs <= notedMs) kept.set({}, { due: performance.now() + delayMs, delayMs, by, text: true });
    };
    const scheduler = win.scheduler as { postTask?: (...args: unknown[]) => unknown } | undefined;
    const post = scheduler?.postTask;
    if (typeof post == 'function') {
      scheduler!.postTask = function (this: unknown, ...args: unknown[]) {
        delayed((args[1] as { delay?: unknown } | undefined)?.delay, caller());
        return post.apply(this, args);
      };
    }
    // A signal only once the page listens to its abort: one handed to `fetch` as its time limit (the common use) starts
    // nothing, and waiting for it held ordinary pages for their fetch timeouts.
    const abortAfter = win.AbortSignal?.timeout;
    // The EventTarget the signals inherit from (the window's, in a browser).
    const target = win.AbortSignal && (Object.getPrototypeOf(win.AbortSignal.prototype) as EventTarget);
    const listen = target?.addEventListener;
    if (typeof abortAfter == 'function' && typeof listen == 'function') {
      const armed = new WeakMap<object, () => void>();
      win.AbortSignal.timeout = function (this: unknown, delay: number) {
        const signal = abortAfter.call(this as typeof AbortSignal, delay);
        const by = caller();
        const due = performance.now() + (Math.max(0, Number(delay) | 0));
        armed.set(signal, () => {
          armed.delete(signal);
          const delayMs = Math.max(0, Number(delay) | 0);
          if (delayMs && delayMs <= notedMs) kept.set(signal, { due, delayMs, by, text: true });
          // Gone as it aborts (this listener runs before the page's: what that one starts is on the network when the
          // step looks again).
          listen!.call(signal, 'abort', () => kept.delete(signal));
        });
        return signal;
      };
      target!.addEventListener = function (this: object, ...args: Parameters<EventTarget['addEventListener']>) {
        if (args[0] === 'abort') armed.get(this)?.();
        return listen.apply(this, args);
      };
      const onabort = Object.getOwnPropertyDescriptor(win.AbortSignal.prototype, 'onabort');
      if (onabort?.set) {
        Object.defineProperty(win.AbortSignal.prototype, 'onabort', {
          ...onabort,
          set(this: object, value: unknown) {
            if (value) armed.get(this)?.();
            onabort.set!.call(this, value);
          },
        });
      }
    }
    Object.defineProperty(win, key, {
      value: () => {
        const now = performance.now();
        const pending: Array<{ delayMs: number; dueInMs: number; by: string; repeating?: true }> = [];
        kept.forEach((timer, id) => {
          // A handler given as a string cannot be seen running: it counts as fired once due.
          if (timer.text && timer.due <= now) kept.delete(id);
          else pending.push({ delayMs: timer.delayMs, dueInMs: Math.round(timer.due - now), by: timer.by });
        });
        repeats.forEach((timer, id) => kept.has(id) || pending.push({ delayMs: timer.delayMs, dueInMs: Math.round(timer.due - now), by: timer.by, repeating: true }));
        return pending;
      },
    });
  } catch {
    // A frozen window: the page keeps its own timers, the scan waits for none of them.
  }
}

/**
 * Watches the timers of a profile's pages (`installTimerHooks`); `pending` asks every frame of a page for the timers
 * not fired yet (a frame that cannot answer, navigating or gone, has none).
 */
export async function watchTimers(context: BrowserContext): Promise<{ pending(page: Page): Promise<PendingTimer[]> }> {
  await context.addInitScript(installTimerHooks, { key: KEY, notedMs: NOTED_MS });
  return {
    async pending(page) {
      // Every frame: a page of tiles put its ad slot's timer in its twenty-fourth.
      const frames = page.frames();
      const answers = await Promise.all(
        frames.map(frame => {
          const asked = frame.evaluate(key => (window as unknown as Record<string, () => PendingTimer[]>)[key]?.() ?? [], KEY).catch(() => [] as PendingTimer[]);
          // A frame whose main thread is blocked does not answer: it has no timer that could run either.
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<PendingTimer[]>(resolve => (timer = setTimeout(() => resolve([]), ANSWER_MS)));
          return Promise.race([asked, late]).finally(() => clearTimeout(timer));
        }),
      );
      return answers.flat();
    },
  };
}

/** `one of 3000 ms set by https://…/app.js, 2 of 500 ms`: pending timers for a note, most frequent first, three at most. */
export function describeTimers(timers: PendingTimer[]): string {
  const groups = new Map<string, number>();
  for (const { delayMs, by } of timers) {
    const what = `${delayMs} ms${by ? ` set by ${by}` : ''}`;
    groups.set(what, (groups.get(what) ?? 0) + 1);
  }
  const named = [...groups].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([what, count]) => (count > 1 ? `${count} of ${what}` : `one of ${what}`));
  return `${named.join(', ')}${groups.size > 3 ? ` and ${groups.size - 3} more` : ''}`;
}
