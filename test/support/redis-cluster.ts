import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from './free-port';
import { waitFor } from './wait';

const SLOTS = 16384;

/** A private Redis Cluster of `masters` redis-server processes (no replicas) on free ports. */
export class PrivateRedisCluster {
  readonly ports: number[] = [];
  private readonly servers: ChildProcess[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'eo-cluster-'));

  /** Seed URLs, comma-separated, as REDIS_URL takes them with REDIS_CLUSTER=true. */
  get url(): string {
    return this.ports.map((port) => `redis://127.0.0.1:${port}`).join(',');
  }

  async start(masters = 3): Promise<this> {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      this.ports.push(port);
      const args = [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--maxmemory-policy',
        'noeviction',
      ];
      this.servers.push(spawn('redis-server', args, { stdio: 'ignore' }));
    }
    const clients = this.ports.map((port) => new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: (times) => (times < 50 ? 100 : null) }));
    try {
      await Promise.all(clients.map((client) => waitFor(() => client.ping(), { what: 'a cluster node' })));
      // Split the slots evenly and introduce every node to the first: the cluster forms by gossip.
      const share = Math.ceil(SLOTS / masters);
      await Promise.all(clients.map((client, i) => client.call('CLUSTER', 'ADDSLOTSRANGE', i * share, Math.min(SLOTS, (i + 1) * share) - 1)));
      await Promise.all(clients.slice(1).map((client) => client.call('CLUSTER', 'MEET', '127.0.0.1', this.ports[0])));
      await waitFor(
        async () => {
          const infos = await Promise.all(clients.map((client) => client.call('CLUSTER', 'INFO') as Promise<string>));
          return infos.every((info) => info.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${masters}`)) ? true : undefined;
        },
        { what: 'the cluster to form', timeoutMs: 30000 },
      );
    } finally {
      for (const client of clients) client.disconnect();
    }
    return this;
  }

  /** The port of the master that serves `key`'s slot. */
  async portServing(key: string): Promise<number> {
    const client = new Redis(this.ports[0], '127.0.0.1');
    try {
      const slot = Number(await client.call('CLUSTER', 'KEYSLOT', key));
      const ranges = (await client.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number]]>;
      const [, , [, port]] = ranges.find(([from, to]) => from <= slot && slot <= to)!;
      return port;
    } finally {
      client.disconnect();
    }
  }

  stop(): void {
    for (const server of this.servers) server.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
