/** The optional peer dependencies a store may need, and why. */
const DRIVERS = {
  '@electric-sql/pglite': 'the embedded store (a directory, --db)',
  pg: 'the PostgreSQL store (--postgres)',
} as const;

export type DriverName = keyof typeof DRIVERS;

/**
 * Loads a database driver only when its store is opened: both are optional peer dependencies, so a browser user's
 * install never carries them, and a missing one is named with the command that installs it.
 */
export async function loadDriver<T>(name: DriverName, load: (name: string) => Promise<unknown> = name => import(name)): Promise<T> {
  try {
    return (await load(name)) as T;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const missing = (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((error as Error).message).includes(name);
    if (!missing) throw error;
    throw new Error(`consent-gate/server: ${DRIVERS[name]} needs the package "${name}", which is not installed: npm install ${name}`, { cause: error });
  }
}
