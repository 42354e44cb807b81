export const INSTALL_HINT: string;
export function findPostgres(): string | undefined;
export function freePort(from?: number, to?: number): Promise<number>;
export interface TestPostgres {
  url: string;
  port: number;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}
export function startPostgres(options?: { fsync?: boolean }): Promise<TestPostgres>;
