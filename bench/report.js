// The bench's output (bench/results.md): for each scenario a markdown table (libraries side by side, each figure
// with its ratio to ours), the verdict of each SPEC §10 comparison (met / missed, by how much), and the notes a
// reader needs to trust or doubt the figures. Pure functions: no browser, no I/O.
import { median, percentile } from './stats.js';

const KB = 1024;
/** SPEC §10 and issue #12: the figures a comparison is judged against (the peers' figures come from the run). */
export const TARGETS = {
  firstVisitBytesZhCN: 12 * KB,
  returningScriptShareOfLightestPeer: 0.5,
  returningTbtOverPageAloneMs: 5,
  guardRatio: 1.1,
};

const fmt = {
  bytes: v => (v >= KB ? `${(v / KB).toFixed(1)} KB` : `${Math.round(v)} B`),
  ms: v => `${Math.round(v)} ms`,
  ms1: v => `${v.toFixed(1)} ms`,
  count: v => String(Math.round(v * 10) / 10),
  cls: v => (v === 0 ? '0' : v.toFixed(4)),
  mb: v => `${(v / KB / KB).toFixed(2)} MB`,
  ratio: v => `${v.toFixed(2)}×`,
};

/** A figure: a number, or `{ na: reason }` when it cannot be measured. */
const na = reason => ({ na: reason });
const isNumber = v => typeof v === 'number' && Number.isFinite(v);

function ratio(value, ours) {
  if (!isNumber(value) || !isNumber(ours) || ours <= 0 || value < 0) return '';
  const r = value / ours;
  return ` (${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2)}×)`;
}

function cell(value, format, oursValue, compare) {
  if (value === undefined) return 'n/a (no successful run)';
  if (!isNumber(value)) return value.na === '-' ? '—' : `n/a (${value.na})`;
  return format(value) + (compare ? ratio(value, oursValue) : '');
}

/** A markdown table: one column per library, one row per [label, format, figure(lib, summary)]. */
function table(libs, summaries, rows) {
  const ours = libs.find(lib => lib.ours);
  const oursSummary = ours && summaries.get(ours.id);
  const header = ['', ...libs.map(lib => lib.label + (lib.ours ? ' (ours)' : ''))];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i ? '---:' : '---')).join('|')}|`];
  for (const [label, format, figure] of rows) {
    const oursValue = oursSummary ? figure(ours, oursSummary) : undefined;
    const cells = libs.map(lib => cell(figure(lib, summaries.get(lib.id)), format, oursValue, !lib.ours && !lib.baseline));
    lines.push(`| ${label} | ${cells.join(' | ')} |`);
  }
  return lines;
}

const library = (lib, fn) => (lib.baseline ? na('-') : fn());
const verdict = (lines, target, met, detail) =>
  lines.push(`- ${target}: **${met === undefined ? 'not measurable' : met ? 'met' : 'MISSED'}** — ${detail}`);

/**
 * Ours against the best peer on one figure (lower is better). `pick(summary)` gives the figure or `na`.
 * `limit(best)` turns the best peer's figure into ours' limit (default: the figure itself).
 */
function againstPeers(lines, target, libs, summaries, pick, { format = fmt.ms, limit = best => best, limitLabel = () => '' } = {}) {
  const ours = libs.find(lib => lib.ours);
  const value = pick(summaries.get(ours.id));
  const peers = libs
    .filter(lib => !lib.ours && !lib.baseline)
    .map(lib => ({ lib, value: pick(summaries.get(lib.id)) }))
    .filter(peer => isNumber(peer.value))
    .sort((a, b) => a.value - b.value);
  if (!isNumber(value)) return verdict(lines, target, undefined, `ours: ${value?.na ?? 'no successful run'}`);
  if (!peers.length) return verdict(lines, target, undefined, 'no peer figure was measured');
  const best = peers[0];
  const max = limit(best.value);
  const met = value <= max;
  const against = `ours ${format(value)} vs ${best.lib.label} ${format(best.value)}${limitLabel(max)}`;
  const by = format(Math.abs(value - max));
  verdict(lines, target, met, met ? `${against}; ${by} to spare` : `missed by ${by}: ${against}`);
}

/** The library's own script in long animation frames (attributed by URL; bench/measure.js). */
const ownRows = window => [
  [`the library's longest script run in a long animation frame ${window}, median`, fmt.ms, (lib, s) => library(lib, () => s.ownLongest.median)],
  [`the same, worst run`, fmt.ms, (lib, s) => library(lib, () => s.ownLongest.max)],
  [`the library's script runs in long animation frames ${window}, Σ, median`, fmt.ms, (lib, s) => library(lib, () => s.ownInLongFrames.median)],
];

/** "No long task of its own": the library's longest script run in a long animation frame under 50 ms (median). */
function ownLongTaskVerdict(lines, s) {
  const { median: longest, max } = s.ownLongest;
  if (!isNumber(longest)) return verdict(lines, 'No long task of its own (its longest script run < 50 ms, median; attributed with long animation frames)', undefined, 'no successful run');
  const where = s.ownLongestAt.length ? `; runs of 50 ms or more started from ${s.ownLongestAt.slice(0, 3).map(at => `\`${at}\``).join(', ')}` : '';
  verdict(lines, 'No long task of its own (its longest script run < 50 ms, median; attributed with long animation frames)', longest < 50,
    `${fmt.ms(longest)} median, ${fmt.ms(max)} in the worst run${longest < 50 ? '' : `, over by ${fmt.ms(longest - 50)}`}${where}`);
}

/** The first visit: rows of the table. */
function firstRows(context) {
  const { baseline } = context;
  const banner = (key, s) => (s.rendered ? s.banner[key] : na('banner not rendered'));
  const accept = (figure, key) => (lib, s) => library(lib, () => acceptFigure(s, figure, key));
  return [
    ['JS + CSS files, gzip -9', fmt.bytes, lib => library(lib, () => context.sizes[lib.id].files)],
    ['library bytes requested before the banner was visible (encoded bodies), median', fmt.bytes, (lib, s) =>
      library(lib, () => (s.rendered ? s.untilBanner : na('banner not rendered')))],
    ['library requests on the network until banner + 1 s (encoded bodies), median', fmt.bytes, (lib, s) => library(lib, () => s.network)],
    ['HTML the library adds to the page (config, tags), gzip -9 delta', fmt.bytes, lib => library(lib, () => context.sizes[lib.id].html)],
    ['banner visible after navigation start, median', fmt.ms, (lib, s) => library(lib, () => banner('median', s))],
    ['banner visible, p90', fmt.ms, (lib, s) => library(lib, () => banner('p90', s))],
    ['long tasks until banner + 1 s, median count', fmt.count, (lib, s) => s.longtasks],
    ['total blocking time until banner + 1 s, median', fmt.ms, (lib, s) => s.tbt.median],
    ['total blocking time, p90', fmt.ms, (lib, s) => s.tbt.p90],
    ['script execution until banner + 1 s, page total, median', fmt.ms, (lib, s) => s.script.median],
    ['script execution of the library (page total − page alone, medians)', fmt.ms, (lib, s) =>
      library(lib, () => (isNumber(baseline?.script.median) ? s.script.median - baseline.script.median : na('page alone not measured')))],
    ...ownRows('until banner + 1 s'),
    ['cumulative layout shift until banner + 1 s, worst run', fmt.cls, (lib, s) => s.cls.max],
    ['runs with any layout shift until banner + 1 s', fmt.count, (lib, s) => s.cls.shiftedRuns],
    ['accept click → first gated request, median', fmt.ms, accept('accept', 'median')],
    ['accept click → first gated request, p90', fmt.ms, accept('accept', 'p90')],
    ['accept click → first gated script executed, median', fmt.ms, accept('acceptExecuted', 'median')],
    ['accept click → first gated script executed, p90', fmt.ms, accept('acceptExecuted', 'p90')],
    ['JS heap used after banner + 1 s (after a forced GC), median', fmt.mb, (lib, s) => s.heap],
  ];
}

function acceptFigure(s, figure, key) {
  if (!s.rendered) return na('banner not rendered');
  if (!s[figure].runs) return na(s.acceptErrors[0] ?? 'not measured');
  return s[figure][key];
}

/** The returning visit: rows of the table. */
function returningRows(context) {
  const { baseline } = context;
  const tag = (figure, key) => (lib, s) => library(lib, () => (isNumber(s[figure][key]) ? s[figure][key] : na('the tag never ran')));
  return [
    ['library requests on the network until the window ends (encoded bodies), median', fmt.bytes, (lib, s) => library(lib, () => s.network)],
    ['runs where a banner showed (must be 0)', fmt.count, (lib, s) => library(lib, () => s.bannerShown)],
    ['load event after navigation start, median', fmt.ms, (lib, s) => s.load.median],
    ['granted tag requested after navigation start, median', fmt.ms, tag('requested', 'median')],
    ['granted tag requested, p90', fmt.ms, tag('requested', 'p90')],
    ['granted tag executed after navigation start, median', fmt.ms, tag('executed', 'median')],
    ['granted tag executed, p90', fmt.ms, tag('executed', 'p90')],
    ['long tasks in the window, median count', fmt.count, (lib, s) => s.longtasks],
    ['total blocking time in the window, median', fmt.ms, (lib, s) => s.tbt.median],
    ['total blocking time, p90', fmt.ms, (lib, s) => s.tbt.p90],
    ['script execution in the window, page total, median', fmt.ms, (lib, s) => s.script.median],
    ['script execution, page total, p90', fmt.ms, (lib, s) => s.script.p90],
    ['script execution of the library (page total − page alone, medians)', fmt.ms, (lib, s) =>
      library(lib, () => (isNumber(baseline?.script.median) ? s.script.median - baseline.script.median : na('page alone not measured')))],
    ...ownRows('in the window'),
    ['cumulative layout shift in the window, worst run', fmt.cls, (lib, s) => s.cls.max],
    ['runs with any layout shift in the window', fmt.count, (lib, s) => s.cls.shiftedRuns],
    ['JS heap used at the window end (after a forced GC), median', fmt.mb, (lib, s) => s.heap],
  ];
}

function firstVerdicts(libs, summaries, context) {
  const ours = libs.find(lib => lib.ours);
  if (!ours) return ['- No verdicts: Consent Gate was not among the measured libraries (`--only`).'];
  const lines = [];
  const s = summaries.get(ours.id);
  const base = context.baseline;
  const rendered = x => (x.rendered ? x : undefined);
  againstPeers(lines, 'Banner visible no later than the fastest peer (medians)', libs, summaries, x => rendered(x)?.banner.median ?? na('banner not rendered'));
  againstPeers(lines, 'TBT until banner + 1 s no more than the best peer\'s (medians, page totals)', libs, summaries, x => x.tbt.median);
  if (isNumber(base?.tbt.median)) lines[lines.length - 1] += ` (the page alone: ${fmt.ms(base.tbt.median)})`;
  ownLongTaskVerdict(lines, s);
  againstPeers(lines, 'Script time no more than the best peer\'s (medians, page total − page alone)', libs, summaries, x =>
    isNumber(base?.script.median) ? x.script.median - base.script.median : na('page alone not measured'));
  againstPeers(lines, 'Accept click → first gated script executed no later than the fastest peer (medians)', libs, summaries, x =>
    acceptFigure(x, 'acceptExecuted', 'median'));
  layoutShiftVerdict(lines, s, base);
  const bytes = s.rendered ? s.untilBanner : undefined;
  if (!isNumber(bytes)) verdict(lines, 'Bytes until the banner ≤ 12 KB gzip -9 (zh-CN page)', undefined, 'banner not rendered');
  else {
    const met = bytes <= TARGETS.firstVisitBytesZhCN;
    verdict(lines, 'Bytes until the banner ≤ 12 KB gzip -9 (zh-CN page)', met,
      `${fmt.bytes(bytes)} (${s.untilBannerFiles.join(', ')})${met ? '' : `, over by ${fmt.bytes(bytes - TARGETS.firstVisitBytesZhCN)}`}; the en and zh-TW budgets (13.5 KB) are checked by \`npm run size\``);
  }
  return lines;
}

/** What shifted in how many runs, for the verdict: `s` is a summary (bench/stats.js `shiftFigures`). */
const shiftedRuns = s => `${s.cls.shiftedRuns} of ${s.runs - s.failed} runs shifted${s.cls.moved.length ? ` (what moved: ${s.cls.moved.join('; ')})` : ''}`;

/**
 * Zero layout shift, every run. The host page alone may shift by itself (on a machine without a CJK font its text
 * is measured again once a fallback is found), so the verdict names what moved and sets the page alone beside it.
 */
function layoutShiftVerdict(lines, s, base) {
  const target = 'Zero layout shift (every run)';
  if (!isNumber(s.cls.max)) return verdict(lines, target, undefined, 'no successful run');
  const alone = isNumber(base?.cls.max) ? `; the page alone: ${shiftedRuns(base)}` : '';
  verdict(lines, target, s.cls.max === 0, s.cls.max === 0 ? `0 in all ${s.runs - s.failed} runs${alone}` : `worst run ${fmt.cls(s.cls.max)}, ${shiftedRuns(s)}${alone}`);
}

/** Files of ours that belong to the UI (SPEC §10: nothing of the UI runs on a returning visit). */
const UI_FILE = /\/dist\/(views\.js|views\/|i18n\/.*-views\.js|presets\/disclosures\.js)/;

function returningVerdicts(libs, summaries, context) {
  const ours = libs.find(lib => lib.ours);
  if (!ours) return ['- No verdicts: Consent Gate was not among the measured libraries (`--only`).'];
  const lines = [];
  const s = summaries.get(ours.id);
  const base = context.baseline;
  const script = x => (isNumber(base?.script.median) ? x.script.median - base.script.median : na('page alone not measured'));
  againstPeers(lines, 'Script time ≤ half of the lightest peer\'s (medians, page total − page alone)', libs, summaries, script, {
    limit: lightest => lightest * TARGETS.returningScriptShareOfLightestPeer,
    limitLabel: max => `, half of it ${fmt.ms(max)}`,
  });
  if (!isNumber(s.tbt.median) || !isNumber(base?.tbt.median)) verdict(lines, 'TBT within 5 ms of the page alone (medians)', undefined, 'no successful run of ours or of the page alone');
  else {
    const over = s.tbt.median - base.tbt.median;
    const met = over <= TARGETS.returningTbtOverPageAloneMs;
    verdict(lines, 'TBT within 5 ms of the page alone (medians)', met,
      `ours ${fmt.ms(s.tbt.median)} vs the page alone ${fmt.ms(base.tbt.median)}: ${over >= 0 ? `${fmt.ms(over)} more` : `${fmt.ms(-over)} less`}${met ? '' : `, ${fmt.ms(over - TARGETS.returningTbtOverPageAloneMs)} beyond the 5 ms allowed`}` +
      (base.tbt.median > s.tbt.median ? ' — read with care: the page alone parses and lays out in one long task, which a script tag at the end of `<body>` splits in two, so any library\'s page can show less TBT than the page alone; the attributed figure below says whether the long tasks are its own' : ''));
  }
  ownLongTaskVerdict(lines, s);
  againstPeers(lines, 'Granted tag requested no later than with the fastest peer (medians)', libs, summaries, x =>
    isNumber(x.requested.median) ? x.requested.median : na('the tag was never requested'));
  againstPeers(lines, 'Granted tag executed no later than with the fastest peer (medians; not a SPEC §10 budget, shown beside it)', libs, summaries, x =>
    isNumber(x.executed.median) ? x.executed.median : na('the tag never ran'));
  verdict(lines, 'No banner on a returning visit', s.bannerShown === 0, s.bannerShown === 0 ? `none in ${s.runs} runs` : `a banner showed in ${s.bannerShown} of ${s.runs} runs`);
  const uiFiles = s.requests.filter(path => UI_FILE.test(path));
  const uiNote = `files requested: ${s.requests.join(', ') || 'none'}; UI files among them: ${uiFiles.join(', ') || 'none'}; elements in #consent-gate's shadow root at the window end: ${s.uiElements ?? 'n/a'}`;
  verdict(lines, 'Nothing of the UI runs (no render, no Preact)', s.uiElements === 0 && !uiFiles.length ? true : s.uiElements > 0 ? false : undefined,
    s.uiElements === 0 && uiFiles.length ? `nothing rendered, but UI code was downloaded (SPEC §10 leaves that to the bench): ${uiNote}` : uiNote);
  return lines;
}

/** A visit in a bare DevTools session: rows of its table (the banner on the first visit, the tag on the returning one). */
function bareRows(context, visit) {
  const { baseline } = context;
  const figure = (key, why) => (lib, s) => library(lib, () => (isNumber(s[key].median) ? s[key].median : na(why)));
  return [
    ...(visit === 'first' ? [['banner visible after navigation start, median', fmt.ms, figure('banner', 'banner not rendered')]] : []),
    ['script execution in the window, page total, median', fmt.ms, (lib, s) => s.script.median],
    ['script execution, page total, p90', fmt.ms, (lib, s) => s.script.p90],
    ['script execution of the library (page total − page alone, medians)', fmt.ms, (lib, s) =>
      library(lib, () => (isNumber(baseline?.script.median) ? s.script.median - baseline.script.median : na('page alone not measured')))],
    ...ownRows('in the window'),
    ...(visit === 'returning'
      ? [['granted tag requested after navigation start, median', fmt.ms, figure('requested', 'the tag was never requested')],
        ['granted tag executed after navigation start, median', fmt.ms, figure('executed', 'the tag never ran')]]
      : []),
  ];
}

/** The SPEC §10 script-time comparisons of a visit, read from the bare session. */
function bareVerdicts(libs, summaries, context, visit) {
  const ours = libs.find(lib => lib.ours);
  if (!ours) return ['- No verdicts: Consent Gate was not among the measured libraries (`--only`).'];
  const lines = [];
  const base = context.baseline;
  const script = x => (isNumber(base?.script.median) ? x.script.median - base.script.median : na('page alone not measured'));
  if (visit === 'returning') {
    againstPeers(lines, 'Script time ≤ half of the lightest peer\'s (medians, page total − page alone; bare session)', libs, summaries, script, {
      limit: lightest => lightest * TARGETS.returningScriptShareOfLightestPeer,
      limitLabel: max => `, half of it ${fmt.ms(max)}`,
    });
  } else {
    againstPeers(lines, 'Script time no more than the best peer\'s (medians, page total − page alone; bare session)', libs, summaries, script);
  }
  ownLongTaskVerdict(lines, summaries.get(ours.id));
  return lines;
}

/** The guard scenario: a table of the loops, and the issue #12 verdicts. */
function guardSection(guard) {
  const { variants, summaries, ratios, workload } = guard;
  const by = id => summaries.get(id);
  const header = ['', ...variants.map(v => v.label)];
  const lines = [`| ${header.join(' | ')} | guard on ÷ guard off | guard off ÷ no SDK |`, `|---|${variants.map(() => '---:').join('|')}|---:|---:|`];
  const rows = [
    [`${workload.domPairs.toLocaleString('en')} createElement('div') + appendChild, median (p90)`, 'dom'],
    [`the same ${workload.domPairs.toLocaleString('en')} pairs with the microtasks they cause (the gate's observer), median (p90)`, 'domAll'],
    [`${workload.fetchCalls.toLocaleString('en')} fetch() calls issued, median (p90)`, 'calls'],
    [`the same ${workload.fetchCalls.toLocaleString('en')} fetches until all answered, median (p90)`, 'settled'],
    [`${workload.htmlWrites} innerHTML writes of an image grid (60 images, first party), median (p90)`, 'html'],
  ];
  const show = (s, key) => (s && isNumber(s[key].median) ? `${fmt.ms1(s[key].median)} (${fmt.ms1(s[key].p90)})` : 'n/a (no successful run)');
  const r = (a, b, key) => {
    const x = by(a)?.[key].median;
    const y = by(b)?.[key].median;
    return isNumber(x) && isNumber(y) && y > 0 ? fmt.ratio(x / y) : 'n/a';
  };
  for (const [label, key] of rows) {
    lines.push(`| ${label} | ${variants.map(v => show(by(v.id), key)).join(' | ')} | ${r('guard-on', 'guard-off', key)} | ${r('guard-off', 'guard-none', key)} |`);
  }
  const verdicts = [];
  // The guard's own checks run in the calls: the loops' figures are its verdicts.
  for (const [label, key] of rows.filter(([, key]) => key == 'dom' || key == 'calls')) {
    const target = `${label.replace(/, median.*/, '')}: guard on ≤ 1.10 × guard off`;
    const on = by('guard-on')?.[key].median;
    const off = by('guard-off')?.[key].median;
    if (!isNumber(on) || !isNumber(off)) {
      verdict(verdicts, target, undefined, 'a variant had no successful run');
      continue;
    }
    const value = on / off;
    const count = key === 'dom' ? workload.domPairs : workload.fetchCalls;
    const perCall = `${(((on - off) / count) * 1000).toFixed(1)} µs per ${key === 'dom' ? 'pair' : 'call'} at ${guard.cpuRate}×`;
    // The ratio of medians decides only when the rounds agree: when the middle half of the per-round ratios
    // straddles 1.10, this run cannot tell, and says so rather than calling it.
    const paired = ratios[key];
    const q1 = percentile(paired, 0.25);
    const q3 = percentile(paired, 0.75);
    const spreadNote = paired.length ? `; per-round ratios: median ${fmt.ratio(median(paired))}, middle half ${fmt.ratio(q1)}–${fmt.ratio(q3)}, all ${fmt.ratio(Math.min(...paired))}–${fmt.ratio(Math.max(...paired))} over ${paired.length} rounds` : '';
    const unresolved = paired.length >= 3 && q1 <= TARGETS.guardRatio && q3 > TARGETS.guardRatio;
    // A per-call cost read off two medians the noise does not separate would be a made-up figure.
    const detail = `${fmt.ratio(value)} (${fmt.ms1(on)} vs ${fmt.ms1(off)}, medians${unresolved ? '' : `; ${perCall}`})${spreadNote}`;
    if (unresolved) {
      verdicts.push(`- ${target}: **not resolved** — ${detail}: the rounds fall on both sides of 1.10, so this run cannot tell`);
    } else {
      verdict(verdicts, target, value <= TARGETS.guardRatio, `${detail}${value <= TARGETS.guardRatio ? '' : `; over by ${((value - TARGETS.guardRatio) * 100).toFixed(0)} points`}`);
    }
  }
  return { lines, verdicts };
}

function warnings(libs, summaries, visit) {
  const lines = [];
  for (const lib of libs) {
    const s = summaries.get(lib.id);
    if (!s) continue;
    if (s.failed) lines.push(`- ${visit}, ${lib.label}: ${s.failed} of ${s.runs} runs failed and are left out.`);
    if (visit === 'first visit') {
      if (lib.banner && !s.rendered) lines.push(`- ${visit}, ${lib.label}: banner not rendered in any run (no visible \`${lib.banner.join(' → ')}\` by load + 3 s); its other figures end at load + 1 s.`);
      else if (lib.banner && s.rendered < s.runs - s.failed) lines.push(`- ${visit}, ${lib.label}: banner rendered in ${s.rendered} of ${s.runs - s.failed} runs; banner figures use those runs only.`);
      if (s.leaks) lines.push(`- ${visit}, ${lib.label}: **the gated tracker was requested or ran before any consent in ${s.leaks} runs** (a gating failure).`);
    }
    for (const error of s.errors.slice(0, 5)) lines.push(`- ${visit}, ${lib.label}: ${error}`);
  }
  return lines;
}

/** Whether the machine was busy: more runnable work than cores makes every figure noisier. */
function noiseNote(meta) {
  const busy = Math.max(meta.loadStart, meta.loadEnd) > meta.cores;
  return busy
    ? `**Noisy run**: load average ${meta.loadStart.toFixed(1)} at start and ${meta.loadEnd.toFixed(1)} at the end on ${meta.cores} cores — other work competed for the CPU, so absolute times are inflated and the p90 columns are wide; the comparisons hold within one run (interleaved round-robin), not across runs.`
    : `Load average ${meta.loadStart.toFixed(1)} at start and ${meta.loadEnd.toFixed(1)} at the end on ${meta.cores} cores.`;
}

/**
 * @param {{
 *   libs: any[], meta: Record<string, any>, sizes?: Record<string, { files: number, html: number, list: string[] }>,
 *   first?: Map<string, any>, returning?: Map<string, any>, stored?: Record<string, string[]>,
 *   guard?: { variants: any[], summaries: Map<string, any>, ratios: Record<string, number[]>, workload: any },
 *   log?: string,
 * }} input
 */
export function renderReport({ libs, meta, sizes, first, returning, bare, stored, guard, log }) {
  const baselineLib = libs.find(lib => lib.baseline);
  const out = [
    '# Consent Gate vs peers: side-by-side bench',
    '',
    `${meta.date} · ${meta.machine} · ${meta.chromium} · Playwright ${meta.playwright} · Node ${meta.node}`,
    '',
    noiseNote(meta),
    '',
    ...(first || returning || guard
      ? [`${meta.runs} runs per library and visit, interleaved round-robin (each round runs every scenario and page once, the order rotated each round), fresh browser context per run, CPU throttled ${meta.cpuRate}× (CDP Emulation.setCPUThrottlingRate), viewport 1366×768, pages served gzip -9 from localhost. Ratios are peer ÷ ours. Scenarios in this run: ${meta.scenarios.join(', ')}.`, '']
      : [`Scenarios in this run: ${meta.scenarios.join(', ')}.`, '']),
  ];
  const warn = [];
  if (first) {
    const context = { sizes, baseline: baselineLib && first.get(baselineLib.id) };
    out.push('## First visit (no decision stored: the banner shows)', '', ...table(libs, first, firstRows(context)), '',
      '### SPEC §10, first visit', '', ...firstVerdicts(libs, first, context), '');
    warn.push(...warnings(libs, first, 'first visit'));
  }
  if (returning) {
    const context = { baseline: baselineLib && returning.get(baselineLib.id) };
    out.push('## Returning visit (each library\'s own "accept all" stored: no banner)', '', ...table(libs, returning, returningRows(context)), '',
      '### SPEC §10, returning visit', '', ...returningVerdicts(libs, returning, context), '');
    warn.push(...warnings(libs, returning, 'returning visit'));
  }
  if (bare) {
    out.push('## Both visits in a bare DevTools session (no Runtime or Network domain)', '',
      'The same pages driven over a bare DevTools pipe (`bench/bare.js`) instead of Playwright: each page gets only the Page, Performance and Emulation domains (no click: the accept figures are the Playwright runs\'). With Playwright\'s Runtime and Network domains on, Chromium captures a stack for each request a script starts, each exception it catches and each read of `document.cookie`, and V8 parses every function on that stack again to find its source positions; a library whose code sits in one function is parsed again whole, so the cost follows the size of its file. No visitor\'s browser has a DevTools client, so these script figures are closer to what a visitor\'s main thread spends; the tables above are the same measurement as before, kept for comparison across runs.', '');
    for (const visit of /** @type {const} */ (['first', 'returning'])) {
      const summaries = bare[visit];
      if (!summaries) continue;
      const context = { baseline: baselineLib && summaries.get(baselineLib.id) };
      out.push(`### ${visit === 'first' ? 'First visit' : 'Returning visit'}, bare session`, '', ...table(libs, summaries, bareRows(context, visit)), '',
        `#### SPEC §10, ${visit === 'first' ? 'first' : 'returning'} visit, in the bare session`, '', ...bareVerdicts(libs, summaries, context, visit), '');
      warn.push(...warnings(libs, summaries, `${visit === 'first' ? 'first' : 'returning'} visit (bare session)`));
    }
  }
  if (guard) {
    const { lines, verdicts } = guardSection(guard);
    out.push('## Network guard overhead (issue #12)', '', ...lines, '', '### Issue #12: guard on costs ≤ 10 % more than guard off', '', ...verdicts, '');
    warn.push(...warnings(guard.variants, guard.summaries, 'guard'));
  }
  if (log) out.push('## Consent log', '', log, '');
  if (warn.length) out.push('## Warnings', '', ...warn, '');
  if (first || returning || guard) out.push('## How each figure is measured', '', ...howMeasured({ libs, sizes, first, returning, stored, guard }), '');
  return out.join('\n');
}

function howMeasured({ libs, sizes, first, returning, stored, guard }) {
  const named = libs.filter(lib => !lib.baseline);
  const lines = [];
  if (first || returning) lines.push(
    '### Both visits',
    '',
    '- **Pages**: one per library (bench/pages/, generated from bench/host.html + bench/libs/<id>.html), the same ooopic-like host page; every library\'s tags at the end of `<body>` (CSS in `<head>`); zh-CN copy; the five categories of SPEC §3 where the library has categories. Gating: ' + named.map(lib => `${lib.label}: ${lib.gating}`).join('; ') + '. osano has no categories, preferences or gating: "allow" stands for accept-all and the page loads the tracker from its callbacks. The gated tag is a local fake tracker (bench/fake/hm.js) that stamps `performance.now()` the moment it runs.',
    '- **Page alone**: the host page without a library, run with the same probe (observers, click listener) looking for a banner that never comes; its script time is subtracted in the "of the library" rows, and the returning visit\'s TBT is compared with it.',
    '- **Long tasks / TBT**: `PerformanceObserver` `longtask` (buffered, from an init script that runs before any page script); TBT = Σ (duration − 50 ms) of the tasks starting inside the window. The page alone has no script, so the browser parses, styles and lays it out in one task (100–700 ms at 4× on this machine); a library\'s `<script>` at the end of `<body>` splits that task, so a page with a library can show less TBT than the page alone — TBT counts the page\'s work as well as the library\'s.',
    '- **The library\'s own long work**: `PerformanceObserver` `long-animation-frame` (frames of 50 ms or more) lists each script run over 5 ms in the frame with its `sourceURL`; the runs from the library\'s files and from the inline code of its page fragment (config, init call) are its own. "Longest script run" is the longest such run in the window (a single run of 50 ms or more is a long task of its own); "Σ" adds its runs in long frames.',
    '- **Script execution**: CDP `Performance.getMetrics` `ScriptDuration` (main-thread script compile + run), delta from before navigation to the window end.',
    '- **CLS**: `layout-shift` entries without `hadRecentInput`, summed over the window; the worst run is shown, and how many runs shifted at all. The verdict names what moved (tag, class, the start of its text) and sets the page alone beside it: a host page can shift by itself.',
    '- **JS heap**: `HeapProfiler.collectGarbage`, then `Performance.getMetrics` `JSHeapUsedSize`, at the window end.',
    '',
  );
  if (first) {
    lines.push(
      '### First visit',
      '',
      '- **Window**: navigation start → 1 s after the banner is visible (SPEC §10 "until the banner + 1 s"); no banner by load + 3 s = not rendered, and the window then ends at load + 1 s.',
      '- **Bytes**: the library\'s JS + CSS files gzip -9 (' + named.map(lib => `${lib.label}: ${sizes?.[lib.id]?.list.join(' + ') || 'none found'}`).join('; ') + '). "Requested before the banner was visible" sums the encoded bodies (resource timing `encodedBodySize`; the server gzips at level 9) of the library\'s requests whose `startTime` is before the banner\'s first visible frame — a file requested just before it counts whole (seen: ' + named.map(lib => `${lib.label}: ${first.get(lib.id)?.untilBannerFiles.join(', ') || 'none'}`).join('; ') + '). The network row sums every library request finished until banner + 1 s (seen: ' + named.map(lib => `${lib.label}: ${first.get(lib.id)?.requests.join(', ') || 'none'}`).join('; ') + '). The HTML row is gzip(page) − gzip(host page without a library).',
      '- **Banner visible**: the accept-all button (ours: `#consent-gate` → shadow root → `[data-action="accept-all"]`), looked for on every DOM mutation (a MutationObserver from the init script, also inside the shadow roots on the path) and, once it exists, checked in each animation frame until visible; the time is `performance.now()` (origin = navigation start) in the first frame callback where it has a box in the viewport and `checkVisibility({ opacityProperty, visibilityProperty })` holds — a fade-in counts from its first non-transparent frame. (Checking every frame from navigation on cost ~0.4 ms of script per frame at 4×, so it is not done.)',
      '- **Accept → first gated request / executed**: Playwright clicks the accept-all button; a capture `click` listener on `window`, installed before any library code, stamps `performance.now()` as the click is dispatched (the `pointerdown` time for a library that acts on the press). "Request" ends at the fake tracker\'s resource-timing `startTime`; "executed" ends at the tracker\'s own `performance.now()` stamp, taken as its first statement runs — same document clock for all three. No run within 5 s = n/a. A tracker request or run before the click is reported as a gating failure.',
      '',
    );
  }
  if (returning) {
    lines.push(
      '### Returning visit',
      '',
      '- **Stored decision**: before the first measured run, a throwaway context (not throttled, not measured) opens each library\'s page, clicks its accept-all button, waits for the tracker to run and for cookies and localStorage to stay unchanged for 1 s, and keeps what the library stored (the fake tracker\'s own `Hm_*` cookie left out); that state is put in place (Playwright `storageState`) before every returning-visit navigation. Nothing is hand-written. Stored: ' + named.map(lib => `${lib.label}: ${stored?.[lib.id]?.join(', ') || 'n/a'}`).join('; ') + '.',
      '- **Window**: navigation start → 1 s after the later of the `load` event and the granted tag\'s run (the page alone: load + 1 s). A run in which the banner becomes visible (same detection as the first visit) or the tag has not run by load + 3 s is an error sample, left out of the figures and listed under Warnings.',
      '- **Granted tag requested / executed**: the fake tracker\'s resource-timing `startTime` and its own `performance.now()` stamp, from navigation start.',
      '- **Bytes**: encoded bodies of the library\'s own requests finished in the window (seen: ' + named.map(lib => `${lib.label}: ${returning.get(lib.id)?.requests.join(', ') || 'none'}`).join('; ') + ').',
      '- **UI**: for ours, the elements in `#consent-gate`\'s shadow root at the window end, and whether any UI file (views.js, views/*, i18n/*-views.js, presets/disclosures.js) was requested.',
      '',
    );
  }
  if (guard) {
    const { workload } = guard;
    lines.push(
      '### Network guard overhead',
      '',
      `- **Pages**: bench/pages/guard-on.html, guard-off.html and guard-none.html, generated from bench/guard.html and bench/guard.js: the same page, Consent Gate's script tag first in \`<head>\` with \`"guard": true\` (its default in the script tag) or \`"guard": false\` and the services of the demo's guard scenario (six presets and a \`*.stats.example\` custom service, so the guard has its real host table to check), or no SDK. The runner checks that the guard is installed exactly on the "on" page.`,
      `- **Loops**: once the page and the SDK's deferred files have loaded (Playwright \`networkidle\`), the runner calls the page's own functions ${workload.repeats} times each: ${workload.domPairs.toLocaleString('en')} \`host.appendChild(document.createElement('div'))\` in one synchronous loop, \`performance.now()\` before and after (the divs are removed afterwards, untimed), and "with the microtasks they cause" on to a microtask queued after the loop, which runs after those the loop queued (the gate's \`MutationObserver\` callback: what the page pays in all); then ${workload.fetchCalls.toLocaleString('en')} \`fetch('/bench/ping?i=' + i)\` (first party; the bench server answers 204 at once; one URL per call so Chromium's cache lock does not queue them) — "issued" times the synchronous loop of calls (where the guard's check runs), "until all answered" runs on to the last settled promise (network included; every answer must be a 204); then ${workload.htmlWrites} \`innerHTML\` writes of an image grid as a list page renders it (60 first-party images whose URLs carry percent-encoded Chinese and \`&amp;\`, Chinese text), on to the end of the microtasks they queued: the guard reads every HTML string a page writes. Each run\'s figure is the median of its ${workload.repeats} repeats; the table shows the median (and p90) over runs; the ratio is of the medians; per-round ratios show the spread.`,
      '- **Verdict**: guard on ÷ guard off of the medians, against 1.10. Each round runs the three pages once, so each round also gives a ratio of its own; when the middle half of those per-round ratios lies on both sides of 1.10 the run cannot tell, and the verdict says "not resolved" instead of met or missed.',
      '- **Why "guard off" costs more than "no SDK" on the DOM loop**: the SDK without its guard still observes the document for gated markup (the gate\'s `MutationObserver` on the whole tree), and each `appendChild` queues a mutation record for it; a page with no SDK and only such an observer costs about as much (side check in docs/performance.md). That cost is the gate\'s, not the guard\'s, and is in both SDK columns: the guard on ÷ guard off ratio is the guard\'s own share.',
      '',
    );
  }
  return lines;
}
