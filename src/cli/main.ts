/**
 * `npx consent-gate <command>`: the package's command line, for Node (never in a browser bundle).
 *   scan <url>…   checks pages in a real browser (SPEC §7.5)
 *   log …         the consent log: serve, show, export, stats, verify, purge, migrate (SPEC §7.6)
 * Each command lives in its own module, loaded only when named, so `scan` never loads a database driver and `log`
 * never loads Playwright.
 */
const COMMANDS: Record<string, () => Promise<{ main(argv: string[]): Promise<number> }>> = {
  scan: () => import('./scan.js'),
  log: () => import('./log.js'),
};

const USAGE = `usage: consent-gate <command> [options]

commands:
  scan <url>…   load pages in Chromium before a decision, after "reject all" and after "accept all", and report
                every third-party request, cookie and storage key (consent-gate scan --help)
  log …         the consent log of receipts: serve, show, export, stats, verify, purge, migrate (consent-gate log --help)
`;

export async function run(argv: string[]): Promise<number> {
  // A reader that went away (`consent-gate log show … | head`) is no failure of the command: what is left to print
  // is dropped and the command ends as it would have. Unhandled, the pipe's error was a stack trace and exit code 1,
  // which `log show` uses for "nothing found".
  process.stdout.on('error', error => {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
  });
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const load = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    process.stderr.write(`consent-gate: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  return (await load()).main(rest);
}
