import { unknownHostsOf } from './collapse-findings.js';
import { judgePhase, phaseVerdict } from './judge-phase.js';
import type { CookieSeen, PhaseId, PhaseReport, RequestSeen, StepSeen, StorageSeen } from './report.js';
import { CONSENT_GATE, type ServiceCatalogue } from './service-catalogue.js';
import type { RawRequest } from './watch-network.js';

type RawCookie = Omit<CookieSeen, 'thirdParty' | 'service' | 'category'>;
type RawStorage = Omit<StorageSeen, 'thirdParty' | 'service' | 'category'>;

/** What a phase gathers while it runs: raw, unnamed, possibly repeated (a cookie is seen after every step). */
export interface PhaseRecord {
  id: PhaseId;
  steps: StepSeen[];
  /** Written by script first, then as the profile held them after each step, in step order. */
  cookies: RawCookie[];
  storage: RawStorage[];
  requests: RawRequest[];
  completed: boolean;
  notes: string[];
  screenshot?: string;
}

export const createPhaseRecord = (id: PhaseId): PhaseRecord => ({
  id,
  steps: [],
  cookies: [],
  storage: [],
  requests: [],
  completed: false,
  notes: [],
});

/** One entry per key, the first one seen kept (writes come before snapshots, so a write's step wins). */
function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

const named = (name: { id: string; category: string } | undefined) => ({ service: name?.id ?? null, category: name?.category ?? null });

/** A request's path, for host rules with a path prefix; none for a URL that does not parse. */
const pathOf = (url: string) => {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
};

/**
 * A phase as the report shows it: each request, cookie (one per name and domain) and storage key named by
 * service, judged, with the phase's verdict. Objects are built key by key, in the order docs/scan.md shows, so
 * the JSON diffs cleanly from run to run.
 */
export function buildPhaseReport(
  phase: PhaseRecord,
  naming: {
    catalogue: ServiceCatalogue;
    configured: ReadonlySet<string>;
    isFirstParty(host: string): boolean;
    /** The SDK's own files, wherever they are served from (a CDN of another site): named `consent-gate`, necessary. */
    isSdkFile?(url: string): boolean;
  },
): PhaseReport {
  const { catalogue, isFirstParty } = naming;
  const requests: RequestSeen[] = phase.requests.map(r => ({
    url: r.url,
    host: r.host,
    method: r.method,
    type: r.type,
    step: r.step,
    status: r.status,
    ...(r.failure ? { failure: r.failure } : {}),
    ...named(naming.isSdkFile?.(r.url) ? { id: CONSENT_GATE, category: 'necessary' } : catalogue.byHost(r.host, pathOf(r.url), r)),
    ...(r.from ? { from: r.from } : {}),
  }));
  const cookies: CookieSeen[] = unique(phase.cookies, c => `${c.name}\n${c.domain.replace(/^\./, '')}`).map(c => ({
    name: c.name,
    domain: c.domain,
    path: c.path,
    value: c.value,
    thirdParty: !isFirstParty(c.domain.replace(/^\./, '')),
    step: c.step,
    ...named(catalogue.byCookie(c.name, c.domain)),
  }));
  const storage: StorageSeen[] = unique(phase.storage, s => `${s.area}\n${s.origin}\n${s.key}`).map(s => ({
    area: s.area,
    origin: s.origin,
    key: s.key,
    thirdParty: !isFirstParty(new URL(s.origin).hostname),
    step: s.step,
    ...named(catalogue.byStorage(s.key)),
  }));
  const findings = judgePhase(phase.id, { requests, cookies, storage }, naming.configured);
  // The banner again after a decision is no leak, but the visitor is asked again: the choice was not stored.
  const notes = [...phase.notes];
  if (phase.id !== 'before') {
    for (const seen of phase.steps.filter(s => s.banner)) {
      notes.push(`${seen.step}: the banner showed again after "${phase.id === 'reject' ? 'reject' : 'accept'} all": the choice was not kept`);
    }
  }
  return {
    phase: phase.id,
    verdict: phaseVerdict(findings, phase.completed),
    steps: phase.steps,
    ...(phase.screenshot ? { screenshot: phase.screenshot } : {}),
    requests,
    cookies,
    storage,
    findings,
    unknownHosts: unknownHostsOf(findings, requests),
    notes,
  };
}
