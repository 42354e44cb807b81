import type { CookieSeen, Finding, FindingRule, PhaseId, PhaseVerdict, RequestSeen, StorageSeen } from './report.js';

/** What the verdict needs of one observation. */
export interface Observation {
  /** Left the page's site (a request, a cookie of another domain). */
  thirdParty: boolean;
  /** The service that names it, if any. */
  service?: { category: string; configured: boolean };
}

/**
 * The verdict rules of SPEC §7.5 and issue #14, one observation at a time:
 *
 * | phase          | unnamed, third party  | unnamed, first party | necessary | optional, configured       | optional, not configured |
 * |----------------|-----------------------|----------------------|-----------|----------------------------|--------------------------|
 * | before         | unknown-third-party   | —                    | —         | optional-before-decision   | optional-before-decision |
 * | reject         | unknown-third-party   | —                    | —         | optional-after-refusal     | optional-after-refusal   |
 * | accept         | unknown-third-party   | —                    | —         | —                          | not-configured           |
 *
 * An unnamed first-party cookie or storage key (a session id, a cart) is listed but not judged: the scan cannot
 * tell the site's own necessary state from tracking; a `--config` service names it when it matters. Everything
 * leaving the site must be named, or it is a finding: a visitor cannot consent to a recipient nobody declared.
 */
export function ruleFor(phase: PhaseId, seen: Observation): FindingRule | undefined {
  const { service } = seen;
  if (!service) return seen.thirdParty ? 'unknown-third-party' : undefined;
  if (service.category === 'necessary') return undefined;
  if (phase === 'accept') return service.configured ? undefined : 'not-configured';
  return phase === 'before' ? 'optional-before-decision' : 'optional-after-refusal';
}

const hostOf = (origin: string) => {
  try {
    return new URL(origin).hostname;
  } catch {
    return origin;
  }
};

type Named = { service: string | null; category: string | null; step: Finding['step'] };

/**
 * Every finding of a phase. `configured` says which service ids the page's config or `--config` lists; the
 * observations carry only names, so the JSON stays flat.
 */
export function judgePhase(
  phase: PhaseId,
  seen: { requests: RequestSeen[]; cookies: CookieSeen[]; storage: StorageSeen[] },
  configured: ReadonlySet<string>,
): Finding[] {
  const findings: Finding[] = [];
  const judge = (kind: Finding['kind'], item: Named, thirdParty: boolean, subject: string, host: string, from?: string) => {
    const service = item.service && item.category ? { category: item.category, configured: configured.has(item.service) } : undefined;
    const rule = ruleFor(phase, service ? { thirdParty, service } : { thirdParty });
    if (rule) findings.push({ rule, kind, service: item.service, category: item.category, subject, host, step: item.step, ...(from ? { from } : {}) });
  };
  for (const request of seen.requests) judge('request', request, true, request.url, request.host, request.from);
  for (const cookie of seen.cookies) judge('cookie', cookie, cookie.thirdParty, `${cookie.name} (${cookie.domain})`, cookie.domain.replace(/^\./, ''));
  for (const entry of seen.storage) judge('storage', entry, entry.thirdParty, `${entry.area}:${entry.key}`, hostOf(entry.origin));
  return findings;
}

/** A phase that stopped early is `incomplete` even without findings: what it did not see may leak. */
export function phaseVerdict(findings: Finding[], completed: boolean): PhaseVerdict {
  if (findings.length) return 'leak';
  return completed ? 'clean' : 'incomplete';
}
