import { UsageError, type CliIo } from './cli-io.js';
import { openStoreFrom, parseCommand, STORE_HELP, STORE_OPTIONS } from './log-options.js';
import { isDoubtful } from '../server/store.js';

export const HELP = `usage: consent-gate log purge --older-than <age> [--dry-run] [--force] [--ignore-browser-times]
                           [--db <dir> | --postgres <url>]

Deletes the receipts received more than <age> ago, a whole month at a time: the log is partitioned by month
of receipt (UTC), and a month goes only once all of it is older than <age>, so a purge keeps at least <age>
of receipts (and at most a month more).

  --older-than <age>  3y (years), 36m (months) or 1096d (days: three years hold 1,096 when one has 29 February)
  --dry-run           list the months that would go, delete nothing
  --force             allow an age under 3 years: 网络数据安全管理条例 (Art. 12) asks for records of
                      personal information provided to others to be kept 3 years at least, and the consent
                      log is the record of who was allowed to receive what
  --ignore-browser-times
                      drop a month most of whose receipts their browsers dated after the cutoff: without it
                      the purge refuses and drops nothing (exit 2), since the collector's clock was likely
                      wrong as it filed them and they may be recent proof; --dry-run marks such months
${STORE_HELP}

Run it from a scheduler (e.g. monthly). On an embedded log, stop "log serve" first (PGlite serves one process).
`;

/** 网络数据安全管理条例 Art. 12: records of providing personal information to others are kept for 3 years at least. */
export const LEGAL_MINIMUM = { amount: 3, unit: 'y' } as const;

export interface Age {
  amount: number;
  unit: 'y' | 'm' | 'd';
}

const UNITS: Record<string, Age['unit']> = { y: 'y', year: 'y', years: 'y', m: 'm', month: 'm', months: 'm', d: 'd', day: 'd', days: 'd' };

/** `3y`, `36m`, `1096d` (or `3years`, `36months`, `1096days`). */
export function parseAge(text: string): Age | undefined {
  const match = /^(\d{1,5})\s*([a-z]+)$/.exec(text.trim().toLowerCase());
  const unit = match && UNITS[match[2]!];
  return match && unit && Number(match[1]) > 0 ? { amount: Number(match[1]), unit } : undefined;
}

const FIRST_DAY = new Date('0001-01-01T00:00:00.000Z');

/** The instant `age` before `now`, by the calendar in UTC (29 February less a year is 28 February). */
export function subtractAge(now: Date, age: Age): Date {
  if (age.unit === 'd') return new Date(now.getTime() - age.amount * 86_400_000);
  const months = age.unit === 'y' ? age.amount * 12 : age.amount;
  const target = new Date(now.getTime());
  const day = now.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, { ...STORE_OPTIONS, 'older-than': { type: 'string' }, 'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, 'ignore-browser-times': { type: 'boolean' } });
  const text = values['older-than'];
  if (text === undefined) throw new UsageError('--older-than is required, e.g. --older-than 3y');
  const age = parseAge(text);
  if (!age) throw new UsageError(`--older-than must be a number of years, months or days such as 3y, 36m or 1096d, got "${text}"`);
  const now = io.now();
  // A cutoff before year 1 (PostgreSQL has no year 0; an age of 2026y or more) or past the calendar is before every
  // receipt: the first instant PostgreSQL reads, where it used to fail on the date's text.
  const cut = subtractAge(now, age);
  const before = cut >= FIRST_DAY ? cut : FIRST_DAY;
  if (before > subtractAge(now, LEGAL_MINIMUM) && !values.force) {
    throw new UsageError(`--older-than ${text} is under 3 years: 网络数据安全管理条例 (Art. 12) asks for such records to be kept ` +
      '3 years at least. Add --force if your counsel says otherwise.');
  }
  const store = await openStoreFrom(values, io, { create: false, readOnly: values['dry-run'], holder: 'consent-gate log purge' });
  let gone, kept;
  try {
    gone = await store.purge(before, { dryRun: values['dry-run'], ignoreBrowserTimes: values['ignore-browser-times'] });
    kept = await store.partitions();
  } finally {
    await store.close();
  }
  const verb = values['dry-run'] ? 'would drop' : 'dropped';
  io.stdout.write(`receipts received before ${before.toISOString()} (older than ${text}) in ${store.description}\n`);
  for (const partition of gone) {
    // A dry run marks what the purge itself would refuse (`isDoubtful`).
    const refused = values['dry-run'] && !values['ignore-browser-times'] && isDoubtful(partition)
      ? ` — refused without --ignore-browser-times: ${partition.datedLater} dated after the cutoff by their browsers`
      : '';
    io.stdout.write(`${verb} ${partition.name} (${month(partition.from)}): ${partition.receipts} receipt${partition.receipts === 1 ? '' : 's'}${refused}\n`);
  }
  const total = gone.reduce((sum, partition) => sum + partition.receipts, 0);
  const remaining = values['dry-run'] ? kept.filter(partition => !gone.some(g => g.name === partition.name)) : kept;
  io.stdout.write(gone.length
    ? `${values['dry-run'] ? 'would drop' : 'dropped'} ${gone.length} month${gone.length === 1 ? '' : 's'}, ${total} receipts; `
    : 'nothing to purge: no month of the log ends before that; ');
  io.stdout.write(remaining.length ? `the log keeps ${month(remaining[0]!.from)} to ${month(remaining[remaining.length - 1]!.from)}\n` : 'the log is empty\n');
  return 0;
}

const month = (date: Date) => date.toISOString().slice(0, 7);
