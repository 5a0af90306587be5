import { spawn } from 'node:child_process';
import Redis from 'ioredis';
import { ChildApp } from './child-app';
import { freePort } from '../../../test/support/free-port';

/**
 * A redis-server of the benchmark's own, on a free port: nothing else writes to it, so `used_memory`
 * before and after a wave is what the wave stored.
 */
export class PrivateRedis {
  private constructor(
    readonly port: number,
    private readonly server: ChildApp,
    readonly client: Redis,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const port = await freePort();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'];
    const server = new ChildApp('redis-server', spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    await server.ready(async () => {
      const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        return true;
      } finally {
        probe.disconnect();
      }
    }, 15000);
    return new PrivateRedis(port, server, new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 3 }));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.server.pid;
  }

  /** Bytes the server has allocated for data (INFO memory `used_memory`). */
  async usedMemory(): Promise<number> {
    const info = await this.client.info('memory');
    const match = /^used_memory:(\d+)/m.exec(info);
    if (!match) throw new Error('INFO memory has no used_memory');
    return Number(match[1]);
  }

  /** Calls per command so far (INFO commandstats), e.g. `{ evalsha: 1200, xadd: 10 }`. */
  async commandCalls(): Promise<Map<string, number>> {
    return parseCommandStats(await this.client.info('commandstats'));
  }

  async version(): Promise<string> {
    const info = await this.client.info('server');
    return /^redis_version:(\S+)/m.exec(info)?.[1] ?? 'unknown';
  }

  /** Empties the server between measurements that must start from nothing. */
  async flush(): Promise<void> {
    await this.client.flushall();
  }

  async stop(): Promise<void> {
    this.client.disconnect();
    await this.server.stop();
  }
}

/** `cmdstat_get:calls=3,usec=…` lines → calls per command (lower case; subcommands as `client|setname`). */
export function parseCommandStats(info: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1].toLowerCase(), Number(match[2]));
  return calls;
}
