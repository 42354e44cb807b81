import type { MIGRATIONS, openPgliteStore } from '../src/server/index.js';

interface LogModule {
  openPgliteStore: typeof openPgliteStore;
  MIGRATIONS: typeof MIGRATIONS;
}
export function pgliteTemplate(server: LogModule): Promise<string>;
export function seedPgliteLog(dir: string, server: LogModule): Promise<void>;
