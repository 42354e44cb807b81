/** Where a command writes and what it reads of its process: the real ones, or a test's. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  /** Ends a long-running command (`log serve`) as SIGTERM does. */
  signal?: AbortSignal;
  now(): Date;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => new Date() };
}

/** A mistake in the command line: the command prints it with a pointer to its --help and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
