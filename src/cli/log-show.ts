import type { LoggedReceipt, Receipt } from '../server/index.js';
import { UsageError, type CliIo } from './cli-io.js';
import { loggedToJson } from './logged-json.js';
import { openStoreFrom, parseCommand, STORE_HELP, STORE_OPTIONS, withoutSecrets } from './log-options.js';

export const HELP = `usage: consent-gate log show <consent-id> [--db <dir> | --postgres <url>] [--json]

Prints every receipt of one consent id, oldest first by the browser's clock: what the visitor was shown and chose,
when, and what the page applied. A consent id lives in one browser's cookie, so its clock orders the visitor's acts;
the log may have received them in another order (a receipt sent again after a failure, two collectors whose clocks
differ), and each receipt shows when the log received it too. A browser time that cannot be when the act was (more
than a day after the log received it, or more than 31 days before, read with how far that browser's clock runs from
the log's, which most of its receipts show) is placed by when the log received it, and said. The consent id is in the
visitor's cg_consent cookie and in window.ConsentGate.get().consentId.
Exits 1 when the log has no receipt of that id.

${STORE_HELP}
  --json              one JSON line per receipt instead of the readable form
`;

const CONSENT_ID = /^[a-z0-9]{8,32}$/;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, { ...STORE_OPTIONS, json: { type: 'boolean' } }, 1);
  const consentId = positionals[0];
  if (consentId === undefined) throw new UsageError('give the consent id to show');
  if (!CONSENT_ID.test(consentId)) throw new UsageError(`"${withoutSecrets(consentId)}" is not a consent id (8 to 32 lowercase letters and digits)`);
  const store = await openStoreFrom(values, io, { create: false, readOnly: true, holder: 'consent-gate log show' });
  let received: LoggedReceipt[];
  try {
    received = await store.history(consentId);
  } finally {
    await store.close();
  }
  const skew = clockSkew(received);
  const history = byBrowserClock(received, skew);
  if (!history.length) {
    io.stderr.write(`consent-gate log show: no receipt of consent id ${consentId} in ${store.description}\n`);
    return 1;
  }
  if (values.json) {
    for (const entry of history) io.stdout.write(loggedToJson(entry) + '\n');
    return 0;
  }
  // `received` is in the order the log received them: its first and last are the span.
  const first = received[0]!.receivedAt;
  const last = received[received.length - 1]!.receivedAt;
  io.stdout.write(`consent id ${consentId}: ${history.length} receipt${history.length === 1 ? '' : 's'}, ` +
    `received ${stamp(first)} to ${stamp(last)} (${store.description})\n`);
  if (skew) io.stdout.write(`this browser's clock ran about ${days(skew)} ${skew > 0 ? 'ahead of' : 'behind'} the log's: its times are read so\n`);
  history.forEach((entry, index) => {
    const late = history.slice(index + 1).some(later => later.receivedAt < entry.receivedAt);
    io.stdout.write('\n' + describe(entry, index + 1, skew) + (late ? '   (the log received a later act of this browser before this one)\n' : ''));
  });
  return 0;
}

/**
 * The receipts in the order the browser made them. The log's own order is not the visitor's: the outbox sends again
 * what failed beside what is new (SPEC §7.6), so a withdrawal can reach the log before the accept it followed; two
 * collectors stamp with two clocks. One consent id is one browser's cookie, so its clock orders its acts. The log
 * stores only real ISO times (receipt-schema.ts); acts of one millisecond keep the log's order (the sort is stable).
 */
export function byBrowserClock(received: LoggedReceipt[], skew = clockSkew(received)): LoggedReceipt[] {
  const at = (entry: LoggedReceipt) => (implausible(entry, skew) ? entry.receivedAt.getTime() + skew : Date.parse(entry.receipt.time));
  return received.slice().sort((a, b) => at(a) - at(b));
}

const DAY = 86_400_000;

/** How far the browser's clock was ahead of the log's when the receipt was sent, less the time it waited to be sent. */
const gap = (entry: LoggedReceipt) => Date.parse(entry.receipt.time) - entry.receivedAt.getTime();

/**
 * How far this browser's clock runs from the log's, 0 where the log's clock accounts for its times. A phone whose
 * clock is set two days ahead sends every receipt two days "after" the log received it: read against the log's clock
 * alone, none of its times stood. Each receipt's gap is the skew less the time it waited in the outbox (never
 * negative), so most receipts, sent at once, gather within a day below the skew: the largest such gathering gives it
 * (its top: the receipt that waited least). A tie goes to the gathering nearer the log's clock; a lone time set back to
 * 2000 among others gathers nothing.
 */
export function clockSkew(received: LoggedReceipt[]): number {
  const gaps = received.map(gap).sort((a, b) => b - a);
  let best = 0;
  let most = 0;
  // A window of a day slides down the gaps, its top at each in turn: its end only moves down with it.
  for (let top = 0, end = 0; top < gaps.length; top++) {
    while (end < gaps.length && gaps[end]! >= gaps[top]! - DAY) end++;
    const count = end - top;
    if (count > most || (count == most && Math.abs(gaps[top]!) < Math.abs(best))) (best = gaps[top]!), (most = count);
  }
  // Only a clock the log's own cannot account for: gaps of a few days behind are receipts that waited in the outbox
  // (a collector down for five days), as its 30 days allow.
  return best > DAY || best < -31 * DAY ? best : 0;
}

/**
 * Whether a receipt's browser time cannot be when its act was: more than a day after the log received it, or before the
 * 30 days the outbox keeps a receipt (SPEC §7.6), both read with the browser's clock skew (`clockSkew`). A clock a dead
 * battery set back to 2000 put a withdrawal before the accept it withdrew, and a receipt dated 2099 sorted last for
 * good: such a receipt takes its place by when the log received it.
 */
export const implausible = (entry: LoggedReceipt, skew = 0) => {
  const at = gap(entry) - skew;
  return at > DAY || at < -31 * DAY;
};

/** One receipt, readable: the decision, the grants, the rules and signals that shaped them, where it came from. */
function describe(entry: LoggedReceipt, n: number, skew: number): string {
  const r: Receipt = entry.receipt;
  const lines = [
    `${n}. ${stamp(entry.receivedAt)}  ${r.action}  (browser clock ${r.time}${implausible(entry, skew) ? ', which cannot be when it was: placed by when the log received it' : ''})`,
    `   policy ${r.policyVersion}${r.notice ? ` · notice ${r.notice.policy}#${r.notice.hash}` : ''} · page ${r.page || '—'} · ` +
      `${r.lang ?? 'language —'} · SDK ${r.sdkVersion}${r.source ? ` · source ${r.source}` : ''}`,
    `   categories  ${grants(r.categories)}`,
    `   services    ${grants(r.services)}`,
  ];
  // A merge names the records behind it: the decisions the new consent id carries are theirs (SPEC §4).
  if (r.merged) lines.push(`   merged from ${r.merged.join(', ')} (each: consent-gate log show <id>)`);
  if (r.choices) lines.push(`   own choices categories ${grants(r.choices.categories)}; services ${grants(r.choices.services)}`);
  const forced = Object.entries(r.forced).map(([category, reason]) => `${category} (${reason})`).join(', ');
  lines.push(`   forced off  ${forced || '—'}`);
  lines.push(`   age ${r.age} · youth mode ${onOff(r.youthMode)} · guardian consent ${r.guardianConsent ? `yes${r.guardianMethod ? ` (${r.guardianMethod})` : ''}` : 'no'} · ` +
    `DNT ${onOff(r.dnt)} · GPC ${onOff(r.gpc)}${r.expires ? ` · cookie expires ${r.expires}` : ''}`);
  lines.push(`   received from ${entry.origin ?? 'no Origin header'}${r.id ? ` · receipt id ${r.id}` : ''}${entry.clientHash ? ` · client ${entry.clientHash}` : ''}`);
  // Said where an auditor reads it: the receipt above may not be the one the log received (consent-gate log verify).
  for (const problem of entry.problems ?? []) lines.push(`   ALTERED AFTER IT WAS STORED? ${problem}`);
  return lines.join('\n') + '\n';
}

const onOff = (on: boolean) => (on ? 'on' : 'off');
const days = (ms: number) => {
  const n = Math.round(Math.abs(ms) / DAY);
  return `${n} day${n == 1 ? '' : 's'}`;
};
const stamp = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', ' UTC');

function grants(map: Record<string, boolean>): string {
  const on = Object.keys(map).filter(id => map[id]);
  const off = Object.keys(map).filter(id => !map[id]);
  if (!on.length && !off.length) return '—';
  return `granted ${on.join(', ') || '—'}; refused ${off.join(', ') || '—'}`;
}
