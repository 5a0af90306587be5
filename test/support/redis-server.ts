import { ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { waitFor } from './wait';

/** A private redis-server on `port`, for tests that stop it or read every key in it. */
export async function startPrivateRedis(port: number, maxmemoryPolicy = 'noeviction'): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', maxmemoryPolicy];
  const server = spawn('redis-server', args, { stdio: 'ignore' });
  await waitFor(async () => {
    const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG' ? true : undefined;
    } finally {
      probe.disconnect();
    }
  });
  return server;
}
