import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { importJWK, SignJWT, generateKeyPair } from 'jose';
import { OpensslWorkspace } from './support/openssl';
import { TestService } from './support/service';

const PC = '0f3b8e6c-a271-4556-9b72-a26cbd8090c8';

function joinBody(csr: string, overrides: Record<string, unknown> = {}) {
  return { deviceId: PC, deviceName: 'PC01', domain: 'contoso.com', osVersion: '6.1.7601', csr, ...overrides };
}

describe('Workplace Join (end to end)', () => {
  const service = new TestService('wpj');
  const openssl = new OpensslWorkspace();
  let caPath: string;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    await service.start(1);
    caPath = openssl.write('ca.pem', (await service.api('GET', '/v1/pki/ca.pem')).text);
    [alice, bob] = await Promise.all([service.userToken('alice@contoso.com'), service.userToken('bob@contoso.com')]);
  });

  afterAll(async () => {
    await service.stop();
    openssl.dispose();
  });

  async function join(token: string, body: unknown) {
    const accepted = await service.api('POST', '/v1/workplace-joins', { token, body });
    expect(accepted.status).toBe(202);
    expect(accepted.body.statusUrl).toBe(`/v1/requests/${accepted.body.requestId}`);
    return service.finished(accepted.body.requestId);
  }

  async function crlPath(): Promise<string> {
    const crl = await service.api('GET', '/v1/pki/crl?format=pem');
    expect(crl.status).toBe(200);
    return openssl.write(`crl-${randomUUID()}.pem`, crl.text);
  }

  let aliceRequest: any;

  it('joins a CSR made with openssl req; the certificate verifies against /v1/pki/ca.pem', async () => {
    aliceRequest = await join(alice, joinBody(openssl.csr({ subject: '/CN=ignored-by-the-ca' }).pem));
    expect(aliceRequest.status).toBe('succeeded');
    expect(aliceRequest.steps.map((step: any) => [step.name, step.status, step.attempts])).toEqual([
      ['authenticate', 'succeeded', 1],
      ['issue-certificate', 'succeeded', 1],
      ['register-device', 'succeeded', 1],
    ]);
    expect(aliceRequest.device).toMatchObject({
      trustType: 'Workplace',
      status: 'active',
      deviceId: PC,
      displayName: 'PC01',
      userPrincipalName: 'alice@contoso.com',
    });

    const certPath = openssl.write('alice.pem', aliceRequest.certificate.pem);
    const verified = openssl.verify(['-CAfile', caPath, certPath]);
    expect(verified.output).toContain('OK');
    expect(verified.ok).toBe(true);
    const text = openssl.x509Text(certPath);
    expect(text).toContain(`Subject: CN = ${aliceRequest.device.id}`);
    expect(text).not.toContain('ignored-by-the-ca');
    expect(text).toContain('TLS Web Client Authentication');
    expect(text).toContain('CA:FALSE');
    expect(text).toContain(`${service.baseUrl}/v1/pki/crl`);
  });

  it('accepts the CSR as base64 DER, the way Windows sends it', async () => {
    const carol = await service.userToken('carol@contoso.com');
    const der = OpensslWorkspace.pemToBase64Der(openssl.csr().pem);
    const request = await join(carol, joinBody(der, { deviceId: randomUUID(), deviceName: 'PC02' }));
    expect(request.status).toBe('succeeded');
    expect(openssl.verify(['-CAfile', caPath, openssl.write('carol.pem', request.certificate.pem)]).ok).toBe(true);
  });

  it('answers a repeat join of an active user@device with 200 and the same device', async () => {
    const again = await service.api('POST', '/v1/workplace-joins', { token: alice, body: joinBody(openssl.csr().pem) });
    expect(again.status).toBe(200);
    expect(again.body.device.id).toBe(aliceRequest.device.id);
    expect(again.body.certificate.serialNumber).toBe(aliceRequest.certificate.serialNumber);
    const devices = await service.admin('GET', '/v1/devices?user=alice@contoso.com');
    expect(devices.body.total).toBe(1);
  });

  it('shares one request among concurrent logons of the same user@device, and makes one device', async () => {
    const olivia = await service.userToken('olivia@contoso.com');
    const body = joinBody(openssl.csr().pem, { deviceId: randomUUID(), deviceName: 'PC-RACE' });
    const responses = await Promise.all(Array.from({ length: 8 }, () => service.api('POST', '/v1/workplace-joins', { token: olivia, body })));
    const accepted = responses.filter((response) => response.status === 202);
    expect(accepted.length + responses.filter((response) => response.status === 200).length).toBe(8);
    const requestIds = new Set(accepted.map((response) => response.body.requestId));
    expect(requestIds.size).toBe(1);
    const request = await service.finished([...requestIds][0]);
    expect(request.status).toBe('succeeded');
    const devices = await service.admin('GET', '/v1/devices?user=olivia@contoso.com');
    expect(devices.body.total).toBe(1);
  });

  it('gives two users of one PC two device objects', async () => {
    const bobRequest = await join(bob, joinBody(openssl.csr().pem));
    expect(bobRequest.status).toBe('succeeded');
    expect(bobRequest.device.id).not.toBe(aliceRequest.device.id);
    const onPc = await service.admin('GET', '/v1/devices?trustType=Workplace&status=active');
    const forPc = onPc.body.items.filter((device: any) => device.deviceId === PC);
    expect(forPc.map((device: any) => device.userPrincipalName).sort()).toEqual(['alice@contoso.com', 'bob@contoso.com']);
  });

  it("leave revokes only that user's certificate (openssl verify -crl_check) and removes only that user's object", async () => {
    const bobDevice = (await service.admin('GET', '/v1/devices?user=bob@contoso.com')).body.items[0];
    const bobCert = (await service.admin('GET', `/v1/requests/${bobDevice.requestId}`)).body.certificate.pem;
    const alicePath = openssl.write('alice-leave.pem', aliceRequest.certificate.pem);
    const bobPath = openssl.write('bob.pem', bobCert);
    expect(openssl.verify(['-crl_check', '-CAfile', caPath, '-CRLfile', await crlPath(), alicePath]).ok).toBe(true);

    const accepted = await service.api('DELETE', `/v1/workplace-joins/${PC}`, { token: alice });
    expect(accepted.status).toBe(202);
    const leave = await service.finished(accepted.body.requestId);
    expect(leave.status).toBe('succeeded');
    expect(leave.steps.map((step: any) => step.name)).toEqual(['authenticate', 'revoke-certificate', 'remove-device']);

    const crl = await crlPath();
    const revoked = openssl.verify(['-crl_check', '-CAfile', caPath, '-CRLfile', crl, alicePath]);
    expect(revoked.ok).toBe(false);
    expect(revoked.output).toContain('certificate revoked');
    expect(openssl.verify(['-crl_check', '-CAfile', caPath, '-CRLfile', crl, bobPath]).ok).toBe(true);

    const aliceDevice = await service.admin('GET', `/v1/devices/${aliceRequest.device.id}`);
    expect(aliceDevice.body.status).toBe('removed');
    expect((await service.admin('GET', `/v1/devices/${bobDevice.id}`)).body.status).toBe('active');
    // A second leave has nothing to leave.
    const again = await service.api('DELETE', `/v1/workplace-joins/${PC}`, { token: alice });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('DEVICE_NOT_FOUND');
  });

  describe('refuses bad credentials with 401 and enqueues nothing', () => {
    let expired: string;
    let forged: string;
    let wrongAudience: string;
    let wrongIssuer: string;

    beforeAll(async () => {
      // Tokens signed with the trusted development key, read from this instance's Redis, but with bad claims.
      const stored = JSON.parse((await service.redis.get(service.keyNames.devIdentityProvider))!);
      const trusted = await importJWK(stored.privateJwk, 'RS256');
      const claims = { upn: 'mallory@contoso.com' };
      const header = { alg: 'RS256', kid: stored.kid };
      const now = Math.floor(Date.now() / 1000);
      const base = () => new SignJWT(claims).setProtectedHeader(header).setIssuedAt(now - 7200);
      expired = await base()
        .setIssuer('urn:enrollment-orchestrator:dev-adfs')
        .setAudience('urn:enrollment-orchestrator')
        .setExpirationTime(now - 3600)
        .sign(trusted);
      wrongAudience = await base()
        .setIssuer('urn:enrollment-orchestrator:dev-adfs')
        .setAudience('urn:somebody-else')
        .setExpirationTime(now + 3600)
        .sign(trusted);
      wrongIssuer = await base()
        .setIssuer('https://evil.example/adfs')
        .setAudience('urn:enrollment-orchestrator')
        .setExpirationTime(now + 3600)
        .sign(trusted);
      const { privateKey: other } = await generateKeyPair('RS256');
      forged = await base()
        .setIssuer('urn:enrollment-orchestrator:dev-adfs')
        .setAudience('urn:enrollment-orchestrator')
        .setExpirationTime(now + 3600)
        .sign(other);
    });

    it.each([
      ['missing', () => undefined, 'TOKEN_MISSING'],
      ['malformed', () => 'not-a-jwt', 'TOKEN_MALFORMED'],
      ['expired', () => expired, 'TOKEN_EXPIRED'],
      ['badly signed', () => forged, 'TOKEN_INVALID'],
      ['for another audience', () => wrongAudience, 'TOKEN_INVALID'],
      ['from another issuer', () => wrongIssuer, 'TOKEN_INVALID'],
    ])('%s token → 401 %s', async (_, token, code) => {
      const before = await service.jobCounts('workplace-join');
      const requestsBefore = (await service.keys('request:*')).length;
      const response = await service.api('POST', '/v1/workplace-joins', {
        token: token(),
        body: joinBody(openssl.csr().pem, { deviceId: randomUUID() }),
      });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe(code);
      expect(await service.jobCounts('workplace-join')).toEqual(before);
      expect((await service.keys('request:*')).length).toBe(requestsBefore);
    });
  });

  it.each([
    ['no deviceId', { deviceId: undefined }, 'deviceId'],
    ['a deviceId that is not a GUID', { deviceId: 'PC01' }, 'deviceId'],
    ['a NetBIOS name longer than 15 characters', { deviceName: 'A-VERY-LONG-PC-NAME' }, 'deviceName'],
    ['no CSR', { csr: '' }, 'csr'],
  ])('answers 400 VALIDATION_FAILED for a body with %s', async (_, overrides, field) => {
    const response = await service.api('POST', '/v1/workplace-joins', { token: bob, body: joinBody('x', overrides) });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.message).toContain(field);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await service.api('POST', '/v1/workplace-joins', { token: bob, rawBody: '{"deviceId":' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a body over the limit, before authenticating anything', async () => {
    const response = await service.api('POST', '/v1/workplace-joins', { token: bob, body: joinBody('A'.repeat(200_000)) });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it.each([
    ['malformed', () => 'this is not a certificate request', 'CSR_MALFORMED'],
    ['weak (RSA-1024)', () => openssl.csr({ bits: 1024 }).pem, 'CSR_KEY_TOO_WEAK'],
  ])('fails a %s CSR in the certificate step with its code, at once, and creates no device', async (_, csr, code) => {
    const dave = await service.userToken(`dave-${randomUUID().slice(0, 8)}@contoso.com`);
    const deviceId = randomUUID();
    const accepted = await service.api('POST', '/v1/workplace-joins', { token: dave, body: joinBody(csr(), { deviceId }) });
    expect(accepted.status).toBe(202);
    const request = await service.finished(accepted.body.requestId);
    expect(request.status).toBe('failed');
    expect(request.error.code).toBe(code);
    const step = request.steps.find((candidate: any) => candidate.name === 'issue-certificate');
    expect(step).toMatchObject({ status: 'failed', attempts: 1, error: { code } });
    expect(request.steps.find((candidate: any) => candidate.name === 'register-device').status).toBe('pending');
    expect(request.device).toBeUndefined();
    const devices = await service.admin('GET', `/v1/devices?name=PC01`);
    expect(devices.body.items.some((device: any) => device.deviceId === deviceId)).toBe(false);
    // The failure is in the device's Workplace Join log as an Error event carrying the code.
    const events = await service.admin('GET', `/v1/events?requestId=${request.requestId}&level=2`);
    expect(events.body.items.map((event: any) => event.data.ErrorCode)).toContain(code);
  });

  it("exports a device's events as Windows Event XML, in order, correlated by request id", async () => {
    const device = aliceRequest.device;
    const response = await service.admin('GET', `/v1/devices/${device.id}/events?format=xml`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/xml');
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(response.text);
    const events = [parsed.Events.Event].flat();
    expect(events[0]['@xmlns']).toBe('http://schemas.microsoft.com/win/2004/08/events/event');
    const ids = events.map((event: any) => Number(event.System.EventID));
    // join: discovery, 3 steps started/succeeded, completed; then leave: discovery, 3 steps, completed.
    expect(ids).toEqual([100, 1010, 1011, 1020, 1021, 1030, 1031, 1000, 100, 1010, 1011, 1040, 1041, 1050, 1051, 1002]);
    const records = events.map((event: any) => Number(event.System.EventRecordID));
    expect([...records].sort((a, b) => a - b)).toEqual(records);
    const joinEvents = events.slice(0, 8);
    for (const event of joinEvents) {
      expect(event.System.Channel).toBe('Microsoft-Windows-Workplace Join/Admin');
      expect(event.System.Correlation['@ActivityID']).toBe(`{${aliceRequest.requestId.toUpperCase()}}`);
      expect(event.System.Computer).toBe('PC01');
      expect(event.System.Security['@UserID']).toBe('alice@contoso.com');
    }
    const json = await service.admin('GET', `/v1/devices/${device.id}/events`);
    expect(json.body.items.map((event: any) => event.eventId)).toEqual(ids);
  });

  it('lets a user read their own request but not somebody else’s', async () => {
    const own = await service.api('GET', `/v1/requests/${aliceRequest.requestId}`, { token: alice });
    expect(own.status).toBe(200);
    const other = await service.api('GET', `/v1/requests/${aliceRequest.requestId}`, { token: bob });
    expect(other.status).toBe(404);
    expect((await service.api('GET', '/v1/devices', { token: bob })).status).toBe(401);
  });

  it('serves the CRL as DER by default', async () => {
    const response = await service.api('GET', '/v1/pki/crl');
    expect(response.headers.get('content-type')).toContain('application/pkix-crl');
    const path = openssl.write('crl.der', Buffer.from(await (await fetch(`${service.baseUrl}/v1/pki/crl`)).arrayBuffer()));
    const text = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', path, '-noout', '-text'], {
      encoding: 'utf8',
    });
    expect(text).toContain(aliceRequest.certificate.serialNumber.toUpperCase());
  });
});
