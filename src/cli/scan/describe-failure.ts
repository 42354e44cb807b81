import type { FailureReason } from './report.js';
import { isBundle, whatHappened, type SdkFileFailure } from './watch-sdk-files.js';

/** A step that could not be done, with the reason a report can group by. */
export class ScanStepError extends Error {
  override name = 'ScanStepError';
  constructor(
    readonly reason: FailureReason,
    message: string,
    readonly status?: number,
    readonly file?: string,
  ) {
    super(message);
  }
}

/**
 * The SDK's files that failed, as the cause of a page that could not be scanned: `sdk-file`, naming the one that
 * explains most with its status, and how many more. The bundle before any other (without it nothing else of the SDK
 * is asked for), then `decide.js` and `cookie.js` (without them a click decides nothing: with `gate.js` missing too,
 * the reason named `gate.js`, which only holds gated markup back), then the first that failed.
 */
export function sdkFileError(files: SdkFileFailure[], after?: string): ScanStepError {
  const rank = (url: string) => (isBundle(url) ? 0 : /\/decide\.js(\?|#|$)/.test(url) ? 1 : /\/cookie\.js(\?|#|$)/.test(url) ? 2 : 3);
  const first = files.reduce((best, file) => (rank(file.url) < rank(best.url) ? file : best));
  const others = new Set(files.map(file => file.url)).size - 1;
  const more = others > 0 ? ` (and ${others} more of its files)` : '';
  const message = `the SDK's file ${first.url} ${whatHappened(first)}${more}${after ? `: ${after}` : ''}`;
  return new ScanStepError('sdk-file', message, first.status, first.url);
}

/** Chromium's network error codes, grouped the way a person fixes them. */
const NET_ERRORS: Array<[RegExp, FailureReason, string]> = [
  [/ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED/, 'dns', 'the host name did not resolve (DNS)'],
  [/ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_CONNECTION_FAILED|ERR_ADDRESS_UNREACHABLE|ERR_INTERNET_DISCONNECTED|ERR_EMPTY_RESPONSE|ERR_TIMED_OUT|ERR_CONNECTION_TIMED_OUT|ERR_NETWORK_CHANGED|ERR_PROXY_CONNECTION_FAILED/, 'connection', 'the server could not be reached'],
  [/ERR_CERT_|ERR_SSL_|ERR_BAD_SSL/, 'tls', 'the TLS certificate or handshake failed'],
];

type Described = { reason: FailureReason; message: string; status?: number; file?: string };

/**
 * Turns what Playwright threw into a reason and one readable sentence (the net:: code kept for searching). `sdkFiles`:
 * the SDK's files that failed in the profile so far; a banner that never came or a step that timed out is then put
 * down to them (`sdk-file`), since "no banner" alone sends QA looking at the page instead of the deploy.
 */
export function describeFailure(error: unknown, timeoutMs: number, sdkFiles: SdkFileFailure[] = []): Described {
  const described = describeError(error, timeoutMs);
  // A step's own timeout (a click, a navigation), not the page's limit (scan-page.ts), which is a blocked browser.
  const stepTimedOut = described.reason == 'timeout' && !(error instanceof ScanStepError);
  if (!sdkFiles.length || (described.reason != 'no-banner' && !stepTimedOut)) return described;
  return describeError(sdkFileError(sdkFiles, described.message), timeoutMs);
}

function describeError(error: unknown, timeoutMs: number): Described {
  if (error instanceof ScanStepError) {
    return { reason: error.reason, message: error.message, ...(error.status ? { status: error.status } : {}), ...(error.file ? { file: error.file } : {}) };
  }
  const text = error instanceof Error ? error.message : String(error);
  const code = /net::(ERR_[A-Z_]+)/.exec(text)?.[1];
  if (code) {
    const known = NET_ERRORS.find(([pattern]) => pattern.test(code));
    if (known) return { reason: known[1], message: `${known[2]} (net::${code})` };
    // Chromium's word for a navigation that brought no page: an HTTP 204 / 205, a download, another navigation first.
    const why = code === 'ERR_ABORTED' ? ': no page came (an HTTP 204 or 205, a download, or another navigation replaced it)' : '';
    return { reason: 'navigation', message: `navigation failed (net::${code})${why}` };
  }
  if (/Download is starting/.test(text)) return { reason: 'navigation', message: 'the URL is a download, not a page' };
  if (error instanceof Error && error.name === 'TimeoutError') return { reason: 'timeout', message: `no answer within ${timeoutMs} ms (--timeout)` };
  if (/crash/i.test(text)) return { reason: 'crash', message: 'the page crashed' };
  if (/Target page, context or browser has been closed|Browser has been closed|browser has disconnected/i.test(text)) {
    return { reason: 'browser', message: 'the browser closed during the scan' };
  }
  return { reason: 'navigation', message: text.split('\n')[0]!.slice(0, 300) };
}
