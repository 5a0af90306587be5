import { OpensslWorkspace } from './support/openssl';
import { TestService } from './support/service';
import { waitFor } from './support/wait';

describe('a worker killed with SIGKILL in the middle of a flow', () => {
  // Short locks so that the stalled job is handed to the next worker within a second or two.
  const service = new TestService('crash', { WORKER_LOCK_DURATION_MS: '1000', WORKER_STALLED_INTERVAL_MS: '300' });
  const openssl = new OpensslWorkspace();

  beforeAll(() => service.start(0));
  afterAll(async () => {
    await service.stop();
    openssl.dispose();
  });

  it('leaves the request finished exactly once, with one certificate and one device, after a new worker starts', async () => {
    const doomed = await service.startWorker({ FAULT_HANG_AFTER_STEP: 'issue-certificate' });
    const token = await service.userToken('erin@contoso.com');
    const accepted = await service.api('POST', '/v1/workplace-joins', {
      token,
      body: {
        deviceId: '5a1e0c2d-7b6f-4e3a-9c8d-1f2e3d4c5b6a',
        deviceName: 'PC-CRASH',
        domain: 'contoso.com',
        osVersion: '6.1.7601',
        csr: openssl.csr().pem,
      },
    });
    expect(accepted.status).toBe(202);
    const requestId = accepted.body.requestId;

    // The certificate is issued and checkpointed; the worker now holds the job without finishing it.
    await doomed.waitForLine(/fault injection: hanging after step/);
    const midway = (await service.admin('GET', `/v1/requests/${requestId}`)).body;
    expect(midway.status).toBe('running');
    expect(midway.steps.map((step: any) => step.status)).toEqual(['succeeded', 'succeeded', 'pending']);
    await doomed.stop('SIGKILL');

    await service.startWorker();
    const request = await service.finished(requestId);
    expect(request.status).toBe('succeeded');
    // Nothing that had succeeded ran twice: the certificate step kept its single attempt.
    expect(request.steps.map((step: any) => [step.name, step.attempts])).toEqual([
      ['authenticate', 1],
      ['issue-certificate', 1],
      ['register-device', 1],
    ]);

    const devices = (await service.admin('GET', '/v1/devices?user=erin@contoso.com')).body;
    expect(devices.total).toBe(1);
    expect(await service.keys('pki:cert:*')).toHaveLength(1);
    expect(devices.items[0].certificate.serialNumber).toBe(request.certificate.serialNumber);

    const events = (await service.admin('GET', `/v1/events?requestId=${requestId}`)).body.items;
    const count = (id: number) => events.filter((event: any) => event.eventId === id).length;
    expect(count(1000)).toBe(1); // join completed
    expect(count(1021)).toBe(1); // certificate issued
    expect(count(100)).toBe(1); // discovery (flow started)

    const counts = await waitFor(async () => {
      const current = await service.jobCounts('workplace-join');
      return current.completed === 1 ? current : undefined;
    });
    expect(counts).toMatchObject({ completed: 1, failed: 0, active: 0, waiting: 0 });
  });
});
