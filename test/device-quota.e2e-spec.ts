import { randomUUID } from 'node:crypto';
import { OpensslWorkspace } from './support/openssl';
import { TestService } from './support/service';

describe('the per-user device quota (MAX_DEVICES_PER_USER)', () => {
  const service = new TestService('quota', { MAX_DEVICES_PER_USER: '2' });
  const openssl = new OpensslWorkspace();
  let csr: string;

  beforeAll(async () => {
    await service.start(1);
    csr = openssl.csr().pem;
  });
  afterAll(async () => {
    await service.stop();
    openssl.dispose();
  });

  const joinBody = (deviceId: string) => ({ deviceId, deviceName: 'PC01', domain: 'contoso.com', osVersion: '6.1.7601', csr });
  const postJoin = (token: string, deviceId: string) => service.api('POST', '/v1/workplace-joins', { token, body: joinBody(deviceId) });

  async function joined(token: string, deviceId: string) {
    const accepted = await postJoin(token, deviceId);
    expect(accepted.status).toBe(202);
    const request = await service.finished(accepted.body.requestId);
    expect(request.status).toBe('succeeded');
    return request;
  }

  async function activeDevicesOf(upn: string) {
    const { body } = await service.admin('GET', `/v1/devices?user=${encodeURIComponent(upn)}&status=active&limit=500`);
    return body.items;
  }

  it('refuses a third device at once with 409 and queues nothing; repeats and other users are unaffected', async () => {
    const upn = `carol-${randomUUID().slice(0, 8)}@contoso.com`;
    const carol = await service.userToken(upn);
    const [first] = [await joined(carol, randomUUID()), await joined(carol, randomUUID())];

    const requestsBefore = (await service.keys('request:*')).length;
    const refused = await postJoin(carol, randomUUID());
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({ code: 'DEVICE_QUOTA_EXCEEDED', message: expect.stringContaining('2 registered devices') });
    expect((await service.keys('request:*')).length).toBe(requestsBefore);

    expect((await postJoin(carol, first.device.deviceId)).status).toBe(200);
    await joined(await service.userToken(`dan-${randomUUID().slice(0, 8)}@contoso.com`), first.device.deviceId);
    expect(await activeDevicesOf(upn)).toHaveLength(2);
  });

  it('gives the place back when a device leaves', async () => {
    const upn = `erin-${randomUUID().slice(0, 8)}@contoso.com`;
    const erin = await service.userToken(upn);
    const first = await joined(erin, randomUUID());
    await joined(erin, randomUUID());
    expect((await postJoin(erin, randomUUID())).status).toBe(409);

    const leave = await service.api('DELETE', `/v1/workplace-joins/${first.device.deviceId}`, { token: erin });
    expect(leave.status).toBe(202);
    expect((await service.finished(leave.body.requestId)).status).toBe('succeeded');
    await joined(erin, randomUUID());
    expect(await activeDevicesOf(upn)).toHaveLength(2);
  });

  it('holds under racing joins: of 6 devices accepted together, 2 register and 4 fail before any certificate', async () => {
    const upn = `frank-${randomUUID().slice(0, 8)}@contoso.com`;
    const frank = await service.userToken(upn);
    // No worker runs while the six are accepted, so that none has taken a place before the last is checked
    // at intake: they race for the places in the workers.
    await Promise.all(service.workers.splice(0).map((worker) => worker.stop()));
    const accepted = await Promise.all(Array.from({ length: 6 }, () => postJoin(frank, randomUUID())));
    expect(accepted.map((response) => response.status)).toEqual(Array(6).fill(202));
    await service.startWorker();

    const finished = await Promise.all(accepted.map((response) => service.finished(response.body.requestId)));
    const succeeded = finished.filter((request) => request.status === 'succeeded');
    const failed = finished.filter((request) => request.status === 'failed');
    expect(succeeded).toHaveLength(2);
    expect(failed).toHaveLength(4);
    for (const request of failed) {
      expect(request.error.code).toBe('DEVICE_QUOTA_EXCEEDED');
      expect(request.steps.map((step: any) => step.status)).toEqual(['failed', 'pending', 'pending']);
      expect(request.certificate).toBeUndefined();
    }
    expect(await activeDevicesOf(upn)).toHaveLength(2);
  });
});
