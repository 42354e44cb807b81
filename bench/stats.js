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

const unique = (list, fn) => [...new Set(list.map(fn).flat().filter(Boolean))];
const spread = values => ({ median: median(values), p90: percentile(values, 0.9) });

/**
 * Layout shift over the runs: the median and worst sums, how many runs shifted at all, and what moved (named by
 * bench/probe.js). A host page can shift by itself (text re-measured once a fallback font is found), so the
 * report sets these beside the page alone's.
 */
export const shiftFigures = ok => {
  const sums = ok.map(sample => layoutShift(sample.shifts, sample.windowEnd));
  const inWindow = ok.map(sample => sample.shifts.filter(shift => shift.start < sample.windowEnd));
  return {
    median: median(sums),
    max: sums.length ? Math.max(...sums) : undefined,
    shiftedRuns: sums.filter(sum => sum > 0).length,
    moved: unique(inWindow, shifts => shifts.flatMap(shift => shift.sources ?? [])),
  };
};

/** The library's own script in long animation frames (bench/measure.js): medians, the worst run, and where it ran. */
const ownScriptFigures = ok => ({
  ownLongest: { ...spread(ok.map(s => s.ownLongest)), max: ok.length ? Math.max(...ok.map(s => s.ownLongest ?? 0)) : undefined },
  ownInLongFrames: spread(ok.map(s => s.ownInLongFrames)),
  ownLongestAt: unique(ok.filter(s => s.ownLongest >= 50), s => s.ownLongestAt),
});

/** First visit: the figures of one library over its runs. `samples` are what measureFirst returned. */
export function summarizeFirst(samples) {
  const ok = samples.filter(sample => !sample.error);
  const rendered = ok.filter(sample => sample.banner !== null);
  const requested = ok.filter(sample => Number.isFinite(sample.acceptToRequest));
  const executed = ok.filter(sample => Number.isFinite(sample.acceptToExecuted));
  const tbt = ok.map(sample => totalBlockingTime(sample.longtasks, sample.windowEnd));
  return {
    runs: samples.length,
    failed: samples.length - ok.length,
    rendered: rendered.length,
    banner: spread(rendered.map(s => s.banner)),
    longtasks: median(ok.map(s => s.longtasks.filter(task => task.start < s.windowEnd).length)),
    tbt: spread(tbt),
    script: spread(ok.map(s => s.scriptMs)),
    ...ownScriptFigures(ok),
    cls: shiftFigures(ok),
    accept: { ...spread(requested.map(s => s.acceptToRequest)), runs: requested.length },
    acceptExecuted: { ...spread(executed.map(s => s.acceptToExecuted)), runs: executed.length },
    heap: median(ok.map(s => s.heap)),
    network: median(ok.map(s => s.network)),
    untilBanner: median(rendered.map(s => s.untilBanner).filter(Number.isFinite)),
    untilBannerFiles: unique(rendered, s => s.untilBannerFiles ?? []),
    requests: unique(ok, s => s.requests.map(r => r.path)),
    leaks: ok.filter(s => s.leak).length,
    acceptErrors: unique(ok, s => s.acceptError),
    errors: unique(samples, s => [s.error, ...(s.errors ?? [])]),
  };
}

/** Returning visit: the figures of one library over its runs. `samples` are what measureReturning returned. */
export function summarizeReturning(samples) {
  const ok = samples.filter(sample => !sample.error);
  const tbt = ok.map(sample => totalBlockingTime(sample.longtasks, sample.windowEnd));
  return {
    runs: samples.length,
    failed: samples.length - ok.length,
    bannerShown: samples.filter(s => s.banner !== null && s.banner !== undefined).length,
    load: spread(ok.map(s => s.load)),
    window: spread(ok.map(s => s.windowEnd)),
    longtasks: median(ok.map(s => s.longtasks.filter(task => task.start < s.windowEnd).length)),
    tbt: spread(tbt),
    script: spread(ok.map(s => s.scriptMs)),
    ...ownScriptFigures(ok),
    cls: shiftFigures(ok),
    requested: spread(ok.map(s => s.tagRequested).filter(v => v !== null)),
    executed: spread(ok.map(s => s.tagExecuted).filter(v => v !== null)),
    heap: median(ok.map(s => s.heap)),
    network: median(ok.map(s => s.network)),
    requests: unique(ok, s => s.requests.map(r => r.path)),
    uiElements: ok.some(s => s.uiElements !== undefined) ? Math.max(...ok.map(s => s.uiElements ?? 0)) : undefined,
    errors: unique(samples, s => [s.error, ...(s.errors ?? [])]),
  };
}

/**
 * A visit in a bare DevTools session (bench/measure.js `measureBare`): the script time, the longest runs, the banner
 * (first visit) and the tag (returning visit), without Playwright's stack captures.
 */
export function summarizeBare(samples) {
  const ok = samples.filter(sample => !sample.error);
  const rendered = ok.filter(sample => sample.banner !== null);
  return {
    runs: samples.length,
    failed: samples.length - ok.length,
    rendered: rendered.length,
    banner: spread(rendered.map(s => s.banner)),
    bannerShown: samples.filter(s => s.banner !== null && s.banner !== undefined).length,
    script: spread(ok.map(s => s.scriptMs)),
    ...ownScriptFigures(ok),
    requested: spread(ok.map(s => s.tagRequested).filter(v => v !== null)),
    executed: spread(ok.map(s => s.tagExecuted).filter(v => v !== null)),
    errors: unique(samples, s => [s.error, ...(s.errors ?? [])]),
  };
}

/** Guard overhead: one variant's loops over its runs (each run already the median of its repeats). */
export function summarizeGuard(samples) {
  const ok = samples.filter(sample => !sample.error);
  return {
    runs: samples.length,
    failed: samples.length - ok.length,
    dom: spread(ok.map(s => s.domMs)),
    domAll: spread(ok.map(s => s.domAllMs)),
    calls: spread(ok.map(s => s.callsMs)),
    settled: spread(ok.map(s => s.settledMs)),
    html: spread(ok.map(s => s.htmlMs)),
    errors: unique(samples, s => [s.error, ...(s.errors ?? [])]),
  };
}
