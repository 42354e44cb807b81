/** `consent-gate scan`: being built (see the open issue); says so instead of pretending. */
export async function main(_argv: string[]): Promise<number> {
  process.stderr.write('consent-gate scan: not available in this build yet\n');
  return 2;
}
