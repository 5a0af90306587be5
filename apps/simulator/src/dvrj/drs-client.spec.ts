import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { ApiClient } from '../api-client';
import { DRS_DEVICE_ID_OID, guidExtensionOf } from './device-certificate';
import { drsErrorOf, DrsDevice, leaveOverDrs, registerOverDrs } from './drs-client';
import { drsRegistrationBody } from './registration-request';
import { FakeDeviceRegistrationService } from './testing/fake-device-registration-service';
import { parseBcryptRsaPublicBlob } from './transport-key';

describe(registerOverDrs.name, () => {
  const upn = 'alice@contoso.com';
  const token = 'token-of-alice';
  const user = { upn, token };
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const device: DrsDevice = {
    publicKey,
    body: drsRegistrationBody({
      privateKey,
      transportKey: publicKey,
      targetDomain: 'enterpriseregistration.contoso.com',
      osVersion: '6.1.7601',
      deviceDisplayName: 'PC-K3ZQ-1',
    }),
  };
  let fake: FakeDeviceRegistrationService;
  let client: ApiClient;

  beforeAll(async () => {
    fake = await FakeDeviceRegistrationService.start(new Map([[token, upn]]));
    client = new ApiClient([fake.baseUrl]);
  });
  afterAll(async () => {
    client.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.seen.length = 0;
    fake.faults = {};
  });

  it('reads the contract, POSTs the registration to its endpoint with api-version 1.0, and keeps the device id the certificate names', async () => {
    const sut = await registerOverDrs(client, fake.baseUrl, user, device);

    expect(sut.kind).toBe('done');
    const registration = (sut as Extract<typeof sut, { kind: 'done' }>).value;
    expect(fake.devices.get(registration.deviceId)).toBe(upn);
    expect(registration.thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(fake.seen.map(({ method, path, query }) => [method, path, query])).toEqual([
      ['GET', '/EnrollmentServer/contract', { 'api-version': '1.0' }],
      ['POST', '/EnrollmentServer/device/', { 'api-version': '1.0' }],
    ]);
  });

  it('sends the body MS-DVRJ names: a pkcs10 request, a BCRYPT transport key, join type 4, Windows', async () => {
    await registerOverDrs(client, fake.baseUrl, user, device);

    const body = fake.seen[1].body!;
    expect(Object.keys(body).sort()).toEqual(
      ['Attributes', 'CertificateRequest', 'DeviceDisplayName', 'DeviceType', 'JoinType', 'OSVersion', 'TargetDomain', 'TransportKey'].sort(),
    );
    expect(body).toMatchObject({
      CertificateRequest: { Type: 'pkcs10' },
      TargetDomain: 'enterpriseregistration.contoso.com',
      DeviceType: 'Windows',
      OSVersion: '6.1.7601',
      DeviceDisplayName: 'PC-K3ZQ-1',
      JoinType: 4,
    });
    const { bits } = parseBcryptRsaPublicBlob(Buffer.from(body.TransportKey as string, 'base64'));
    expect(bits).toBe(2048);
  });

  it('deletes the device object it registered, at the endpoint with the device id appended', async () => {
    const registered = await registerOverDrs(client, fake.baseUrl, user, device);
    const { deviceId } = (registered as Extract<typeof registered, { kind: 'done' }>).value;

    const sut = await leaveOverDrs(client, fake.baseUrl, token, deviceId);

    expect(sut).toEqual({ kind: 'done', value: undefined });
    expect(fake.devices.has(deviceId)).toBe(false);
    expect(fake.seen.at(-1)).toMatchObject({ method: 'DELETE', path: `/EnrollmentServer/device/${deviceId}`, query: { 'api-version': '1.0' } });
  });

  it("fails a leave with the service's error when the device is unknown", async () => {
    const sut = await leaveOverDrs(client, fake.baseUrl, token, '00000000-0000-0000-0000-000000000000');

    expect(sut).toEqual({ kind: 'failed', failure: { status: 404, code: 'device_not_found', message: 'delete: no such device' } });
  });

  it("fails with the service's error code when the token is refused", async () => {
    const sut = await registerOverDrs(client, fake.baseUrl, { upn, token: 'forged' }, device);

    expect(sut).toMatchObject({ kind: 'failed', failure: { status: 401, code: 'invalid_token' } });
  });

  it('is rate-limited, not failed, on a 429', async () => {
    fake.faults = { registrationStatus: 429 };

    expect(await registerOverDrs(client, fake.baseUrl, user, device)).toEqual({ kind: 'rate-limited', retryAfterMs: undefined });
  });

  it('fails with BAD_DISCOVERY_DOCUMENT when the contract names no registration endpoint', async () => {
    fake.faults = { discoveryText: JSON.stringify({ AuthenticationService: {} }) };

    expect(await registerOverDrs(client, fake.baseUrl, user, device)).toMatchObject({ kind: 'failed', failure: { code: 'BAD_DISCOVERY_DOCUMENT' } });
  });

  it.each<[string, (answer: Record<string, any>) => void, RegExp]>([
    ['no RawBody', (a) => delete a.Certificate.RawBody, /no Certificate.RawBody/],
    ['a RawBody that is not a certificate', (a) => (a.Certificate.RawBody = 'AAAA'), /not a DER certificate/],
    ['a thumbprint that is not its SHA-1', (a) => (a.Certificate.Thumbprint = '00'.repeat(20)), /Thumbprint/],
    ['another user', (a) => (a.User.Upn = 'mallory@contoso.com'), /User.Upn/],
    ['no User', (a) => delete a.User, /User.Upn/],
  ])('fails with BAD_REGISTRATION_ANSWER on an answer with %s', async (_, tamper, message) => {
    fake.faults = { tamper };

    const sut = await registerOverDrs(client, fake.baseUrl, user, device);

    expect(sut).toMatchObject({ kind: 'failed', failure: { status: 200, code: 'BAD_REGISTRATION_ANSWER', message: expect.stringMatching(message) } });
  });

  it("fails when the certificate is for another key than the device's", async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sut = await registerOverDrs(client, fake.baseUrl, user, { ...device, publicKey: other.publicKey });

    expect(sut).toMatchObject({ kind: 'failed', failure: { code: 'BAD_REGISTRATION_ANSWER', message: expect.stringMatching(/device's key/) } });
  });

  it('reads the device id in Windows GUID byte order from extension 1.2.840.113556.1.5.284.2', async () => {
    const sut = await registerOverDrs(client, fake.baseUrl, user, device);
    const { certificate, deviceId } = (sut as Extract<typeof sut, { kind: 'done' }>).value;

    expect(certificate.subject).toBe(`CN=${deviceId}`);
    expect(guidExtensionOf(new X509Certificate(certificate.raw).raw, DRS_DEVICE_ID_OID)).toBe(deviceId);
  });
});

describe(drsErrorOf.name, () => {
  it.each([
    ['code and message', '{"code":"invalid_request","message":"JoinType"}', { code: 'invalid_request', message: 'JoinType' }],
    ['ErrorType and Message', '{"ErrorType":"DirectoryError","Message":"no"}', { code: 'DirectoryError', message: 'no' }],
    ['no JSON', 'Bad Gateway', { code: 'HTTP_502', message: 'answered 502' }],
  ])('reads %s', (_, text, expected) => {
    expect(drsErrorOf({ status: 502, contentType: 'application/json', text })).toEqual(expected);
  });
});
