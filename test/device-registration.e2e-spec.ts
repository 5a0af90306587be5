import { generateKeyPairSync, randomUUID, X509Certificate } from 'node:crypto';
import { directoryIdsOf, guidToBytes, userObjectId, windowsCsr } from '@app/enrollment';
import { OpensslWorkspace } from './support/openssl';
import { TestService } from './support/service';

const PC = 'b3c4d5e6-0718-4293-a4b5-c6d7e8f90a1b';

/** A register request as Windows' registration client writes it, for a CSR Windows-shaped with the PC's device id. */
function registerBody(overrides: Record<string, unknown> = {}, deviceId = PC) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const csr = windowsCsr({ commonName: '7E980AD9-B86D-4306-9425-9AC066FB014A', deviceIdExtensionValue: Buffer.from(deviceId, 'utf16le'), privateKey });
  return {
    CertificateRequest: { Type: 'pkcs10', Data: csr.der.toString('base64') },
    TransportKey: Buffer.from('transport key blob').toString('base64'),
    TargetDomain: 'contoso.com',
    DeviceType: 'Windows',
    OSVersion: '10.0.19045.3803',
    DeviceDisplayName: 'PC-DRS-01',
    JoinType: 4,
    Attributes: { ReuseDevice: 'true', ReturnClientSid: 'true' },
    ...overrides,
  };
}

describe('Device Registration Service: MS-DVRD discovery, MS-DVRJ register and delete (end to end)', () => {
  const service = new TestService('dvr');
  const openssl = new OpensslWorkspace();
  let caPath: string;
  let alice: string;
  let bob: string;
  let registrationEndpoint: string;

  beforeAll(async () => {
    await service.start(1);
    caPath = openssl.write('ca.pem', (await service.api('GET', '/v1/pki/ca.pem')).text);
    [alice, bob] = await Promise.all([service.userToken('alice@contoso.com'), service.userToken('bob@contoso.com')]);
  });

  afterAll(async () => {
    await service.stop();
    openssl.dispose();
  });

  const pathOf = (url: string) => new URL(url).pathname;
  const register = (token: string, body: unknown, version = '1.0') =>
    service.api('POST', `${pathOf(registrationEndpoint)}?api-version=${version}`, { token, body });
  const crlPath = async () => openssl.write(`crl-${randomUUID()}.pem`, (await service.api('GET', '/v1/pki/crl?format=pem')).text);
  const pemOf = (rawBody: string) => new X509Certificate(Buffer.from(rawBody, 'base64')).toString();

  it('discovery names this service, the AD FS endpoints and the identity provider, for 1.0 and 1.2', async () => {
    const v1 = await service.api('GET', '/EnrollmentServer/contract?api-version=1.0');
    expect(v1.status).toBe(200);
    expect(v1.body.DeviceRegistrationService).toEqual({
      RegistrationEndpoint: `${service.baseUrl}/EnrollmentServer/device/`,
      RegistrationResourceId: expect.stringMatching(/^urn:ms-drs:/),
      ServiceVersion: '1.0',
    });
    expect(v1.body.AuthenticationService.OAuth2).toEqual({
      AuthCodeEndpoint: expect.stringMatching(/^https?:\/\//),
      TokenEndpoint: expect.stringMatching(/^https?:\/\//),
    });
    expect(v1.body.IdentityProviderService.PassiveAuthEndpoint).toMatch(/^https?:\/\//);
    expect(v1.body).not.toHaveProperty('DeviceJoinService');

    const v12 = await service.api('GET', '/enrollmentserver/contract?api-version=1.2');
    expect(v12.status).toBe(200);
    expect(v12.body.DeviceJoinService.JoinEndpoint).toBe(`${service.baseUrl}/EnrollmentServer/device/`);
    registrationEndpoint = v12.body.DeviceJoinService.JoinEndpoint;
  });

  it('answers discovery in XML to a client that names no type or asks for XML, and refuses any other type', async () => {
    for (const accept of ['', 'application/xml']) {
      const xml = await service.api('GET', '/EnrollmentServer/contract?api-version=1.0', { headers: { accept } });
      expect(xml.status).toBe(200);
      expect(xml.headers.get('content-type')).toMatch(/^application\/xml/);
      expect(xml.text).toContain('<Discovery xmlns="http://schemas.datacontract.org/2004/07/Microsoft.DeviceRegistration.Entities"');
      expect(xml.text).toContain(`<RegistrationEndpoint>${service.baseUrl}/EnrollmentServer/device/</RegistrationEndpoint>`);
    }
    const refused = await service.api('GET', '/EnrollmentServer/contract?api-version=1.0', { headers: { accept: 'text/html' } });
    expect(refused.status).toBe(400);
    expect(refused.body.ErrorType).toBe('VALIDATION_FAILED');
  });

  it('refuses an api-version Microsoft does not list, in the ErrorDetails shape', async () => {
    for (const query of ['?api-version=9.9', '']) {
      const refused = await service.api('GET', `/EnrollmentServer/contract${query}`);
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({ ErrorType: 'VALIDATION_FAILED', Message: expect.any(String), TraceId: expect.any(String), Time: expect.any(String) });
    }
  });

  let aliceCertificate: string;
  let aliceDeviceObjectId: string;

  it('registers alice with a Windows-shaped CSR: the certificate verifies against /v1/pki/ca.pem and carries the device id', async () => {
    const answer = await register(alice, registerBody());
    expect(answer.status).toBe(200);
    expect(answer.body.User).toEqual({ Upn: 'alice@contoso.com' });
    expect(answer.body.MembershipChanges).toEqual([]);
    const der = Buffer.from(answer.body.Certificate.RawBody, 'base64');
    const x509 = new X509Certificate(der);
    expect(answer.body.Certificate.Thumbprint).toBe(x509.fingerprint.replace(/:/g, ''));
    aliceCertificate = pemOf(answer.body.Certificate.RawBody);
    const certPath = openssl.write('alice.pem', aliceCertificate);
    expect(openssl.verify(['-CAfile', caPath, certPath]).ok).toBe(true);

    aliceDeviceObjectId = directoryIdsOf(der).deviceId!;
    expect(aliceDeviceObjectId).toMatch(/^[0-9a-f-]{36}$/);
    // The user object id too, the same on every certificate of alice's.
    expect(directoryIdsOf(der).userId).toBe(userObjectId('ALICE@contoso.com'));
    expect(der.includes(Buffer.concat([Buffer.from([0x04, 0x10]), guidToBytes(aliceDeviceObjectId)]))).toBe(true);
    const device = await service.admin('GET', `/v1/devices/${aliceDeviceObjectId}`);
    expect(device.body).toMatchObject({ trustType: 'Workplace', deviceId: PC, userPrincipalName: 'alice@contoso.com', displayName: 'PC-DRS-01' });

    const events = await service.admin('GET', `/v1/events?requestId=${device.body.requestId}`);
    expect(events.status).toBe(200);
    expect(events.body.items.length).toBeGreaterThan(0);
    for (const event of events.body.items) expect(event.data.Protocol).toBe('MS-DVRJ');
  });

  it('a repeat for alice on the same PC answers with that registration (api-version 2.0 too)', async () => {
    const again = await register(alice, registerBody(), '2.0');
    expect(again.status).toBe(200);
    expect(pemOf(again.body.Certificate.RawBody)).toBe(aliceCertificate);
  });

  let bobCertificate: string;

  it('bob on the same PC gets his own device object and certificate', async () => {
    const answer = await register(bob, registerBody());
    expect(answer.status).toBe(200);
    expect(answer.body.User).toEqual({ Upn: 'bob@contoso.com' });
    bobCertificate = pemOf(answer.body.Certificate.RawBody);
    const bobDevice = directoryIdsOf(bobCertificate).deviceId!;
    expect(bobDevice).not.toBe(aliceDeviceObjectId);
    expect(directoryIdsOf(bobCertificate).userId).toBe(userObjectId('bob@contoso.com'));
    expect(userObjectId('bob@contoso.com')).not.toBe(userObjectId('alice@contoso.com'));
    const device = await service.admin('GET', `/v1/devices/${bobDevice}`);
    expect(device.body).toMatchObject({ deviceId: PC, userPrincipalName: 'bob@contoso.com' });
  });

  it.each([
    ['no token', undefined, registerBody(), 401, 'TOKEN_MISSING'],
    ['a token that is not a JWT', 'not-a-jwt', registerBody(), 401, 'TOKEN_MALFORMED'],
    ['a JoinType other than workplace registration', 'alice', registerBody({ JoinType: 0 }), 400, 'ENROLLMENT_REQUEST_UNSUPPORTED'],
    ['a body without a certificate request', 'alice', registerBody({ CertificateRequest: undefined }), 400, 'VALIDATION_FAILED'],
    ['a certificate request that is not a CSR', 'alice', registerBody({ CertificateRequest: { Type: 'pkcs10', Data: 'AAAA' } }), 400, undefined],
  ])('refuses %s in the ErrorDetails shape', async (_, who, body, status, code) => {
    const token = who === 'alice' ? alice : who;
    const refused = await service.api('POST', '/EnrollmentServer/device/?api-version=1.0', { token, body });
    expect(refused.status).toBe(status);
    expect(refused.body).toEqual({ ErrorType: code ?? expect.any(String), Message: expect.any(String), TraceId: expect.any(String), Time: expect.any(String) });
  });

  it('refuses malformed JSON and an unknown api-version in the ErrorDetails shape, never a SOAP fault', async () => {
    const malformed = await service.api('POST', '/EnrollmentServer/device/?api-version=1.0', {
      token: alice,
      rawBody: '{"JoinType":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.ErrorType).toBe('VALIDATION_FAILED');
    const version = await register(alice, registerBody(), '3.0');
    expect(version.status).toBe(400);
    expect(version.body.ErrorType).toBe('VALIDATION_FAILED');
  });

  it("delete removes alice's registration and revokes her certificate (openssl verify -crl_check); bob's stays valid", async () => {
    const bobsTry = await service.api('DELETE', `/EnrollmentServer/device/${aliceDeviceObjectId}`, { token: bob });
    expect(bobsTry.status).toBe(404);
    expect(bobsTry.body.ErrorType).toBe('DEVICE_NOT_FOUND');

    const deleted = await service.api('DELETE', `/EnrollmentServer/device/${aliceDeviceObjectId}`, { token: alice });
    expect(deleted.status).toBe(200);
    const crl = await crlPath();
    const revoked = openssl.verify(['-crl_check', '-CAfile', caPath, '-CRLfile', crl, openssl.write('alice-after.pem', aliceCertificate)]);
    expect(revoked.ok).toBe(false);
    expect(revoked.output).toContain('certificate revoked');
    expect(openssl.verify(['-crl_check', '-CAfile', caPath, '-CRLfile', crl, openssl.write('bob.pem', bobCertificate)]).ok).toBe(true);
    const device = await service.admin('GET', `/v1/devices/${aliceDeviceObjectId}`);
    expect(device.body.status).toBe('removed');
  });
});
