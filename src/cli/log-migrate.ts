import { MIGRATIONS } from '../server/index.js';
import { newestOf } from '../server/migrations.js';
import type { CliIo } from './cli-io.js';
import { openStoreFrom, parseCommand, STORE_HELP, STORE_OPTIONS } from './log-options.js';

export const HELP = `usage: consent-gate log migrate [--db <dir> | --postgres <url>]

Brings the consent log's schema up to this consent-gate's version and says what it applied. log serve does
the same as it starts, each statement held to the collector's query timeout (10 s); run this instead as a
step of the deploy, before the new collectors start, where a step may take longer on a large log. No
statement has a time limit here; a lock a step needs is waited for at most 1 s at a time (receipts wait
behind it meanwhile), up to 20 tries.

The collectors of the version before go on writing if every new step lets them; otherwise they answer
receipts 503 (the SDK sends them again later) and fail /health until they are replaced: the output says which.
A new PostgreSQL database is given the whole schema; a PGlite log must exist (log serve makes one).
${STORE_HELP}
`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, STORE_OPTIONS);
  // A mistyped directory is not made into a new log (initdb, 3–20 s) by a command meant to change an existing one.
  const store = await openStoreFrom(values, io, { create: true, make: false, unlimited: true, holder: 'consent-gate log migrate' });
  try {
    const { version, applied } = store.schema!;
    const known = newestOf();
    if (!applied.length) {
      io.stdout.write(`the consent log (${store.description}) is at version ${version}, ${
        version === known ? "this consent-gate's" : `newer than this consent-gate's (${known}), whose collectors it lets write`
      }: nothing to apply\n`);
      return 0;
    }
    const before = Math.min(...applied) - 1;
    io.stdout.write(before ? `the consent log (${store.description}) was at version ${before}; applied:\n` : `a new consent log (${store.description}); applied:\n`);
    const steps = MIGRATIONS.filter(migration => applied.includes(migration.version));
    for (const step of steps) io.stdout.write(`  ${step.version}  ${step.name}\n`);
    io.stdout.write(`now at version ${version}, this consent-gate's\n`);
    // Said of the collectors running the log's version before: every step applied must let them write (Migration's
    // oldestWriter), or they refuse receipts from now on.
    if (before) {
      const refused = steps.some(step => (step.oldestWriter ?? step.version) > before);
      io.stdout.write(refused
        ? `collectors of version ${before} now answer receipts 503 (sent again later) and fail /health until they are upgraded\n`
        : `collectors of version ${before} may go on writing until they are upgraded\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
