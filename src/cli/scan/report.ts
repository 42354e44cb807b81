/**
 * The scan's report: what `--json` writes, what the table and the HTML report are printed from. The shape is a
 * contract for CI scripts (docs/scan.md): fields are added, never renamed or removed, without a new `format`.
 */
export const REPORT_FORMAT = 'consent-gate-scan/1';

/** `before`: no decision yet · `reject`: after "reject all" · `accept`: after "accept all" (a fresh profile). */
export type PhaseId = 'before' | 'reject' | 'accept';

/** What the scan did: open the URL, click a banner button, reload, open a second page of the site. */
export type StepId = 'load' | 'reject-all' | 'reload' | 'second-page' | 'accept-all';

export type PageVerdict = 'clean' | 'leak' | 'unscannable';

/** `incomplete`: the phase stopped before its end (see the page's `error`); it never reads as clean. */
export type PhaseVerdict = 'clean' | 'leak' | 'incomplete';

/**
 * - `optional-before-decision`: a service of an optional category (anything but `necessary`) before any decision
 * - `optional-after-refusal`: the same after "reject all" (after the click, the reload and on a second page)
 * - `unknown-third-party`: a request (or a cookie of another site) that no preset or configured service names
 * - `not-configured`: after "accept all", a known service the page's config (and `--config`) does not list, so the
 *   visitor was never asked about it
 */
export type FindingRule = 'optional-before-decision' | 'optional-after-refusal' | 'unknown-third-party' | 'not-configured';

export type FailureReason =
  | 'dns'
  | 'connection'
  | 'tls'
  | 'http-status'
  | 'timeout'
  | 'no-banner'
  | 'no-decision'
  | 'sdk-file'
  | 'navigation'
  | 'crash'
  | 'browser';

export interface ScanFailure {
  phase: PhaseId;
  step: StepId;
  reason: FailureReason;
  /** One sentence for people, e.g. `HTTP 500 Internal Server Error`. */
  message: string;
  /** The document's HTTP status, for `http-status`; the file's, for `sdk-file` when it answered one. */
  status?: number;
  /** For `sdk-file`: the URL of the SDK's file that did not come (its bundle, or one it loads from beside itself). */
  file?: string;
}

export interface RequestSeen {
  url: string;
  host: string;
  method: string;
  /** Playwright's resource type: `script`, `image`, `xhr`, `fetch`, `ping` (sendBeacon), `document`, `websocket`, … */
  type: string;
  step: StepId;
  /** The HTTP status answered (locally with `--offline` / `--vendors`); `null` when none came. */
  status: number | null;
  /** Why no answer came (`net::ERR_NAME_NOT_RESOLVED`, …), when the request failed. */
  failure?: string;
  service: string | null;
  category: string | null;
  /**
   * Where the page asked for it, as DevTools names the initiator: the script and its line and column
   * (`https://www.example.com/js/ad.js:1:2045`), or the document and the line of its markup (`https://www.example.com/:12`).
   * Absent where Chromium said nothing (a frame of another site, a worker, the browser's own request).
   */
  from?: string;
  /**
   * A POST whose body is a consent receipt the consent log would store (src/server/receipt-schema.ts): only such a POST
   * to the configured `receipt.url` is the SDK's own. Absent for any other request.
   */
  receipt?: true;
}

/**
 * A cookie the phase wrote or left: written by script (seen as it was written, even if removed a moment later)
 * or present in the profile at the end of a step (HTTP `Set-Cookie` included). One entry per name and domain.
 */
export interface CookieSeen {
  name: string;
  domain: string;
  path: string;
  /** At most 80 characters of the value. */
  value: string;
  /** Set for another site than the page's. */
  thirdParty: boolean;
  /** The step during which it was first written or seen. */
  step: StepId;
  service: string | null;
  category: string | null;
}

/** A localStorage / sessionStorage key written through `setItem`, or present at the end of a step (main frame). */
export interface StorageSeen {
  area: 'local' | 'session';
  origin: string;
  key: string;
  /** Written by a frame of another site (its own, partitioned storage). */
  thirdParty: boolean;
  step: StepId;
  service: string | null;
  category: string | null;
}

export interface Finding {
  rule: FindingRule;
  kind: 'request' | 'cookie' | 'storage';
  service: string | null;
  category: string | null;
  /** The URL, `cookie-name (domain)` or `local:key`. */
  subject: string;
  /** Where it went or lives: the request's host, the cookie's domain, the storage's origin host. */
  host: string;
  step: StepId;
  /** A request's: where the page asked for it (`RequestSeen.from`). */
  from?: string;
}

/** The `unknown-third-party` findings of a phase for one host: one recipient nobody declared. */
export interface UnknownHost {
  host: string;
  /** How many findings name it (each request, cookie and storage key). */
  count: number;
  /** The subject of the first of them: a URL, `cookie-name (domain)` or `local:key`. */
  first: string;
  /** The requests' resource types (`script`, `image`, `xhr`, …), `cookie` and `storage`, in the order first seen. */
  kinds: string[];
  steps: StepId[];
}

export interface StepSeen {
  step: StepId;
  url: string;
  /** Whether a banner button (`[data-action="accept-all"]` / `reject-all`) was visible when the step settled. */
  banner: boolean;
  /**
   * How long the step watched the page once its action was done (a page opened: from its `load` event; a click: from
   * the click): what a tracker that starts later would not be seen in.
   */
  watchedMs?: number;
}

export interface PhaseReport {
  phase: PhaseId;
  verdict: PhaseVerdict;
  steps: StepSeen[];
  /** File name of the phase's screenshot in the `--html` folder. */
  screenshot?: string;
  requests: RequestSeen[];
  cookies: CookieSeen[];
  storage: StorageSeen[];
  findings: Finding[];
  /** `findings` of the rule `unknown-third-party` grouped by host (the findings themselves all stay in `findings`). */
  unknownHosts: UnknownHost[];
  /** What the verdict does not cover but a person should know (the banner showed again, the network never went quiet, …). */
  notes: string[];
}

export interface PageReport {
  url: string;
  finalUrl: string;
  /**
   * Where the first load ended when that was another host or path than asked (a login page, a region's home): the
   * page checked, which is not the one asked for. Absent when the page stayed.
   */
  redirected?: string;
  /** The page's site (registrable domain): what counts as first party. */
  site: string;
  verdict: PageVerdict;
  error?: ScanFailure;
  /** Where the page's consent config was read (`element`: `#consent-gate-config`), the services it lists, problems. */
  pageConfig: { source: 'element' | 'global' | 'controller' | null; services: string[]; problems: string[] };
  phases: PhaseReport[];
  durationMs: number;
}

export interface ScanReport {
  format: typeof REPORT_FORMAT;
  tool: { name: 'consent-gate'; version: string };
  /** The browser that loaded the pages, e.g. `chromium 140.0.7339.185`. */
  browser: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  options: {
    lang: string;
    timeoutMs: number;
    /** `live`: third parties reached over the network · `offline`: answered empty · `vendors`: answered from a base URL. */
    network: 'live' | 'offline' | 'vendors';
    vendors?: string;
    config?: string;
    /** The `--storage-state` file both profiles started from. */
    storageState?: string;
  };
  /** 0 every page clean · 1 a page leaks · 2 a page could not be scanned (wins over 1: the run is incomplete). */
  exitCode: 0 | 1 | 2;
  summary: { pages: number; clean: number; leaking: number; unscannable: number; findings: number };
  pages: PageReport[];
}

export const PHASE_LABELS: Record<PhaseId, string> = {
  before: 'before decision',
  reject: 'after reject all',
  accept: 'after accept all',
};
