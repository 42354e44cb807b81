import { processIo, UsageError, type CliIo } from './cli-io.js';

/** A `log` subcommand: its help text and what it does; it returns the exit code. */
export interface LogCommand {
  HELP: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<LogCommand>> = {
  serve: () => import('./log-serve.js'),
  show: () => import('./log-show.js'),
  export: () => import('./log-export.js'),
  stats: () => import('./log-stats.js'),
  purge: () => import('./log-purge.js'),
  verify: () => import('./log-verify.js'),
  migrate: () => import('./log-migrate.js'),
};

const USAGE = `usage: consent-gate log <command> [options]

The consent log keeps every receipt the SDK posts, as proof of consent (SPEC §7.6).

commands:
  serve                           receive receipts over HTTP and store them
  show <consent-id>               the full history of one consent id, oldest first
  export [--from] [--to]          receipts of a period as JSON lines or CSV
  stats [--by day|action|policy]  receipts and consent ids by day, action or policy version
  purge --older-than <age>        drop whole months older than the retention (3y at the least)
  verify [--from] [--to]          find receipts changed after they were stored
  migrate                         bring the schema up to this version (a deploy's step; serve does it too)

Each command takes --db <dir> (the embedded store, default ./consent-log) or --postgres <url>, and --help.
exit codes: 0 done · 1 nothing found (show), a receipt changed (verify) · 2 a usage error, or the log could not be opened or reached
`;

/** `consent-gate log …`. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr).write(USAGE);
    return name ? 0 : 2;
  }
  const load = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr.write(`consent-gate log: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.HELP);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`consent-gate log ${name}: ${error.message}\n(see consent-gate log ${name} --help)\n`);
      return 2;
    }
    // A store that cannot be opened or reached, a directory a server holds, a driver not installed: said plainly.
    const message = error instanceof Error ? error.message.replace(/^consent-gate\/server: /, '') : String(error);
    io.stderr.write(`consent-gate log ${name}: ${message}\n`);
    return 2;
  }
}
