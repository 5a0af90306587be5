import Redis, { Cluster } from 'ioredis';
import type { RedisClient } from './redis-connection';

export interface NodePolicy {
  /** host:port of the node. */
  node: string;
  /** undefined when the node does not list the setting. */
  policy: string | undefined;
}

/** The `maxmemory-policy` of the Redis, or of every master of a cluster; rejects when CONFIG GET is refused. */
export async function readMaxmemoryPolicies(client: RedisClient): Promise<NodePolicy[]> {
  const nodes: Redis[] = client instanceof Cluster ? client.nodes('master') : [client];
  return Promise.all(
    nodes.map(async (node) => {
      const [, policy] = (await node.config('GET', 'maxmemory-policy')) as [string?, string?];
      return { node: `${node.options.host}:${node.options.port}`, policy };
    }),
  );
}
