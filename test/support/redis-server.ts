import type { ChildProcess } from 'node:child_process';
import { startLocalRedis } from '../../scripts/local-redis';

/** A private redis-server on `port`, keeping nothing, for tests that stop it or read every key in it. */
export async function startPrivateRedis(port: number, maxmemoryPolicy = 'noeviction'): Promise<ChildProcess> {
  return (await startLocalRedis({ port, maxmemoryPolicy })).process;
}
