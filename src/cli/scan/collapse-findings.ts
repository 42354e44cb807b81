import type { Finding } from './report.js';

/** Identical findings (rule, kind, service, subject) as one, with how many times they occurred. */
export function collapseFindings(findings: Finding[]): Array<{ finding: Finding; count: number }> {
  const groups = new Map<string, { finding: Finding; count: number }>();
  for (const finding of findings) {
    const key = [finding.rule, finding.kind, finding.service, finding.subject].join('\n');
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { finding, count: 1 });
  }
  return [...groups.values()];
}
