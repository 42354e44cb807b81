// The bench's output: one markdown table (libraries side by side, each figure with its ratio to ours), a verdict
// per SPEC §10 target, and the notes a reader needs to trust or doubt the figures.

const KB = 1024;
const TARGETS = { tbt: 50, script: 60, accept: 10, sizeZhCN: 12 * KB };

const fmt = {
  bytes: v => (v >= KB ? `${(v / KB).toFixed(1)} KB` : `${Math.round(v)} B`),
  ms: v => `${Math.round(v)} ms`,
  count: v => String(Math.round(v * 10) / 10),
  cls: v => (v === 0 ? '0' : v.toFixed(4)),
  mb: v => `${(v / KB / KB).toFixed(2)} MB`,
};

/** A figure: a number, or `{ na: reason }` when it cannot be measured. */
const na = reason => ({ na: reason });
const isNumber = v => typeof v === 'number' && Number.isFinite(v);

function ratio(value, ours) {
  if (!isNumber(value) || !isNumber(ours) || ours <= 0 || value < 0) return '';
  const r = value / ours;
  return ` (${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2)}×)`;
}

/** Rows of the table: [label, format, figure(lib, summary)]; a figure is a number or `na(reason)`. */
function rows(context) {
  const { baselineScript } = context;
  const banner = (key, s) => (s.rendered ? s.banner[key] : na('banner not rendered'));
  const library = (lib, fn) => (lib.baseline ? na('-') : fn());
  return [
    ['JS + CSS files, gzip -9', fmt.bytes, lib => library(lib, () => context.sizes[lib.id].files)],
    ['library requests on the network until banner + 1 s (encoded bodies)', fmt.bytes, (lib, s) => library(lib, () => s.network)],
    ['HTML the library adds to the page (config, tags), gzip -9 delta', fmt.bytes, lib => library(lib, () => context.sizes[lib.id].html)],
    ['banner visible after navigation start, median', fmt.ms, (lib, s) => library(lib, () => banner('median', s))],
    ['banner visible, p90', fmt.ms, (lib, s) => library(lib, () => banner('p90', s))],
    ['long tasks until banner + 1 s, median count', fmt.count, (lib, s) => s.longtasks],
    ['total blocking time until banner + 1 s, median', fmt.ms, (lib, s) => s.tbt.median],
    ['total blocking time, p90', fmt.ms, (lib, s) => s.tbt.p90],
    ['script execution until banner + 1 s, page total, median', fmt.ms, (lib, s) => s.script.median],
    ['script execution of the library (page total − baseline median)', fmt.ms, (lib, s) =>
      library(lib, () => (isNumber(baselineScript) ? s.script.median - baselineScript : na('baseline not measured')))],
    ['cumulative layout shift until banner + 1 s, worst run', fmt.cls, (lib, s) => s.cls.max],
    ['accept click → first gated request, median', fmt.ms, (lib, s) => library(lib, () => acceptFigure(s, 'median'))],
    ['accept click → first gated request, p90', fmt.ms, (lib, s) => library(lib, () => acceptFigure(s, 'p90'))],
    ['JS heap used after banner + 1 s (after a forced GC), median', fmt.mb, (lib, s) => s.heap],
  ];
}

function acceptFigure(s, key) {
  if (!s.rendered) return na('banner not rendered');
  if (!s.accept.runs) return na(s.acceptErrors[0] ?? 'not measured');
  return s.accept[key];
}

function cell(value, format, oursValue, compare) {
  if (value === undefined) return 'n/a (no successful run)';
  if (!isNumber(value)) return value.na === '-' ? '—' : `n/a (${value.na})`;
  return format(value) + (compare ? ratio(value, oursValue) : '');
}

/** Plain verdict per SPEC §10 target, for our column. */
function verdicts(libs, summaries, context) {
  const ours = libs.find(lib => lib.ours);
  if (!ours) return ['- No verdicts: Consent Gate was not among the measured libraries (`--only`).'];
  const s = summaries.get(ours.id);
  const lines = [];
  const line = (target, met, detail) => lines.push(`- ${target}: **${met === undefined ? 'not measurable' : met ? 'met' : 'MISSED'}** — ${detail}`);
  const by = (value, limit, unit = 'ms') => `${Math.round(value - limit)} ${unit}`;

  const peers = libs.filter(lib => !lib.ours && !lib.baseline && summaries.get(lib.id).rendered);
  const fastest = peers.map(lib => ({ lib, ms: summaries.get(lib.id).banner.median })).sort((a, b) => a.ms - b.ms)[0];
  if (!s.rendered) line('Banner no later than the fastest peer', false, `our banner was not rendered in any of ${s.runs} runs`);
  else if (!fastest) line('Banner no later than the fastest peer', undefined, 'no peer banner was measured');
  else {
    const ms = s.banner.median;
    const detail = `ours ${fmt.ms(ms)} vs ${fastest.lib.label} ${fmt.ms(fastest.ms)} (medians)`;
    line('Banner no later than the fastest peer', ms <= fastest.ms, ms <= fastest.ms ? `${detail}, ${Math.round(fastest.ms - ms)} ms earlier` : `missed by ${by(ms, fastest.ms)}: ${detail}`);
  }
  const limit = (target, value, max, format, unitless = false) => {
    if (!isNumber(value)) return line(target, undefined, value?.na ?? 'no successful run');
    const met = value <= max;
    line(target, met, `${format(value)}${met ? '' : `, over by ${unitless ? format(value - max) : by(value, max)}`}`);
  };
  limit('Total blocking time ≤ 50 ms (median, page total until banner + 1 s)', s.tbt.median, TARGETS.tbt, fmt.ms);
  if (isNumber(context.baselineTbt)) lines[lines.length - 1] += ` (the host page alone: ${fmt.ms(context.baselineTbt)})`;
  const script = isNumber(context.baselineScript) ? s.script.median - context.baselineScript : na('baseline not measured');
  limit('Script execution ≤ 60 ms (median, page total − baseline)', script, TARGETS.script, fmt.ms);
  limit('Accept click → first gated request ≤ 10 ms (median)', acceptFigure(s, 'median'), TARGETS.accept, fmt.ms);
  if (!isNumber(s.cls.max)) line('Cumulative layout shift 0 (every run)', undefined, 'no successful run');
  else line('Cumulative layout shift 0 (every run)', s.cls.max === 0, s.cls.max === 0 ? `0 in all ${s.runs - s.failed} runs` : `worst run ${fmt.cls(s.cls.max)}`);
  const size = Math.max(context.sizes[ours.id].files, s.network ?? 0);
  line('Size ≤ 12 KB gzip until the banner, zh-CN', size <= TARGETS.sizeZhCN, `${fmt.bytes(size)}${size <= TARGETS.sizeZhCN ? '' : `, over by ${fmt.bytes(size - TARGETS.sizeZhCN)}`} (the larger of the files and the network figure)`);
  return lines;
}

function warnings(libs, summaries) {
  const lines = [];
  for (const lib of libs) {
    const s = summaries.get(lib.id);
    if (s.failed) lines.push(`- ${lib.label}: ${s.failed} of ${s.runs} runs failed and are left out.`);
    if (lib.banner && !s.rendered) lines.push(`- ${lib.label}: banner not rendered in any run (no visible \`${lib.banner.join(' → ')}\` by load + 3 s); its other figures end at load + 1 s.`);
    else if (lib.banner && s.rendered < s.runs - s.failed) lines.push(`- ${lib.label}: banner rendered in ${s.rendered} of ${s.runs - s.failed} runs; banner figures use those runs only.`);
    if (s.leaks) lines.push(`- ${lib.label}: **the gated tracker was requested before any consent in ${s.leaks} runs** (a gating failure).`);
    for (const error of s.errors.slice(0, 5)) lines.push(`- ${lib.label}: ${error}`);
  }
  return lines;
}

/**
 * @param {{ libs: any[], summaries: Map<string, any>, sizes: Record<string, { files: number, html: number, list: string[] }>, meta: Record<string, string | number> }} input
 */
export function renderReport({ libs, summaries, sizes, meta }) {
  const baseline = libs.find(lib => lib.baseline);
  const context = {
    sizes,
    baselineScript: baseline && summaries.get(baseline.id).script.median,
    baselineTbt: baseline && summaries.get(baseline.id).tbt.median,
  };
  const ours = libs.find(lib => lib.ours);
  const oursSummary = ours && summaries.get(ours.id);
  const header = ['', ...libs.map(lib => lib.label + (lib.ours ? ' (ours)' : ''))];
  const table = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i ? '---:' : '---')).join('|')}|`];
  for (const [label, format, figure] of rows(context)) {
    const oursValue = oursSummary ? figure(ours, oursSummary) : undefined;
    const cells = libs.map(lib => cell(figure(lib, summaries.get(lib.id)), format, oursValue, !lib.ours && !lib.baseline));
    table.push(`| ${label} | ${cells.join(' | ')} |`);
  }
  const warn = warnings(libs, summaries);
  return [
    '# Consent Gate vs peers: side-by-side bench',
    '',
    `${meta.date} · ${meta.machine}, ${meta.load} · ${meta.chromium} · Playwright ${meta.playwright} · Node ${meta.node}`,
    `${meta.runs} runs per library, interleaved round-robin (order rotated each round), fresh browser context per run, CPU throttled ${meta.cpuRate}× (CDP Emulation.setCPUThrottlingRate), viewport 1366×768, pages served gzip -9 from localhost. Ratios are peer ÷ ours.`,
    '',
    ...table,
    '',
    '## SPEC §10 targets',
    '',
    ...verdicts(libs, summaries, context),
    '',
    ...(warn.length ? ['## Warnings', '', ...warn, ''] : []),
    '## How each figure is measured',
    '',
    '- **Bytes**: the library\'s JS + CSS files gzip -9 (' + libs.filter(lib => !lib.baseline).map(lib => `${lib.label}: ${sizes[lib.id].list.join(' + ') || 'none found'}`).join('; ') + '); the network row sums the encoded bodies of the library\'s own requests until banner + 1 s (the server gzips at level 9, so lazy chunks show up there; seen: ' + libs.filter(lib => !lib.baseline).map(lib => `${lib.label}: ${summaries.get(lib.id).requests.join(', ') || 'none'}`).join('; ') + '); the HTML row is gzip(page) − gzip(host page without a library).',
    '- **Banner visible**: the accept-all button (ours: `#consent-gate` → shadow root → `[data-action="accept-all"]`), looked for on every DOM mutation (a MutationObserver from an init script, also inside the shadow roots on the path) and, once it exists, checked in each animation frame until visible; the time is `performance.now()` (origin = navigation start) in the first frame callback where it has a box in the viewport and `checkVisibility({ opacityProperty, visibilityProperty })` holds — a fade-in counts from its first non-transparent frame. (Checking every frame from navigation on cost ~0.4 ms of script per frame at 4×, so it is not done.) No banner by load + 3 s = not rendered; the window then ends at load + 1 s.',
    '- **Long tasks / TBT**: `PerformanceObserver` `longtask` (buffered, from the init script); TBT = Σ (duration − 50 ms) of the tasks starting before banner + 1 s.',
    '- **Script execution**: CDP `Performance.getMetrics` `ScriptDuration` (main-thread script compile + run), delta from before navigation to banner + 1 s. The host page runs no script of its own; the baseline page runs the same probe (observers, click listener) looking for a banner that never comes, so its figure — the probe and the browser\'s own script work — is subtracted in the "library" row. The frame checks between the button\'s insertion and its visibility stay in each library\'s figure.',
    '- **CLS**: `layout-shift` entries without `hadRecentInput`, summed until banner + 1 s; the worst run is shown.',
    '- **Accept → first gated request**: Playwright clicks the accept-all button; a capture `click` listener on `window`, installed before any library code, stamps `performance.now()` as the click is dispatched; the fake tracker\'s resource-timing `startTime` (same document clock, monotonic) ends the interval. No request within 5 s = n/a. A tracker request before the click is reported as a gating failure.',
    '- **JS heap**: `HeapProfiler.collectGarbage`, then `Performance.getMetrics` `JSHeapUsedSize`, at banner + 1 s.',
    '- **Configuration**: one page per library (bench/pages/, generated from bench/host.html + bench/libs/<id>.html), the same ooopic-like host page; every library\'s tags at the end of `<body>` (CSS in `<head>`); zh-CN copy; the five categories of SPEC §3 where the library has categories. Gating: ' + libs.filter(lib => !lib.baseline).map(lib => `${lib.label}: ${lib.gating}`).join('; ') + '. osano has no categories, preferences or gating: "allow" stands for accept-all and the page loads the tracker from its callbacks.',
    '',
  ].join('\n');
}
