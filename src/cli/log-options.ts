import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openPgliteStore, openPostgresStore, type ReceiptStore } from '../server/index.js';
import { UsageError, type CliIo } from './cli-io.js';

/** Options every `log` command takes to find its store. */
export const STORE_OPTIONS = {
  db: { type: 'string' },
  postgres: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const STORE_HELP = `store (one of):
  --db <dir>          the embedded PGlite log in this directory (default ./consent-log)
  --postgres <url>    a PostgreSQL server, postgres://user:password@host:5432/database
                      (or the environment variable CONSENT_LOG_POSTGRES, which keeps the password out of
                      the process list)`;

/** node:util parseArgs, its errors turned into usage errors that name the flag. */
export function parseCommand<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
  positionals = 0,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: positionals > 0, strict: true });
  } catch (error) {
    // node:util quotes the argument it refused: a connection string put where none goes keeps its password out.
    throw new UsageError(withoutSecrets((error as Error).message));
  }
  if (parsed.positionals.length > positionals) throw new UsageError(`unexpected argument "${withoutSecrets(parsed.positionals[positionals]!)}"`);
  return parsed;
}

/**
 * The store flags' mistakes, before anything is said or made: both flags at once, or a connection string given to --db
 * (a directory of that name would be made in the working directory, receipts answered 201 kept where a redeploy loses
 * them, and the password printed with the directory's name).
 */
export function checkStoreFlags(values: { db?: string; postgres?: string }) {
  if (values.db !== undefined && values.postgres !== undefined) throw new UsageError('give --db or --postgres, not both');
  // An empty value (an unset variable in a deploy script: `--db "$LOG_DIR"`) would be the working directory.
  if (values.db !== undefined && !values.db.trim()) throw new UsageError(`--db must name a directory, got "${values.db}"`);
  if (values.db !== undefined && /^[a-z][a-z\d+.-]*:\/\//i.test(values.db)) {
    throw new UsageError(`--db takes a directory; for a PostgreSQL server give --postgres (or CONSENT_LOG_POSTGRES), got "${withoutSecrets(values.db)}"`);
  }
}

/**
 * Opens the store the flags name. Reading commands never create a log (`create: false`): a mistyped --db path says
 * so instead of answering from an empty new database.
 */
export async function openStoreFrom(
  values: { db?: string; postgres?: string },
  io: CliIo,
  options: { create: boolean; make?: boolean; holder: string; onMaking?: () => void; readOnly?: boolean; unlimited?: boolean },
): Promise<ReceiptStore> {
  const postgres = values.postgres ?? io.env.CONSENT_LOG_POSTGRES;
  checkStoreFlags(values);
  if (postgres !== undefined && values.db === undefined) {
    if (!/^postgres(ql)?:\/\//.test(postgres)) {
      // Named where the value came from: an operator who gave no --postgres looks for the variable.
      const source = values.postgres !== undefined ? '--postgres' : 'CONSENT_LOG_POSTGRES';
      throw new UsageError(`${source} must be a connection string such as postgres://user:password@host:5432/database, got "${withoutSecrets(postgres)}"`);
    }
    // A typo in it (a port of six digits) is said as one, not as a log that is unavailable. Read as the driver reads
    // it (pg-connection-string): a Unix socket's empty host (`postgres://user@/db?host=/var/run/postgresql`) is one.
    if (!URL.canParse(postgres.replace('@/', '@x/'))) throw new UsageError(`${values.postgres !== undefined ? "--postgres" : "CONSENT_LOG_POSTGRES"} is not a valid URL (a port from 1 to 65535? a password's "@", "/" or "#" escaped as %40, %2F, %23?), got "${withoutSecrets(postgres)}"`);
    // The store's 10 s query timeout is the collector's, so that a receipt waits no longer for a hung statement. An audit
    // scans months or years of receipts (`stats` over 11 million took some 11 s a query): it runs to its end, and
    // Ctrl-C stops it. 0 is pg's "no timeout" (and then the store sets no statement_timeout either). So does a
    // migration run as a deploy's step (`log migrate`): a step may rewrite a large log.
    const unlimited = !options.create || options.unlimited ? { pool: { query_timeout: 0 } } : {};
    return openPostgresStore({ connectionString: postgres, maxConnections: options.create && !options.unlimited ? 10 : 2, create: options.create, ...unlimited });
  }
  return openPgliteStore({ dir: values.db ?? './consent-log', create: options.create, make: options.make, holder: options.holder, onMaking: options.onMaking, readOnly: options.readOnly });
}

/**
 * A refused connection string as it may be shown: what a mistyped URL holds between its user's ":" and the last "@"
 * (a password may hold "/", ":" and "@"), and the value of each secret keyword of libpq's `key=value` form (`password`,
 * `sslpassword`, `passfile`, `sslkey`…, quoted or not), which psql and most PostgreSQL tools take and this does not.
 */
export function withoutSecrets(text: string): string {
  const at = text.lastIndexOf('@');
  const slashes = text.indexOf('//');
  const colon = at < 0 ? -1 : text.indexOf(':', slashes >= 0 && slashes < at ? slashes + 2 : 0);
  const masked = colon >= 0 && colon < at ? `${text.slice(0, colon + 1)}***${text.slice(at)}` : text;
  return masked.replace(/([\w-]*(?:pass|secret|token|key|cert)[\w-]*\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]*)/gi, '$1***');
}

/**
 * A time on the command line: a date (`2026-11-01`, midnight in `timeZone`, UTC unless `--tz` names one; as the end of
 * a range, the end of that day so that `--to 2026-11-30` includes the 30th) or an ISO 8601 time with its offset
 * (`2026-11-01T00:00+08:00`). Every field is checked against the calendar: `Date.parse` would read 2026-02-30 as
 * 2 March. A start before the year 1 or an end after the year 9999 is an open end (undefined): no log holds a
 * receipt out there, and PostgreSQL cannot read such a time as JavaScript writes it (`+010000-01-01T…`).
 */
export function parseTime(value: string | undefined, flag: string, role: 'start' | 'end', timeZone = 'UTC'): Date | undefined {
  if (value === undefined) return undefined;
  return withinCalendar(readTime(value, flag, role, timeZone), value, flag, role);
}

function readTime(value: string, flag: string, role: 'start' | 'end', timeZone: string): number {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) {
    const [year, month, day] = date.slice(1).map(Number) as [number, number, number];
    if (!isCalendarDay(year, month, day)) throw new UsageError(`${flag} "${value}" is not a date of the calendar`);
    return zonedMidnight(year, month, day + (role === 'end' ? 1 : 0), timeZone);
  }
  const time = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))$/.exec(value);
  if (time) {
    const [year, month, day, hour, minute, second = 0, offsetHour = 0, offsetMinute = 0] = time.slice(1).map(part => (part === undefined ? undefined : Number(part))) as number[];
    if (!isCalendarDay(year!, month!, day!) || hour! > 23 || minute! > 59 || second > 59 || offsetHour > 23 || offsetMinute > 59) {
      throw new UsageError(`${flag} "${value}" is not a time of the calendar`);
    }
    return Date.parse(value);
  }
  throw new UsageError(`${flag} must be a date (2026-11-01) or a time with its offset (2026-11-01T08:00+08:00), got "${value}"`);
}

/** 0001-01-01T00:00Z and 10000-01-01T00:00Z: the years PostgreSQL reads in the ISO form toISOString() writes. */
const FIRST = utc(1, 0, 1);
const PAST_LAST = utc(10000, 0, 1);

function withinCalendar(instant: number, value: string, flag: string, role: 'start' | 'end'): Date | undefined {
  if (role === 'start') {
    if (instant >= PAST_LAST) throw new UsageError(`${flag} "${value}" is after the year 9999: no receipt can have been received then`);
    return instant < FIRST ? undefined : new Date(instant);
  }
  if (instant <= FIRST) throw new UsageError(`${flag} "${value}" ends before the year 1: no receipt can have been received then`);
  return instant >= PAST_LAST ? undefined : new Date(instant);
}

/** Date.UTC, but a year from 0 to 99 is that year, not 1900 + it. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date.setUTCHours(hour, minute, second, 0);
}

function isCalendarDay(year: number, month: number, day: number): boolean {
  const start = new Date(utc(year, month - 1, day));
  return start.getUTCFullYear() === year && start.getUTCMonth() === month - 1 && start.getUTCDate() === day;
}

const DAY = 86_400_000;

/**
 * The first instant of a day in a time zone (the day may overflow its month: the 31st + 1 is the next month's 1st).
 * Where daylight time begins at midnight (Chile, Cuba, Egypt, Paraguay) that day has no 00:00: it starts at the
 * change, at 01:00. Where it ends at 01:00 (Cuba) midnight comes twice, and the day starts at the first.
 */
function zonedMidnight(year: number, month: number, day: number, timeZone: string): number {
  const wall = utc(year, month - 1, day);
  if (timeZone === 'UTC') return wall;
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  // The zone's wall clock at an instant, written as if it were UTC.
  const clock = (instant: number) => {
    const parts = Object.fromEntries(format.formatToParts(instant).map(part => [part.type, Number(part.value)]));
    return utc(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) + (((instant % 1000) + 1000) % 1000);
  };
  // Midnight under the zone's offset a day before and a day after: a change of daylight time that night lies between.
  const [early, late] = [wall - DAY, wall + DAY].map(instant => wall - (clock(instant) - instant)).sort((a, b) => a - b) as [number, number];
  const exact = [early, late].find(instant => clock(instant) === wall);
  if (exact !== undefined) return exact;
  // No 00:00 that day: the first instant whose wall clock reads the day, found between the two (a clock before it
  // reads the day before).
  let [before, after] = [early, late];
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (clock(middle) >= wall) after = middle;
    else before = middle;
  }
  return after;
}

/**
 * The zone of `--tz`, as Intl resolves it (default UTC): that is also the one PostgreSQL groups the days in. Given as
 * typed, `CST` is America/Chicago to Intl (with daylight time) and the fixed abbreviation UTC−6 to PostgreSQL.
 */
export function parseTimeZone(tz: string | undefined): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz ?? 'UTC' }).resolvedOptions().timeZone;
  } catch {
    throw new UsageError(`--tz must be a time zone such as Asia/Shanghai or UTC, got "${tz}"`);
  }
}

/** The period of --from and --to (dates in `timeZone`), refused when it is empty. */
export function parsePeriod(values: { from?: string; to?: string }, timeZone = 'UTC'): { from?: Date; to?: Date } {
  const from = parseTime(values.from, '--from', 'start', timeZone);
  const to = parseTime(values.to, '--to', 'end', timeZone);
  if (from && to && from >= to) throw new UsageError(`--from ${values.from} is not before --to ${values.to}`);
  return { from, to };
}

/** How a period reads in a message. */
export function describePeriod(period: { from?: Date; to?: Date }): string {
  if (!period.from && !period.to) return 'all time';
  return `${period.from ? period.from.toISOString() : 'the beginning'} to ${period.to ? period.to.toISOString() : 'now'}`;
}
