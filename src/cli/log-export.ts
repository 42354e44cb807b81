import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { LoggedReceipt } from '../server/index.js';
import { UsageError, type CliIo } from './cli-io.js';
import { loggedToJson } from './logged-json.js';
import { describePeriod, openStoreFrom, parseCommand, parsePeriod, parseTimeZone, STORE_HELP, STORE_OPTIONS } from './log-options.js';

export const HELP = `usage: consent-gate log export [--from <date>] [--to <date>] [--tz <zone>] [--format jsonl|csv]
                            [--out <file>] [--db <dir> | --postgres <url>]

Writes the receipts received in a period, oldest first, to standard output or a file: JSON lines (each the
receipt's keys and values as sent, with the time and origin the collector stamped) or CSV for a spreadsheet.

  --from <date>       first day (2026-11-01, from midnight UTC) or time (2026-11-01T00:00+08:00); default: the start
  --to <date>         last day, included (2026-11-30), or a time, excluded; default: now
  --tz <zone>         the time zone of the dates of --from / --to, e.g. Asia/Shanghai (default UTC): the same
                      period as stats --tz counts
  --format <format>   jsonl (default) or csv
  --out <file>        write to this file instead of standard output
${STORE_HELP}
`;

const OPTIONS = {
  ...STORE_OPTIONS,
  from: { type: 'string' },
  to: { type: 'string' },
  tz: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
} as const;

export const CSV_COLUMNS = [
  'received_at', 'origin', 'client_hash', 'receipt_id', 'consent_id', 'time', 'action', 'policy_version',
  'categories_granted', 'categories_refused', 'services_granted', 'services_refused', 'forced', 'choices',
  'age', 'youth_mode', 'guardian_consent', 'guardian_method', 'dnt', 'gpc', 'lang', 'page', 'sdk_version', 'source',
  'notice_policy', 'notice_hash', 'expires', 'merged',
] as const;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, OPTIONS);
  const format = values.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError(`--format must be jsonl or csv, got "${format}"`);
  const timeZone = parseTimeZone(values.tz);
  // A day in another zone starts at its own midnight: Shanghai's 1 November begins at 16:00 UTC on 31 October. Refused
  // where it would change nothing, as in stats.
  if (values.tz !== undefined && values.from === undefined && values.to === undefined) {
    throw new UsageError('--tz applies to the dates of --from / --to: without them it changes nothing');
  }
  const period = parsePeriod(values, timeZone);
  const store = await openStoreFrom(values, io, { create: false, readOnly: true, holder: 'consent-gate log export' });
  // Consent ids, pages and client hashes: the operator's alone, as the log's own directory is.
  const file = values.out ? createWriteStream(values.out, { flags: 'wx', mode: 0o600 }) : undefined;
  let count = 0;
  try {
    if (file) {
      await once(file, 'open').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(error.code === 'EEXIST' ? `--out ${values.out}: the file exists (an export never overwrites one)` : `--out ${values.out}: cannot write it (${error.code ?? error.message})`);
      });
    }
    const out = file ?? io.stdout;
    if (format === 'csv') await write(out, CSV_COLUMNS.join(',') + '\r\n');
    for await (const entry of store.scan(period)) {
      await write(out, format === 'csv' ? csvRow(entry) : loggedToJson(entry) + '\n');
      count++;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // The reader went away (`log export | head`): not a failure of the export.
    if (code === 'EPIPE') return 0;
    throw error;
  } finally {
    await store.close();
    if (file) {
      const stream = file;
      await new Promise<void>(resolve => {
        if (stream.closed) return resolve();
        stream.once('close', () => resolve());
        stream.end();
      });
    }
  }
  io.stderr.write(`exported ${count} receipt${count === 1 ? '' : 's'} received ${describePeriod(period)}${values.out ? ` to ${values.out}` : ''}\n`);
  return 0;
}

/** Writes and waits while the reader is behind; events.once rejects when the stream fails meanwhile (EPIPE). */
async function write(out: { write(text: string): unknown }, text: string) {
  if (out.write(text) === false && 'once' in out) await once(out as unknown as NodeJS.EventEmitter, 'drain');
}

function csvRow(entry: LoggedReceipt): string {
  const r = entry.receipt;
  const ids = (map: Record<string, boolean>, on: boolean) => Object.keys(map).filter(id => map[id] === on).join(' ');
  const cells: Record<(typeof CSV_COLUMNS)[number], string | boolean | null | undefined> = {
    received_at: entry.receivedAt.toISOString(),
    origin: entry.origin,
    client_hash: entry.clientHash,
    receipt_id: r.id,
    consent_id: r.consentId,
    time: r.time,
    action: r.action,
    policy_version: r.policyVersion,
    categories_granted: ids(r.categories, true),
    categories_refused: ids(r.categories, false),
    services_granted: ids(r.services, true),
    services_refused: ids(r.services, false),
    forced: Object.entries(r.forced).map(([category, reason]) => `${category}:${reason}`).join(' '),
    choices: r.choices ? JSON.stringify(r.choices) : undefined,
    age: r.age,
    youth_mode: r.youthMode,
    guardian_consent: r.guardianConsent,
    guardian_method: r.guardianMethod,
    dnt: r.dnt,
    gpc: r.gpc,
    lang: r.lang,
    page: r.page,
    sdk_version: r.sdkVersion,
    source: r.source,
    notice_policy: r.notice?.policy,
    notice_hash: r.notice?.hash,
    expires: r.expires,
    merged: r.merged?.join(' '),
  };
  return CSV_COLUMNS.map(column => csvCell(cells[column])).join(',') + '\r\n';
}

/** RFC 4180 quoting, and a leading quote mark on what a spreadsheet would run as a formula (OWASP CSV injection). */
export function csvCell(value: string | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
