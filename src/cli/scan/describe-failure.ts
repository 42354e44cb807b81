import type { FailureReason } from './report.js';

/** A step that could not be done, with the reason a report can group by. */
export class ScanStepError extends Error {
  override name = 'ScanStepError';
  constructor(
    readonly reason: FailureReason,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Chromium's network error codes, grouped the way a person fixes them. */
const NET_ERRORS: Array<[RegExp, FailureReason, string]> = [
  [/ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED/, 'dns', 'the host name did not resolve (DNS)'],
  [/ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_CONNECTION_FAILED|ERR_ADDRESS_UNREACHABLE|ERR_INTERNET_DISCONNECTED|ERR_EMPTY_RESPONSE|ERR_TIMED_OUT|ERR_CONNECTION_TIMED_OUT|ERR_NETWORK_CHANGED|ERR_PROXY_CONNECTION_FAILED/, 'connection', 'the server could not be reached'],
  [/ERR_CERT_|ERR_SSL_|ERR_BAD_SSL/, 'tls', 'the TLS certificate or handshake failed'],
];

/** Turns what Playwright threw into a reason and one readable sentence (the net:: code kept for searching). */
export function describeFailure(error: unknown, timeoutMs: number): { reason: FailureReason; message: string; status?: number } {
  if (error instanceof ScanStepError) return { reason: error.reason, message: error.message, ...(error.status ? { status: error.status } : {}) };
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
