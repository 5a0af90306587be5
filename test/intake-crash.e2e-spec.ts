import { randomUUID } from 'node:crypto';
import { OpensslWorkspace } from './support/openssl';
import { TestService } from './support/service';
import { waitFor } from './support/wait';

/**
 * An orchestrator killed between recording a request and queuing its job (FAULT_CRASH_AT_INTAKE makes it
 * SIGKILL itself there). The reconciler of the orchestrator that comes back must end such a request, free
 * its user@device, and leave alone one whose job did reach the queue.
 */
describe('intake cut short by a crash (end to end)', () => {
  const service = new TestService('intake', { INTAKE_RECONCILE_AFTER_MS: '1000' });
  const openssl = new OpensslWorkspace();
  let csr: string;

  beforeAll(async () => {
    await service.start(1, { FAULT_CRASH_AT_INTAKE: 'before-enqueue' });
    csr = openssl.csr().pem;
  });
  afterAll(async () => {
    await service.stop();
    openssl.dispose();
  });

  const body = (deviceId: string) => ({ deviceId, deviceName: 'PC42', domain: 'contoso.com', osVersion: '6.1.7601', csr });
  const unconfirmed = () => service.redis.zrange(service.keyNames.unconfirmedRequests, 0, -1);

  /** Sends a join the orchestrator dies on; returns the id of the request it had recorded. */
  async function joinThatCrashes(token: string, deviceId: string): Promise<string> {
    await expect(service.api('POST', '/v1/workplace-joins', { token, body: body(deviceId) })).rejects.toThrow('fetch failed');
    await service.orchestrator.exited;
    expect(service.orchestrator.child.signalCode).toBe('SIGKILL');
    const ids = await unconfirmed();
    expect(ids).toHaveLength(1);
    return ids[0];
  }

  async function devicesOf(upn: string, deviceId: string) {
    const { body: list } = await service.admin('GET', `/v1/devices?trustType=Workplace&user=${encodeURIComponent(upn)}`);
    return list.items.filter((device: any) => device.deviceId === deviceId);
  }

  it('fails a request recorded but never queued, frees its user@device, and the join sent again completes once', async () => {
    const upn = 'carol@contoso.com';
    const deviceId = randomUUID();
    const token = await service.userToken(upn);
    const stuck = await joinThatCrashes(token, deviceId);
    expect(await service.redis.hget(service.keyNames.request(stuck), 'status')).toBe('queued');
    expect(await service.jobCounts('workplace-join')).toMatchObject({ waiting: 0, active: 0, completed: 0 });

    await service.restartOrchestrator();

    const failed = await service.finished(stuck);
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({ code: 'INTAKE_INTERRUPTED', message: expect.stringContaining('send it again') });
    expect(await unconfirmed()).toEqual([]);
    const { body: events } = await service.admin('GET', `/v1/events?requestId=${stuck}`);
    expect(events.items).toEqual([
      expect.objectContaining({ symbol: 'WorkplaceJoinFailed', data: expect.objectContaining({ ErrorCode: 'INTAKE_INTERRUPTED' }) }),
    ]);
    const metrics = await service.api('GET', '/metrics');
    expect(metrics.text).toContain('eo_request_outcomes_total{flow="workplace-join",status="failed",code="INTAKE_INTERRUPTED"} 1');

    const again = await service.api('POST', '/v1/workplace-joins', { token, body: body(deviceId) });
    expect(again.status).toBe(202);
    expect(again.body.requestId).not.toBe(stuck);
    expect((await service.finished(again.body.requestId)).status).toBe('succeeded');
    expect(await devicesOf(upn, deviceId)).toHaveLength(1);
  });

  it('leaves a request alone whose job was queued just before the crash, and it completes once', async () => {
    const upn = 'dave@contoso.com';
    const deviceId = randomUUID();
    const token = await service.userToken(upn);
    // No worker for now, so that the job is still waiting when the reconciler looks at it.
    await service.workers[0].stop();
    await service.restartOrchestrator({ FAULT_CRASH_AT_INTAKE: 'after-enqueue' });
    const queued = await joinThatCrashes(token, deviceId);

    await service.restartOrchestrator();

    await waitFor(async () => ((await unconfirmed()).length === 0 ? true : undefined), { what: 'the reconciler to confirm the job' });
    expect(await service.redis.hget(service.keyNames.request(queued), 'status')).toBe('queued');
    expect(await service.jobCounts('workplace-join')).toMatchObject({ waiting: 1 });
    // The user's next logon while the job waits gets the same request back.
    const meanwhile = await service.api('POST', '/v1/workplace-joins', { token, body: body(deviceId) });
    expect(meanwhile.body.requestId).toBe(queued);

    await service.startWorker();
    expect((await service.finished(queued)).status).toBe('succeeded');
    expect(await devicesOf(upn, deviceId)).toHaveLength(1);
  });
});
