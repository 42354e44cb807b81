import { UsageError, type CliIo } from './cli-io.js';
import { describePeriod, openStoreFrom, parseCommand, parsePeriod, parseTimeZone, STORE_HELP, STORE_OPTIONS } from './log-options.js';

export const HELP = `usage: consent-gate log verify [--from <date>] [--to <date>] [--tz <zone>] [--db <dir> | --postgres <url>]

Reads every receipt of a period and lists those changed after the log stored them: a column the indexes and
stats read (receipt_id, consent_id, action, policy_version, client_time) other than its receipt says, or a
receipt other than the one kept under its id as it arrived (its content hash, taken then). Each is an edit
by hand (an UPDATE): show prints the edited receipt, and stats counts the column.

  --from <date>       first day (2026-11-01) or time; default: the start
  --to <date>         last day, included, or a time, excluded; default: now
  --tz <zone>         the time zone of the dates of --from / --to (default UTC)
${STORE_HELP}
Exit code 0 when every receipt agrees with itself, 1 when one does not. It finds a careless edit, not a careful
one: whoever can UPDATE the log can change the hash too. Keep the proof out of their reach as well (no role
allowed UPDATE on the tables: the collector never updates a row; backups kept apart).
`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, { ...STORE_OPTIONS, from: { type: 'string' }, to: { type: 'string' }, tz: { type: 'string' } });
  // Refused where it would change nothing, as in export and stats.
  if (values.tz !== undefined && values.from === undefined && values.to === undefined) {
    throw new UsageError('--tz applies to the dates of --from / --to: without them it changes nothing');
  }
  const period = parsePeriod(values, parseTimeZone(values.tz));
  const store = await openStoreFrom(values, io, { create: false, readOnly: true, holder: 'consent-gate log verify' });
  let read = 0;
  let altered = 0;
  try {
    for await (const entry of store.scan(period, undefined, { verify: true })) {
      read++;
      if (!entry.problems) continue;
      altered++;
      const r = entry.receipt;
      io.stdout.write(`${entry.receivedAt.toISOString()} consent id ${r.consentId}${r.id ? ` receipt id ${r.id}` : ''}:\n`);
      for (const problem of entry.problems) io.stdout.write(`  ${problem}\n`);
    }
  } finally {
    await store.close();
  }
  io.stdout.write(`${read} receipt${read === 1 ? '' : 's'} received ${describePeriod(period)} in ${store.description}: ` +
    (altered ? `${altered} changed after ${altered === 1 ? 'it was' : 'they were'} stored\n` : 'each as it was stored\n'));
  return altered ? 1 : 0;
}
