// The load generator of the consent log bench: receipts posted to one collector with a fixed number in flight, each
// sent again after a 503 (as the 0.2 SDK does) until it is acknowledged, with its own receipt id so that a resend
// is stored once.

/** A receipt of the ooopic profile (about 700 bytes), with the id that makes its resend idempotent. */
export function benchReceipt(n, run) {
  return JSON.stringify({
    id: `${run}${String(n).padStart(10, '0')}`,
    consentId: `v${String(n % 5000).padStart(12, '0')}`,
    time: new Date().toISOString(),
    action: ['accept-all', 'reject-all', 'save'][n % 3],
    policyVersion: '2024-04-23',
    categories: { necessary: true, analytics: n % 3 !== 1, personalization: n % 3 === 0, pixel: n % 3 === 0, share: n % 3 !== 1 },
    services: { 'baidu-tongji': n % 3 !== 1, cnzz: n % 3 !== 1, 'weibo-share': n % 3 !== 1 },
    forced: {},
    age: 'unknown',
    youthMode: false,
    guardianConsent: false,
    dnt: false,
    gpc: false,
    lang: 'zh-CN',
    page: 'https://www.ooopic.com/',
    sdkVersion: '0.2.0',
  });
}

/**
 * Posts `total` receipts with `concurrency` requests in flight. Returns the latency of every request (ms), the
 * statuses seen, the receipts acknowledged (2xx) and when (performance.now()), and when the first and last failure
 * (503 or cut connection) came. `during(progress)` is called as receipts are acknowledged, so the caller can start
 * an outage mid-run.
 */
export async function postReceipts({ url, total, concurrency, run, during = () => {}, retryDelay = 250 }) {
  const latencies = [];
  const statuses = {};
  const acknowledged = new Set();
  let next = 0;
  const acknowledgedAt = [];
  let firstFailure;
  let lastFailure;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const n = next++;
      const body = benchReceipt(n, run);
      for (let attempt = 0; ; attempt++) {
        const sent = performance.now();
        let status = 'error';
        try {
          const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/plain;charset=UTF-8' } });
          status = response.status;
          await response.arrayBuffer();
        } catch {
          // a connection cut: counted as an error and sent again
        }
        latencies.push(performance.now() - sent);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 200 || status === 201) {
          acknowledged.add(n);
          acknowledgedAt.push(performance.now());
          during(acknowledged.size);
          break;
        }
        if (status !== 503 && status !== 'error') throw new Error(`receipt ${n} answered ${status}`);
        firstFailure ??= performance.now();
        lastFailure = performance.now();
        if (attempt > 200) throw new Error(`receipt ${n} was never acknowledged`);
        await new Promise(resolve => setTimeout(resolve, retryDelay));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { seconds, latencies, statuses, acknowledged, acknowledgedAt, failures: firstFailure === undefined ? undefined : { first: firstFailure, last: lastFailure } };
}
