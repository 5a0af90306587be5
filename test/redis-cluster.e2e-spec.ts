import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { pooled } from '@app/enrollment';
import { OpensslWorkspace } from './support/openssl';
import { PrivateRedisCluster } from './support/redis-cluster';
import { TestService } from './support/service';

describe('on a Redis Cluster (three masters)', () => {
  const cluster = new PrivateRedisCluster();
  const openssl = new OpensslWorkspace();
  let service: TestService;

  beforeAll(async () => {
    await cluster.start(3);
    const env = { REDIS_URL: cluster.url, REDIS_CLUSTER: 'true' };
    service = new TestService('cluster', env);
    // The apps get one seed node, one that does not hold the instance's slot: they must follow the cluster.
    const owner = await cluster.portServing(service.keyNames.root);
    env.REDIS_URL = `redis://127.0.0.1:${cluster.ports.find((port) => port !== owner)}`;
    await service.start(2);
  }, 60_000);
  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed
    await service?.stop();
    cluster.stop();
    openssl.dispose();
  });

  it('is ready, and runs both flows and a leave through two workers', async () => {
    expect((await service.api('GET', '/health/ready')).status).toBe(200);
    const csr = openssl.csr().pem;
    const caPath = openssl.write('ca.pem', (await service.api('GET', '/v1/pki/ca.pem')).text);

    const users = await pooled(
      Array.from({ length: 10 }, (_, i) => () => service.userToken(`cluster${i}@contoso.com`)),
      5,
    );
    const deviceIds = users.map(() => randomUUID());
    const joins = await pooled(
      users.map(
        (token, i) => () =>
          service.api('POST', '/v1/workplace-joins', {
            token,
            body: { deviceId: deviceIds[i], deviceName: `PC${i}`, domain: 'contoso.com', osVersion: '6.1.7601', csr },
          }),
      ),
      5,
    );
    const token = await service.admin('POST', '/v1/bulk-tokens', { expiresAt: new Date(Date.now() + 864e5).toISOString(), maxUses: 10 });
    const pkg = await service.admin('POST', '/v1/provisioning-packages', { name: 'cluster', deviceNameTemplate: 'CL-%SERIAL%', bulkTokenId: token.body.id });
    const enrollments = await pooled(
      Array.from(
        { length: 10 },
        (_, i) => () =>
          service.api('POST', '/v1/bulk-enrollments', {
            token: token.body.token,
            body: { packageId: pkg.body.id, serialNumber: `CLUSTER${i}`, osVersion: '10.0.19045', csr },
          }),
      ),
      5,
    );
    const accepted = [...joins, ...enrollments];
    expect(accepted.map((response) => response.status)).toEqual(accepted.map(() => 202));
    const finished = await pooled(
      accepted.map((response) => () => service.finished(response.body.requestId, 60_000)),
      10,
    );
    expect(finished.map((request) => request.status)).toEqual(finished.map(() => 'succeeded'));
    const certPath = openssl.write('device.pem', finished[0].certificate.pem);
    expect(openssl.verify(['-CAfile', caPath, certPath])).toMatchObject({ ok: true });

    const leave = await service.api('DELETE', `/v1/workplace-joins/${deviceIds[0]}`, { token: users[0] });
    expect(leave.status).toBe(202);
    expect((await service.finished(leave.body.requestId)).status).toBe('succeeded');

    expect((await service.admin('GET', '/v1/devices?trustType=AzureAd')).body.total).toBe(10);
    expect(await service.keys('mdm:enrollment:*')).toHaveLength(10);
  });

  it('keeps every key of the instance, queues included, in the one slot of its hash tag', async () => {
    const keys = await service.keys('*');
    expect(keys.some((key) => key.includes(':bull:workplace-join:'))).toBe(true);
    expect(keys.some((key) => key.includes(':bull:bulk-enrollment:'))).toBe(true);
    const probe = new Redis(cluster.ports[0], '127.0.0.1');
    try {
      const slots = new Set(await Promise.all(keys.map((key) => probe.call('CLUSTER', 'KEYSLOT', key))));
      expect([...slots]).toEqual([await probe.call('CLUSTER', 'KEYSLOT', `{${service.prefix}}`)]);
    } finally {
      probe.disconnect();
    }
    // So the other masters hold nothing at all.
    const owner = await cluster.portServing(service.keyNames.root);
    for (const port of cluster.ports.filter((candidate) => candidate !== owner)) {
      const other = new Redis(port, '127.0.0.1');
      expect(await other.dbsize().finally(() => other.disconnect())).toBe(0);
    }
  });
});
