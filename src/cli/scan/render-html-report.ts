import { collapseFindings, unknownHostCounts, unknownHostsOf } from './collapse-findings.js';
import { PHASE_LABELS, type Finding, type PageReport, type PhaseReport, type ScanReport } from './report.js';

/** Everything from the page (URLs, cookie names and values, storage keys) is hostile input: text only, always. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

/** A link only for http(s) URLs; anything else (`javascript:`, `data:`) is shown as text. */
function urlCell(url: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}" rel="noreferrer noopener">${escapeHtml(url)}</a>` : escapeHtml(url);
}

// No script, no remote resource: the report opens from a CI artifact or a mail attachment, and the meta CSP
// keeps any markup that escaped the escaping inert.
const HEAD = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>consent-gate scan report</title>
<style>
body { font: 14px/1.5 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin: 0; word-break: break-all; } h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
section.page { border: 1px solid #d0d0d6; border-radius: 8px; padding: 1rem 1.25rem; margin: 1.5rem 0; }
.verdict { display: inline-block; padding: 0 .5rem; border-radius: 4px; font-weight: 600; margin-right: .5rem; }
.clean { background: #e3f6e8; color: #135c2c; } .leak { background: #fde4e4; color: #8a1010; } .unscannable, .incomplete { background: #fff1d6; color: #7a4b00; }
.shots { display: grid; grid-template-columns: repeat(3, 1fr); gap: .75rem; }
figure { margin: 0; } figure img { width: 100%; border: 1px solid #d0d0d6; border-radius: 4px; } figcaption { font-size: .85rem; color: #555; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; } th, td { text-align: left; vertical-align: top; padding: .25rem .5rem; border-bottom: 1px solid #ececf0; }
td { word-break: break-all; } th { background: #f6f6f8; } code { font-size: .85em; } .muted { color: #666; } ul.notes { color: #555; }
details { margin: .5rem 0; } summary { cursor: pointer; }
</style>
</head>
<body>
`;

const RULE_WORDS: Record<Finding['rule'], string> = {
  'optional-before-decision': 'optional, before any decision',
  'optional-after-refusal': 'optional, after a refusal',
  'unknown-third-party': 'unknown third party',
  'not-configured': 'not in the page’s config',
};

const badge = (verdict: string) => `<span class="verdict ${escapeHtml(verdict)}">${escapeHtml(verdict === 'leak' ? 'LEAK' : verdict)}</span>`;

function screenshots(page: PageReport): string {
  const figures = page.phases
    .filter(phase => phase.screenshot)
    .map(phase => {
      const banner = phase.steps.length ? (phase.steps.some(step => step.banner) ? 'banner shown' : 'no banner') : '';
      return `<figure><img src="${escapeHtml(phase.screenshot!)}" alt="${escapeHtml(PHASE_LABELS[phase.phase])}" loading="lazy"><figcaption>${escapeHtml(
        PHASE_LABELS[phase.phase],
      )} · ${badge(phase.verdict)} ${escapeHtml(banner)}</figcaption></figure>`;
    });
  return figures.length ? `<div class="shots">${figures.join('')}</div>` : '';
}

/** Findings grouped by service (a vendor with twenty cookies is one row), one column per phase. */
function findingsByService(page: PageReport): string {
  const groups = new Map<string, Map<PhaseReport['phase'], Finding[]>>();
  for (const phase of page.phases) {
    for (const finding of phase.findings) {
      // Unknown third parties are grouped by host: each one is a recipient to identify and declare.
      const key = finding.service ? `${finding.service} (${finding.category})` : `unknown third party: ${finding.host}`;
      const byPhase = groups.get(key) ?? new Map<PhaseReport['phase'], Finding[]>();
      byPhase.set(phase.phase, [...(byPhase.get(phase.phase) ?? []), finding]);
      groups.set(key, byPhase);
    }
  }
  if (!groups.size) return '<p class="muted">No findings.</p>';
  const phases = page.phases.map(phase => phase.phase);
  const rows = [...groups].map(([service, byPhase]) => {
    const cells = phases.map(id => {
      const list = byPhase.get(id) ?? [];
      const lines = collapseFindings(list).map(
        ({ finding: f, count }) =>
          `${escapeHtml(f.kind)}: <code>${escapeHtml(f.subject)}</code>${count > 1 ? ` ${count}×` : ''} <span class="muted">(${escapeHtml(RULE_WORDS[f.rule])})</span>${
            f.from ? ` from <code>${escapeHtml(f.from)}</code>` : ''
          }`,
      );
      // An unknown host called at several URLs: its count, kinds and first URL, the URLs folded below.
      const [host] = list[0]?.service === null && lines.length > 1 ? unknownHostsOf(list, page.phases.find(phase => phase.phase === id)!.requests) : [];
      if (host) {
        return `<td>${escapeHtml(unknownHostCounts(list, host))}, first <code>${escapeHtml(host.first)}</code> <span class="muted">(${escapeHtml(RULE_WORDS['unknown-third-party'])})</span><details><summary>all ${lines.length}</summary>${lines.join('<br>')}</details></td>`;
      }
      return `<td>${lines.join('<br>')}</td>`;
    });
    return `<tr><th scope="row">${escapeHtml(service)}</th>${cells.join('')}</tr>`;
  });
  return `<table><thead><tr><th>service</th>${phases.map(id => `<th>${escapeHtml(PHASE_LABELS[id])}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const serviceCell = (item: { service: string | null; category: string | null }) =>
  escapeHtml(item.service ? `${item.service} (${item.category})` : '—');

function observations(phase: PhaseReport): string {
  const requests = phase.requests.map(
    r => `<tr><td>${escapeHtml(r.step)}</td><td>${urlCell(r.url)}</td><td>${escapeHtml(r.type)}</td><td>${escapeHtml(String(r.status ?? r.failure ?? ''))}</td><td>${serviceCell(r)}</td><td>${r.from ? `<code>${escapeHtml(r.from)}</code>` : ''}</td></tr>`,
  );
  const cookies = phase.cookies.map(
    c => `<tr><td>${escapeHtml(c.step)}</td><td><code>${escapeHtml(c.name)}</code></td><td>${escapeHtml(c.domain)}${c.thirdParty ? ' <span class="muted">(third party)</span>' : ''}</td><td><code>${escapeHtml(c.value)}</code></td><td>${serviceCell(c)}</td></tr>`,
  );
  const storage = phase.storage.map(
    s => `<tr><td>${escapeHtml(s.step)}</td><td>${escapeHtml(s.area)}Storage</td><td><code>${escapeHtml(s.key)}</code></td><td>${escapeHtml(s.origin)}</td><td>${serviceCell(s)}</td></tr>`,
  );
  const block = (title: string, head: string[], rows: string[]) =>
    rows.length
      ? `<h4>${escapeHtml(title)} (${rows.length})</h4><table><thead><tr>${head.map(h => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`
      : `<p class="muted">${escapeHtml(title)}: none</p>`;
  const steps = phase.steps
    .map(s => `${escapeHtml(s.step)}: ${urlCell(s.url)}${s.banner ? ' (banner shown)' : ''}${s.watchedMs !== undefined ? ` <span class="muted">· watched ${(s.watchedMs / 1000).toFixed(1)} s</span>` : ''}`)
    .join('<br>');
  return `<details><summary>${escapeHtml(PHASE_LABELS[phase.phase])} ${badge(phase.verdict)} — ${phase.requests.length} third-party requests, ${phase.cookies.length} cookies, ${phase.storage.length} storage keys</summary>
<p>${steps || '<span class="muted">not run</span>'}</p>
${block('third-party requests', ['step', 'URL', 'type', 'status', 'service', 'asked for at'], requests)}
${block('cookies', ['step', 'name', 'domain', 'value (first 80 characters)', 'service'], cookies)}
${block('storage keys', ['step', 'area', 'key', 'origin', 'service'], storage)}
${phase.notes.length ? `<ul class="notes">${phase.notes.map(n => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : ''}
</details>`;
}

function pageSection(page: PageReport, index: number): string {
  const error = page.error
    ? `<p><strong>Could not scan:</strong> ${escapeHtml(page.error.message)} <span class="muted">(${escapeHtml(PHASE_LABELS[page.error.phase])}, step ${escapeHtml(page.error.step)}, reason ${escapeHtml(page.error.reason)})</span></p>`
    : '';
  const config = page.pageConfig;
  const configLine = `<p class="muted">Page config: ${
    config.source ? `${escapeHtml(config.source)}, services ${escapeHtml(config.services.join(', ') || 'none')}` : 'not found'
  }${config.problems.length ? ` · problems: ${escapeHtml(config.problems.join('; '))}` : ''} · site ${escapeHtml(page.site)} · ${(page.durationMs / 1000).toFixed(1)} s</p>`;
  return `<section class="page" id="page-${index + 1}">
<h2>${badge(page.verdict)}${urlCell(page.url)}</h2>
${
  page.redirected
    ? `<p><strong>Redirected</strong> to ${urlCell(page.redirected)}: the page checked is not the one asked for</p>`
    : page.finalUrl !== page.url
      ? `<p class="muted">landed on ${urlCell(page.finalUrl)}</p>`
      : ''
}
${error}${configLine}
${screenshots(page)}
<h3>Findings by service</h3>
${findingsByService(page)}
<h3>Everything seen</h3>
${page.phases.map(observations).join('\n')}
</section>`;
}

/** The `--html` report's index.html: self-contained (inline styles, screenshots as files beside it), no script. */
export function renderHtmlReport(report: ScanReport): string {
  const { summary, options } = report;
  const head = `<h1>consent-gate scan report</h1>
<p>${badge(report.exitCode === 0 ? 'clean' : report.exitCode === 1 ? 'leak' : 'unscannable')} ${summary.pages} pages: ${summary.clean} clean, ${summary.leaking} leaking, ${summary.unscannable} not scanned · ${summary.findings} findings · exit code ${report.exitCode}</p>
<p class="muted">${escapeHtml(report.startedAt)} · ${(report.durationMs / 1000).toFixed(1)} s · consent-gate ${escapeHtml(report.tool.version)} · ${escapeHtml(report.browser)} · language ${escapeHtml(options.lang)} · timeout ${options.timeoutMs} ms · network ${escapeHtml(options.network)}${
    options.vendors ? ` (${escapeHtml(options.vendors)})` : ''
  }${options.config ? ` · config ${escapeHtml(options.config)}` : ''}</p>
<ol>${report.pages.map((page, i) => `<li><a href="#page-${i + 1}">${escapeHtml(page.url)}</a> ${badge(page.verdict)}</li>`).join('')}</ol>`;
  return `${HEAD}${head}\n${report.pages.map(pageSection).join('\n')}\n</body>\n</html>\n`;
}
