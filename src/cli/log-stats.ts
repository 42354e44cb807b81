import type { StatsKey } from '../server/index.js';
import { UsageError, type CliIo } from './cli-io.js';
import { describePeriod, openStoreFrom, parseCommand, parsePeriod, parseTimeZone, STORE_HELP, STORE_OPTIONS } from './log-options.js';

export const HELP = `usage: consent-gate log stats [--by action|day|policy] [--from <date>] [--to <date>] [--tz <zone>] [--json]
                           [--db <dir> | --postgres <url>]

Counts receipts, and the distinct consent ids behind them, by action (accept-all, reject-all, save, …; api for
decisions the site's own code made through the controller), by day of receipt, or by policy version. "How many
refused last month":
  consent-gate log stats --by action --from 2026-10-01 --to 2026-10-31

  --by <key>          action (default), day or policy
  --from, --to        the period, as for export (--to is included when it is a date)
  --tz <zone>         the time zone of --by day and of the dates of --from / --to, e.g. Asia/Shanghai
                      (default UTC)
  --json              the counts as JSON
${STORE_HELP}
`;

const TITLES: Record<StatsKey, string> = { action: 'action', day: 'day', policy: 'policy version' };

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, { ...STORE_OPTIONS, by: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, tz: { type: 'string' }, json: { type: 'boolean' } });
  const by = (values.by ?? 'action') as StatsKey;
  if (!Object.prototype.hasOwnProperty.call(TITLES, by)) throw new UsageError(`--by must be action, day or policy, got "${values.by}"`);
  const timeZone = parseTimeZone(values.tz);
  // The zone names the days of --by day and the dates of --from / --to (a Shanghai November): refused only where it
  // would change nothing.
  if (values.tz !== undefined && by !== 'day' && values.from === undefined && values.to === undefined) {
    throw new UsageError('--tz applies to --by day only, and to the dates of --from / --to: without them it changes nothing');
  }
  // A day in another zone starts at its own midnight: Shanghai's 1 November begins at 16:00 UTC on 31 October.
  const period = parsePeriod(values, timeZone);
  const store = await openStoreFrom(values, io, { create: false, readOnly: true, holder: 'consent-gate log stats' });
  let stats;
  try {
    stats = await store.stats(by, { ...period, timeZone });
  } finally {
    await store.close();
  }
  if (values.json) {
    io.stdout.write(JSON.stringify({ by, period: { from: period.from?.toISOString() ?? null, to: period.to?.toISOString() ?? null }, ...stats }, null, 2) + '\n');
    return 0;
  }
  const title = by === 'day' ? `day (${timeZone})` : TITLES[by];
  const rows = [[title, 'receipts', 'consent ids'], ...stats.rows.map(row => [row.key, String(row.receipts), String(row.consentIds)]),
    ['total', String(stats.total.receipts), String(stats.total.consentIds)]];
  const widths = [0, 1, 2].map(column => Math.max(...rows.map(row => row[column]!.length)));
  const format = (row: string[]) => `${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padStart(widths[1]!)}  ${row[2]!.padStart(widths[2]!)}`;
  io.stdout.write(`receipts received ${describePeriod(period)}, by ${title} (${store.description})\n\n`);
  io.stdout.write(rows.slice(0, -1).map(format).join('\n') + '\n' + '-'.repeat(format(rows[0]!).length) + '\n' + format(rows[rows.length - 1]!) + '\n');
  return 0;
}
