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
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length > positionals) throw new UsageError(`unexpected argument "${parsed.positionals[positionals]}"`);
  return parsed;
}

/**
 * Opens the store the flags name. Reading commands never create a log (`create: false`): a mistyped --db path says
 * so instead of answering from an empty new database.
 */
export async function openStoreFrom(
  values: { db?: string; postgres?: string },
  io: CliIo,
  options: { create: boolean; holder: string },
): Promise<ReceiptStore> {
  const postgres = values.postgres ?? io.env.CONSENT_LOG_POSTGRES;
  if (values.db !== undefined && values.postgres !== undefined) throw new UsageError('give --db or --postgres, not both');
  if (postgres !== undefined && values.db === undefined) {
    if (!/^postgres(ql)?:\/\//.test(postgres)) {
      throw new UsageError(`--postgres must be a connection string such as postgres://user:password@host:5432/database, got "${postgres.replace(/:[^:@/]*@/, ':***@')}"`);
    }
    return openPostgresStore({ connectionString: postgres, maxConnections: options.create ? 10 : 2 });
  }
  return openPgliteStore({ dir: values.db ?? './consent-log', create: options.create, holder: options.holder });
}

/**
 * A time on the command line: a date (`2026-11-01`, midnight UTC; as the end of a range, the end of that day so that
 * `--to 2026-11-30` includes the 30th) or an ISO 8601 time with its offset (`2026-11-01T00:00+08:00`).
 */
export function parseTime(value: string | undefined, flag: string, role: 'start' | 'end'): Date | undefined {
  if (value === undefined) return undefined;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) {
    const [year, month, day] = date.slice(1).map(Number) as [number, number, number];
    const start = new Date(Date.UTC(year, month - 1, day));
    if (start.getUTCMonth() !== month - 1 || start.getUTCDate() !== day) throw new UsageError(`${flag} "${value}" is not a date of the calendar`);
    return role === 'end' ? new Date(start.getTime() + 86_400_000) : start;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw new UsageError(`${flag} must be a date (2026-11-01) or a time with its offset (2026-11-01T08:00+08:00), got "${value}"`);
}

/** The period of --from and --to, refused when it is empty. */
export function parsePeriod(values: { from?: string; to?: string }): { from?: Date; to?: Date } {
  const from = parseTime(values.from, '--from', 'start');
  const to = parseTime(values.to, '--to', 'end');
  if (from && to && from >= to) throw new UsageError(`--from ${values.from} is not before --to ${values.to}`);
  return { from, to };
}

/** How a period reads in a message. */
export function describePeriod(period: { from?: Date; to?: Date }): string {
  if (!period.from && !period.to) return 'all time';
  return `${period.from ? period.from.toISOString() : 'the beginning'} to ${period.to ? period.to.toISOString() : 'now'}`;
}
