import type { Finding, RequestSeen, UnknownHost } from './report.js';

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

/**
 * A phase's `unknown-third-party` findings by host, in the order first seen: each host is one recipient to identify
 * and declare, however many URLs it was called at (a page calling 40 URLs of one vendor printed 40 lines). `kinds`
 * are the requests' resource types (`script`, `image`, …) and `cookie` / `storage`, in the order first seen.
 */
export function unknownHostsOf(findings: Finding[], requests: Array<Pick<RequestSeen, 'url' | 'type'>>): UnknownHost[] {
  const typeOf = new Map<string, string>();
  for (const request of requests) if (!typeOf.has(request.url)) typeOf.set(request.url, request.type);
  const hosts = new Map<string, UnknownHost>();
  for (const finding of findings) {
    if (finding.rule != 'unknown-third-party') continue;
    const host = hosts.get(finding.host) ?? { host: finding.host, count: 0, first: finding.subject, kinds: [], steps: [] };
    hosts.set(finding.host, host);
    host.count++;
    const kind = finding.kind == 'request' ? (typeOf.get(finding.subject) ?? 'request') : finding.kind;
    if (!host.kinds.includes(kind)) host.kinds.push(kind);
    if (!host.steps.includes(finding.step)) host.steps.push(finding.step);
  }
  return [...hosts.values()];
}

/** `40 requests (script, image), 2 cookies`: what an unknown host was seen as. */
export function unknownHostCounts(findings: Finding[], group: UnknownHost): string {
  const count = (kind: Finding['kind']) => findings.filter(finding => finding.kind === kind).length;
  const types = group.kinds.filter(kind => kind !== 'cookie' && kind !== 'storage');
  const parts = [
    count('request') ? `${count('request')} request${count('request') > 1 ? 's' : ''}${types.length ? ` (${types.join(', ')})` : ''}` : '',
    count('cookie') ? `${count('cookie')} cookie${count('cookie') > 1 ? 's' : ''}` : '',
    count('storage') ? `${count('storage')} storage key${count('storage') > 1 ? 's' : ''}` : '',
  ];
  return parts.filter(Boolean).join(', ');
}
