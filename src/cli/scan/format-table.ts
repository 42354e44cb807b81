import { collapseFindings, unknownHostCounts, unknownHostsOf } from './collapse-findings.js';
import { PHASE_LABELS, type Finding, type PageReport, type PhaseReport, type ScanReport } from './report.js';

/** How many findings of one phase the table prints; the JSON and HTML reports carry them all. */
const MAX_FINDINGS = 12;
const MAX_URL = 110;

/**
 * Text from the page (URLs, cookie names) printed to a terminal: control characters would let a page move the
 * cursor or rewrite earlier lines of a CI log, so they are shown escaped; long URLs are cut.
 */
export function safeText(text: string, max = MAX_URL): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, c => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

type Paint = (text: string, tone: 'good' | 'bad' | 'warn' | 'dim') => string;
const plain: Paint = text => text;
const CODES = { good: 32, bad: 31, warn: 33, dim: 2 } as const;
export const ansi: Paint = (text, tone) => `\u001b[${CODES[tone]}m${text}\u001b[0m`;

function table(rows: string[][], indent: string): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map(row => row[i]!.length)));
  return rows.map(row => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}

const bannerCell = (phase: PhaseReport) => {
  if (!phase.steps.length) return '—';
  const shown = phase.steps.some(step => step.banner);
  if (phase.phase === 'before') return shown ? 'shown' : 'not shown';
  return shown ? 'shown again' : 'hidden';
};

const who = (finding: Finding) => (finding.service ? `${finding.service} (${finding.category})` : 'unknown third party');

const RULE_WORDS: Record<Finding['rule'], string> = {
  'optional-before-decision': 'before any decision',
  'optional-after-refusal': 'after a refusal',
  'unknown-third-party': 'names no known service',
  'not-configured': 'not in the page\'s config',
};

/**
 * A phase's findings as rows: one per service and subject (the same request after the click, the reload and on the
 * second page is one line with its count), and an unknown third party seen at more than one subject as one row for its
 * host — its count, kinds and first URL: a page calling 40 URLs of one vendor printed 40 lines.
 */
function findingRows(phase: PhaseReport): Array<{ who: string; kind: string; text: string }> {
  const rows: Array<{ who: string; kind: string; text: string }> = [];
  const grouped = new Set<string>();
  const unknown = phase.findings.filter(finding => finding.rule === 'unknown-third-party');
  for (const group of unknownHostsOf(unknown, phase.requests)) {
    const ofHost = unknown.filter(finding => finding.host === group.host);
    if (collapseFindings(ofHost).length < 2) continue;
    grouped.add(group.host);
    const kinds = [...new Set(ofHost.map(finding => finding.kind))].join('+');
    const text = `${safeText(group.host)}: ${unknownHostCounts(ofHost, group)}, first ${safeText(group.first)} — ${RULE_WORDS['unknown-third-party']}`;
    rows.push({ who: 'unknown third party', kind: kinds, text });
  }
  for (const { finding, count } of collapseFindings(phase.findings)) {
    if (finding.rule === 'unknown-third-party' && grouped.has(finding.host)) continue;
    const times = count > 1 ? ` (${count}×)` : '';
    // Where the page asked for it: the template line or the script to fix.
    const from = finding.from ? `, from ${safeText(finding.from)}` : '';
    rows.push({ who: who(finding), kind: finding.kind, text: `${safeText(finding.subject)}${times} — ${RULE_WORDS[finding.rule]}${from}` });
  }
  // Grouped by service, so twenty Hm_ cookies of one vendor read as one vendor.
  return rows.sort((a, b) => a.who.localeCompare(b.who));
}

function pageLines(page: PageReport, paint: Paint): string[] {
  const word = { clean: paint('clean', 'good'), leak: paint('LEAK ', 'bad'), unscannable: paint('ERROR', 'warn') }[page.verdict];
  const lines = [`${word}  ${safeText(page.url)}`];
  if (page.redirected) lines.push(`       → ${safeText(page.redirected)} ${paint('(redirected: the page checked is not the one asked for)', 'warn')}`);
  else if (page.finalUrl !== page.url) lines.push(`       → ${safeText(page.finalUrl)}`);
  if (page.error) {
    const phase = PHASE_LABELS[page.error.phase];
    lines.push(`  ${paint('could not scan', 'warn')}: ${safeText(page.error.message, 300)} (${phase}, step ${page.error.step})`);
  }
  const ran = page.phases.filter(phase => phase.steps.length || phase.findings.length);
  if (ran.length) {
    const rows = [['phase', 'banner', 'third-party requests', 'cookies', 'storage keys', 'verdict']];
    for (const phase of ran) {
      const verdict = phase.verdict === 'leak' ? `LEAK (${phase.findings.length})` : phase.verdict;
      rows.push([PHASE_LABELS[phase.phase], bannerCell(phase), String(phase.requests.length), String(phase.cookies.length), String(phase.storage.length), verdict]);
    }
    lines.push('', ...table(rows, '  '));
    // How long each step looked: a tracker that starts later (a timer past TIMER_MS, a scroll) is not in this report.
    const watched = ran.flatMap(phase => phase.steps).filter(step => step.watchedMs !== undefined);
    if (watched.length) lines.push(`  ${paint(`watched after ${watched.map(step => `${step.step} ${(step.watchedMs! / 1000).toFixed(1)} s`).join(', ')}`, 'dim')}`);
  }
  const findings = page.phases.filter(phase => phase.findings.length);
  if (findings.length) {
    lines.push('', '  findings');
    const rows: string[][] = [];
    for (const phase of findings) {
      const sorted = findingRows(phase);
      sorted.slice(0, MAX_FINDINGS).forEach(({ who, kind, text }, i) => rows.push([i === 0 ? PHASE_LABELS[phase.phase] : '', who, kind, text]));
      if (sorted.length > MAX_FINDINGS) rows.push(['', `… and ${sorted.length - MAX_FINDINGS} more (see --json or --html)`, '', '']);
    }
    lines.push(...table(rows, '    ').map(line => line.replace(/ — /, ` ${paint('—', 'dim')} `)));
  }
  const notes = page.phases.flatMap(phase => phase.notes.map(note => `${PHASE_LABELS[phase.phase]}, ${note}`));
  const problems = page.pageConfig.problems.map(problem => `page config: ${problem}`);
  if (notes.length || problems.length) {
    lines.push('', '  notes');
    for (const note of [...problems, ...notes]) lines.push(`    ${paint(safeText(note, 300), 'dim')}`);
  }
  return lines;
}

const NETWORK_WORDS: Record<ScanReport['options']['network'], string> = {
  live: 'third parties over the network',
  offline: 'third parties answered empty, never contacted (--offline)',
  vendors: 'third parties answered from --vendors, never contacted',
};

/** The terminal report: one block per page (a phase table, findings by service, notes), then the totals. */
export function formatTable(report: ScanReport, paint: Paint = plain): string {
  const { summary } = report;
  const head = `consent-gate scan · ${summary.pages} page${summary.pages === 1 ? '' : 's'} · ${NETWORK_WORDS[report.options.network]}${
    report.options.vendors ? ` (${safeText(report.options.vendors)})` : ''
  }`;
  const blocks = report.pages.map(page => pageLines(page, paint).join('\n'));
  const total =
    `${summary.pages} page${summary.pages === 1 ? '' : 's'}: ${summary.clean} clean, ${summary.leaking} leaking, ${summary.unscannable} not scanned` +
    ` · ${summary.findings} finding${summary.findings === 1 ? '' : 's'} · ${(report.durationMs / 1000).toFixed(1)} s · exit code ${report.exitCode}`;
  return `${head}\n\n${blocks.join('\n\n')}\n\n${total}\n`;
}
