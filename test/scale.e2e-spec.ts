import { randomUUID } from 'node:crypto';
import { pooled } from '@app/enrollment';
import { OpensslWorkspace } from './support/openssl';
import { TestService } from './support/service';
import { waitFor } from './support/wait';

describe('two orchestrators and three workers on one Redis', () => {
  // Short locks: a job cut short by a stopping worker goes to another one within seconds.
  const service = new TestService('scale', { WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '500', SHUTDOWN_TIMEOUT_MS: '200' });
  const openssl = new OpensslWorkspace();
  let secondUrl: string;

  beforeAll(async () => {
    await service.start(3);
    secondUrl = await service.startOrchestrator();
  });
  afterAll(async () => {
    await service.stop();
    openssl.dispose();
  });

  it('completes 1,000 mixed requests exactly once, even when a worker is stopped with SIGTERM mid-wave', async () => {
    const csrs = Array.from({ length: 4 }, () => openssl.csr().pem);
    const token = await service.admin('POST', '/v1/bulk-tokens', { expiresAt: new Date(Date.now() + 864e5).toISOString() });
    const pkg = await service.admin('POST', '/v1/provisioning-packages', {
      name: 'scale',
      deviceNameTemplate: 'SCALE-%RAND:6%',
      bulkTokenId: token.body.id,
    });
    const users = await pooled(
      Array.from({ length: 500 }, (_, i) => () => service.userToken(`user${i}@contoso.com`)),
      20,
    );

    const post = (i: number) => {
      const base = i % 2 === 0 ? service.baseUrl : secondUrl;
      const csr = csrs[i % csrs.length];
      const [path, bearer, body] =
        i % 2 === 0
          ? ['/v1/workplace-joins', users[i / 2], { deviceId: randomUUID(), deviceName: `PC${i}`, domain: 'contoso.com', osVersion: '6.1.7601', csr }]
          : ['/v1/bulk-enrollments', token.body.token, { packageId: pkg.body.id, serialNumber: `SCALE${i}`, osVersion: '10.0.19045', csr }];
      return fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (response) => ({ status: response.status, body: await response.json() }));
    };
    const accepted = await pooled(
      Array.from({ length: 1000 }, (_, i) => () => post(i)),
      40,
    );
    expect(accepted.filter((response) => response.status === 202)).toHaveLength(1000);

    // Stop one worker while the wave is being worked through.
    const counts = () => service.jobCounts('workplace-join');
    await waitFor(async () => ((await counts()).completed >= 100 ? true : undefined));
    await service.workers[0].stop('SIGTERM');
    expect(service.workers[0].output).toContain('worker stopped');

    const finished = await pooled(
      accepted.map((response) => () => service.finished(response.body.requestId, 180_000)),
      40,
    );
    expect(finished.filter((request) => request.status === 'succeeded')).toHaveLength(1000);

    const workplace = await service.admin('GET', '/v1/devices?trustType=Workplace&limit=500');
    const bulk = await service.admin('GET', '/v1/devices?trustType=AzureAd&limit=500');
    expect(workplace.body.total).toBe(500);
    expect(bulk.body.total).toBe(500);
    expect(await service.keys('pki:cert:*')).toHaveLength(1000);
    expect(await service.keys('mdm:enrollment:*')).toHaveLength(500);
    expect(new Set(bulk.body.items.map((device: any) => device.displayName)).size).toBe(500);
  });
});
