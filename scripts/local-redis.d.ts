import type { ChildProcess } from 'node:child_process';

export function redisAnswers(port: number, host?: string, timeoutMs?: number): Promise<boolean>;
export function hasRedisServer(): boolean;
export function startLocalRedis(options: { port: number; dir?: string; maxmemoryPolicy?: string; detached?: boolean; timeoutMs?: number }): Promise<LocalRedis>;
export function ensureLocalRedis(options: { env: NodeJS.ProcessEnv; dir: string; say: (line: string) => void; port?: number }): Promise<LocalRedis | undefined>;

export interface LocalRedis {
  process: ChildProcess;
  url: string;
  stop(): Promise<unknown>;
}
