import { randomUUID } from 'node:crypto';
import { signHook } from '@app/enrollment';
import { OpensslWorkspace } from './support/openssl';
import { TestService } from './support/service';

const SECRET = 'sccm-hook-secret-for-tests-0123456789abcdef';
const DAY = 24 * 3600 * 1000;
const now = () => String(Math.floor(Date.now() / 1000));
const sccm = { resourceId: 16777220, smbiosGuid: '4C4C4544-0031-3510-8052-B4C04F4E4B31', serialNumber: 'CZC1234XYZ', name: 'PC42', adSite: 'Paris' };

describe('SCCM hook (end to end)', () => {
  const service = new TestService('sccm', { SCCM_HOOK_SECRET: SECRET });
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

  function send(body: unknown, options: { secret?: string; timestamp?: string; signature?: string; rawBody?: string } = {}) {
    const rawBody = options.rawBody ?? JSON.stringify(body);
    const timestamp = options.timestamp ?? now();
    const signature = options.signature ?? signHook(options.secret ?? SECRET, timestamp, rawBody);
    return service.api('POST', '/v1/hooks/sccm', {
      rawBody,
      headers: { 'x-signature-timestamp': timestamp, 'x-signature': signature },
    });
  }

  const joinEvent = (overrides: Record<string, unknown> = {}) => ({
    eventId: `evt-${randomUUID()}`,
    action: 'workplace-join',
    userPrincipalName: 'Maria@Contoso.com',
    deviceId: randomUUID(),
    deviceName: 'PC42',
    domain: 'contoso.com',
    osVersion: '6.1.7601',
    csr,
    sccm,
    ...overrides,
  });

  async function unchangedQueues(action: () => Promise<void>) {
    const before = await Promise.all([service.jobCounts('workplace-join'), service.jobCounts('bulk-enrollment')]);
    const requests = (await service.keys('request:*')).length;
    await action();
    expect(await Promise.all([service.jobCounts('workplace-join'), service.jobCounts('bulk-enrollment')])).toEqual(before);
    expect((await service.keys('request:*')).length).toBe(requests);
  }

  it('runs a signed workplace-join through the same flow, keeping Configuration Manager identifiers', async () => {
    const event = joinEvent();
    const accepted = await send(event);
    expect(accepted.status).toBe(202);
    expect(accepted.body.eventId).toBe(event.eventId);
    const request = await service.finished(accepted.body.requestId);
    expect(request.status).toBe('succeeded');
    expect(request.device).toMatchObject({ userPrincipalName: 'maria@contoso.com', trustType: 'Workplace', sccm });
    expect(request.subject).toMatchObject({ sccmResourceId: '16777220', sccmAdSite: 'Paris', sccmName: 'PC42' });

    const leave = await send({ eventId: `evt-${randomUUID()}`, action: 'leave', userPrincipalName: 'maria@contoso.com', deviceId: event.deviceId });
    expect(leave.status).toBe(202);
    expect((await service.finished(leave.body.requestId)).status).toBe('succeeded');
    expect((await service.admin('GET', `/v1/devices/${request.device.id}`)).body.status).toBe('removed');
  });

  it('runs a signed bulk-enroll with the package of the event', async () => {
    const token = await service.admin('POST', '/v1/bulk-tokens', { expiresAt: new Date(Date.now() + DAY).toISOString() });
    const pkg = await service.admin('POST', '/v1/provisioning-packages', {
      name: 'SCCM wave',
      deviceNameTemplate: 'SC-%SERIAL%',
      bulkTokenId: token.body.id,
    });
    const accepted = await send({
      eventId: `evt-${randomUUID()}`,
      action: 'bulk-enroll',
      packageId: pkg.body.id,
      serialNumber: 'CZC1234XYZ',
      osVersion: '10.0.19045',
      csr,
      sccm,
    });
    expect(accepted.status).toBe(202);
    const request = await service.finished(accepted.body.requestId);
    expect(request.status).toBe('succeeded');
    expect(request.device).toMatchObject({ displayName: 'SC-CZC1234XYZ', trustType: 'AzureAd', sccm });
  });

  const shifted = (seconds: number) => String(Math.floor(Date.now() / 1000) + seconds);
  it.each([
    ['a wrong signature', () => ({ secret: 'another-secret-another-secret-another' }), 'HOOK_SIGNATURE_INVALID'],
    // A few seconds past the tolerance, so that a second ticking over in flight cannot bring it back in
    // (the exact ±300 s boundary has its unit test).
    ['a stale timestamp', () => ({ timestamp: shifted(-305) }), 'HOOK_TIMESTAMP_STALE'],
    ['a timestamp from the future', () => ({ timestamp: shifted(305) }), 'HOOK_TIMESTAMP_STALE'],
    ['no signature', () => ({ signature: '' }), 'HOOK_SIGNATURE_MISSING'],
  ])('refuses %s with 401 and enqueues nothing', async (_, options, code) => {
    await unchangedQueues(async () => {
      const response = await send(joinEvent(), options());
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe(code);
    });
  });

  it('refuses a body changed after signing', async () => {
    const original = JSON.stringify(joinEvent());
    const timestamp = now();
    const signature = signHook(SECRET, timestamp, original);
    await unchangedQueues(async () => {
      const tampered = original.replace('maria@contoso.com', 'mallory@contoso.com').replace('Maria@Contoso.com', 'mallory@contoso.com');
      const response = await send(undefined, { rawBody: tampered, timestamp, signature });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('HOOK_SIGNATURE_INVALID');
    });
  });

  it('answers a replayed event id with the first request and enqueues nothing twice, even when replays race', async () => {
    const event = joinEvent();
    const first = await send(event);
    expect(first.status).toBe(202);
    await service.finished(first.body.requestId);
    await unchangedQueues(async () => {
      const replays = await Promise.all(Array.from({ length: 5 }, () => send(event)));
      for (const replay of replays) {
        expect(replay.status).toBe(200);
        expect(replay.body).toMatchObject({ eventId: event.eventId, replayed: true, requestId: first.body.requestId });
      }
    });
    const racing = joinEvent();
    const raced = await Promise.all(Array.from({ length: 6 }, () => send(racing)));
    expect(raced.filter((response) => response.status === 202)).toHaveLength(1);
    expect(raced.filter((response) => response.status === 200)).toHaveLength(5);
  });

  it('answers 400 with the field for an event that does not fit its action', async () => {
    const response = await send({ eventId: 'evt-bad', action: 'workplace-join', userPrincipalName: 'x@contoso.com' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.message).toContain('deviceId');
  });
});
