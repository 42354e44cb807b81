// From raw samples to the figures of the table. Pure functions: no browser, no I/O.

/** Nearest-rank percentile (p in 0..1) of the numbers; undefined for none. */
export function percentile(values, p) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}
export const median = values => percentile(values, 0.5);

/**
 * Total blocking time as Lighthouse defines it (the part of each long task beyond 50 ms), over the tasks that
 * start inside the window [navigation start, end).
 */
export function totalBlockingTime(longtasks, end) {
  return longtasks.filter(task => task.start < end).reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0);
}

/** Layout shifts without recent input inside the window, summed (the page never lives longer than it). */
export function layoutShift(shifts, end) {
  return shifts.filter(shift => shift.start < end).reduce((sum, shift) => sum + shift.value, 0);
}

/** The figures of one library over its runs. `samples` are what measureOnce returned. */
export function summarize(samples) {
  const ok = samples.filter(sample => !sample.error);
  const rendered = ok.filter(sample => sample.banner !== null);
  const clicked = ok.filter(sample => Number.isFinite(sample.acceptToRequest));
  const tbt = ok.map(sample => totalBlockingTime(sample.longtasks, sample.windowEnd));
  const cls = ok.map(sample => layoutShift(sample.shifts, sample.windowEnd));
  const unique = (list, fn) => [...new Set(list.map(fn).flat().filter(Boolean))];
  return {
    runs: samples.length,
    failed: samples.length - ok.length,
    rendered: rendered.length,
    banner: { median: median(rendered.map(s => s.banner)), p90: percentile(rendered.map(s => s.banner), 0.9) },
    longtasks: median(ok.map(s => s.longtasks.filter(task => task.start < s.windowEnd).length)),
    tbt: { median: median(tbt), p90: percentile(tbt, 0.9) },
    script: { median: median(ok.map(s => s.scriptMs)), p90: percentile(ok.map(s => s.scriptMs), 0.9) },
    cls: { median: median(cls), max: cls.length ? Math.max(...cls) : undefined },
    accept: { median: median(clicked.map(s => s.acceptToRequest)), p90: percentile(clicked.map(s => s.acceptToRequest), 0.9), runs: clicked.length },
    heap: median(ok.map(s => s.heap)),
    network: median(ok.map(s => s.network)),
    requests: unique(ok, s => s.requests.map(r => r.path)),
    leaks: ok.filter(s => s.leak).length,
    acceptErrors: unique(ok, s => s.acceptError),
    errors: unique(samples, s => [s.error, ...(s.errors ?? [])]),
  };
}
