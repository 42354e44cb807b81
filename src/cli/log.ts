/** `consent-gate log`: being built (see the open issue); says so instead of pretending. */
export async function main(_argv: string[]): Promise<number> {
  process.stderr.write('consent-gate log: not available in this build yet\n');
  return 2;
}
