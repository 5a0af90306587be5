import { createHash, createPublicKey, generateKeyPairSync, KeyObject, X509Certificate } from 'node:crypto';
import {
  parseDiscoverResponse,
  parseGetPoliciesResponse,
  ParsedProvisioningDoc,
  parseProvisioningDoc,
  parseRstr,
  parseSoapFault,
  pemToDer,
  pooled,
  renderDiscoverRequest,
  renderGetPoliciesRequest,
  renderRequestSecurityToken,
} from '@app/enrollment';
import { fixture } from '@app/enrollment/mde2/testing/fixture';
import { windowsCsr } from '@app/enrollment/pki/testing/windows-csr';
import { OpensslWorkspace } from './support/openssl';
import { waitFor } from './support/wait';
import { TestService } from './support/service';

const DAY = 24 * 3600 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const SOAP = 'application/soap+xml; charset=utf-8';
// The constant MessageIDs of the specification's examples, which Windows sends too: nothing may be keyed on them.
const MESSAGE_ID = 'urn:uuid:748132ec-a575-4329-b01b-6171a9cf8478';
const ACCOUNT = 'enroll@contoso.com';

interface Answer {
  status: number;
  text: string;
  headers: Headers;
}

/** A Windows 10 device of the test: its MDM DeviceID, its name and its key. */
interface Device {
  deviceId: string;
  name: string;
  key: KeyObject;
}

let deviceCount = 0;
function newDevice(): Device {
  const n = ++deviceCount;
  return {
    deviceId: createHash('md5').update(`device-${n}-${Date.now()}`).digest('hex').toUpperCase(),
    name: `MDE2-PC-${n}`,
    key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
  };
}

describe('MS-MDE2 enrollment (end to end)', () => {
  const service = new TestService('mde2');
  const openssl = new OpensslWorkspace();
  let caPem: string;
  let caPath: string;

  beforeAll(async () => {
    await service.start(2, { MDE2_ENROLLMENT_WAIT_MS: '20000' });
    caPem = (await service.api('GET', '/v1/pki/ca.pem')).text;
    caPath = openssl.write('ca.pem', caPem);
  });
  afterAll(async () => {
    await service.stop();
    openssl.dispose();
  });

  async function soap(url: string, body: string, contentType = SOAP): Promise<Answer> {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: response.status, text: await response.text(), headers: response.headers };
  }

  /** A package that enrolls over MS-MDE2 with ACCOUNT, and its token. */
  async function enrollmentPackage(tokenFields: Record<string, unknown> = {}, on = service) {
    const token = await on.admin('POST', '/v1/bulk-tokens', { expiresAt: inDays(30), ...tokenFields });
    expect(token.status).toBe(201);
    const pkg = await on.admin('POST', '/v1/provisioning-packages', {
      name: 'Contoso MDM',
      deviceNameTemplate: 'CONTOSO-%RAND:5%',
      bulkTokenId: token.body.id,
      mdmEnrollment: { userPrincipalName: ACCOUNT },
    });
    expect(pkg.status).toBe(201);
    return { tokenId: token.body.id as string, secret: token.body.token as string, packageId: pkg.body.id as string };
  }

  function rst(device: Device, credentials: { username: string; password: string }, key = device.key, requestType: 'Issue' | 'Renew' = 'Issue') {
    const csr = windowsCsr({ commonName: `B1C43CD0-1624-5FBB-8E54-34CF17DFD3A1!${device.deviceId}`, privateKey: key });
    return renderRequestSecurityToken({
      messageId: MESSAGE_ID,
      to: `${service.baseUrl}/EnrollmentServer/Enrollment.svc`,
      credentials,
      csrBase64: csr.der.toString('base64'),
      requestType,
      context: [
        ['UXInitiated', 'false'],
        ['HWDevID', createHash('sha256').update(device.deviceId).digest('hex').toUpperCase()],
        ['Locale', 'en-US'],
        ['TargetedUserLoggedIn', 'false'],
        ['OSEdition', '4'],
        ['DeviceName', device.name],
        ['MAC', '00-15-5D-01-02-03'],
        ['MAC', '00-15-5D-01-02-04'],
        ['DeviceID', device.deviceId],
        ['EnrollmentType', 'Device'],
        ['DeviceType', 'CIMClient_Windows'],
        ['OSVersion', '10.0.19045.2006'],
        ['ApplicationVersion', '10.0.19045.2006'],
        ['NotInOobe', 'false'],
        ['RequestVersion', '5.0'],
      ],
    });
  }

  const enrollmentUrl = () => `${service.baseUrl}/EnrollmentServer/Enrollment.svc`;

  async function enroll(device: Device, credentials: { username: string; password: string }, key?: KeyObject): Promise<ParsedProvisioningDoc> {
    const answer = await soap(enrollmentUrl(), rst(device, credentials, key));
    expect({ status: answer.status, fault: parseSoapFault(answer.text) }).toEqual({ status: 200, fault: undefined });
    return parseProvisioningDoc(parseRstr(answer.text).provisioningDoc);
  }

  function certificateOf(doc: ParsedProvisioningDoc): X509Certificate {
    return new X509Certificate(Buffer.from(doc.deviceCertificateBase64, 'base64'));
  }

  describe('the whole exchange, as Windows makes it', () => {
    let pkg: Awaited<ReturnType<typeof enrollmentPackage>>;
    const device = newDevice();
    let doc: ParsedProvisioningDoc;
    let discovery: ReturnType<typeof parseDiscoverResponse>;
    let enrollAnswer: Answer;

    beforeAll(async () => {
      pkg = await enrollmentPackage();
      const probe = await fetch(`${service.baseUrl}/EnrollmentServer/Discovery.svc`);
      expect(probe.status).toBe(200);
      expect(await probe.text()).toBe('');

      const discover = await soap(
        `${service.baseUrl}/EnrollmentServer/Discovery.svc`,
        renderDiscoverRequest({
          messageId: MESSAGE_ID,
          to: `${service.baseUrl}/EnrollmentServer/Discovery.svc`,
          emailAddress: ACCOUNT,
          requestVersion: '5.0',
          deviceType: 'CIMClient_Windows',
          applicationVersion: '10.0.19045.2006',
          osEdition: '4',
          authPolicies: ['OnPremise'],
        }),
      );
      expect(discover.status).toBe(200);
      discovery = parseDiscoverResponse(discover.text);

      const policies = await soap(
        discovery.enrollmentPolicyServiceUrl,
        renderGetPoliciesRequest({ messageId: MESSAGE_ID, to: discovery.enrollmentPolicyServiceUrl, credentials: { username: ACCOUNT, password: pkg.secret } }),
      );
      expect(policies.status).toBe(200);
      expect(parseGetPoliciesResponse(policies.text)).toMatchObject({ minimalKeyLength: 2048, relatesTo: MESSAGE_ID });

      enrollAnswer = await soap(discovery.enrollmentServiceUrl, rst(device, { username: ACCOUNT, password: pkg.secret }));
      expect(enrollAnswer.status).toBe(200);
      doc = parseProvisioningDoc(parseRstr(enrollAnswer.text).provisioningDoc);
    });

    it('discovers OnPremise with the lower enrollment version and the service URLs', () => {
      expect(discovery).toMatchObject({
        relatesTo: MESSAGE_ID,
        authPolicy: 'OnPremise',
        enrollmentVersion: '4.0',
        enrollmentPolicyServiceUrl: `${service.baseUrl}/EnrollmentServer/Policy.svc`,
        enrollmentServiceUrl: `${service.baseUrl}/EnrollmentServer/Enrollment.svc`,
      });
    });

    it('answers SOAP 1.2 with a Content-Length and RelatesTo the request MessageID', () => {
      expect(enrollAnswer.headers.get('content-type')).toBe(SOAP);
      expect(Number(enrollAnswer.headers.get('content-length'))).toBe(Buffer.byteLength(enrollAnswer.text));
      expect(enrollAnswer.headers.get('transfer-encoding')).toBeNull();
      expect(parseRstr(enrollAnswer.text).relatesTo).toBe(MESSAGE_ID);
    });

    it('hands over a provisioning document of three characteristics with the CA by its SHA-1 thumbprint', () => {
      expect(doc.topLevel).toEqual(['CertificateStore', 'APPLICATION', 'DMClient']);
      expect(doc.caThumbprint).toBe(createHash('sha1').update(pemToDer(caPem)).digest('hex').toUpperCase());
      expect(doc.deviceStore).toBe('System');
      expect(doc.application).toMatchObject({ appId: 'w7', addr: `${service.baseUrl}/ManagementServer/MDM.svc` });
      expect(doc.application.auth.map((auth) => auth.level).sort()).toEqual(['APPSRV', 'CLIENT']);
      for (const auth of doc.application.auth) {
        expect(auth.type).toBe('DIGEST');
        expect(Buffer.from(auth.data, 'base64').length).toBeGreaterThanOrEqual(16);
      }
      expect(doc.dmClientProviderId).toBe(doc.application.providerId);
    });

    it('issues a certificate for the device key that openssl verifies, for client authentication, named by the server', () => {
      const certificate = certificateOf(doc);
      expect(doc.deviceThumbprint).toBe(certificate.fingerprint.replace(/:/g, ''));
      expect(spki(certificate.publicKey)).toEqual(spki(createPublicKey(device.key)));
      const path = openssl.write(`${device.deviceId}.pem`, certificate.toString());
      expect(openssl.verify(['-CAfile', caPath, '-purpose', 'sslclient', path])).toMatchObject({ ok: true });
      expect(openssl.x509Text(path)).toContain('TLS Web Client Authentication');
      expect(certificate.subject).not.toContain(device.deviceId);
    });

    it('lists the device as windowsBulkUserless, named as it reported, with the enrollment server events', async () => {
      const requestId = parseRstrRequestId(enrollAnswer.text);
      const request = await service.finished(requestId);
      expect(request.status).toBe('succeeded');
      expect(request.device).toMatchObject({ displayName: device.name, enrollmentType: 'windowsBulkUserless', packageId: pkg.packageId });
      expect(certificateOf(doc).subject).toContain(request.device.id);
      const events = await service.admin('GET', `/v1/events?requestId=${requestId}&limit=200`);
      const ids = events.body.items.map((event: any) => `${event.channel.split('/')[0].split('-').slice(2, 4).join('-')}:${event.eventId}`);
      expect(ids).toEqual(expect.arrayContaining(['DeviceManagement-Enterprise:72', 'Provisioning-Diagnostics:20', 'Provisioning-Diagnostics:21']));
    });

    it('keeps the nonces out of every API answer and out of Redis in the clear', async () => {
      const nonces = doc.application.auth.map((auth) => auth.data);
      const views = [await service.admin('GET', `/v1/devices?enrollmentType=windowsBulkUserless&limit=500`)];
      for (const view of views) for (const nonce of nonces) expect(view.text).not.toContain(nonce);
      const keys = await service.keys('*');
      const strings = await Promise.all(keys.map(async (key) => ((await service.redis.type(key)) === 'string' ? service.redis.get(key) : '')));
      for (const nonce of nonces) expect(strings.some((value) => value?.includes(nonce))).toBe(false);
    });
  });

  it('enrolls the RequestSecurityToken captured from a Windows 10 PC, only its account and secret replaced', async () => {
    const pkg = await enrollmentPackage();
    const captured = fixture('win10-rst.xml')
      .replace('<wsse:Username>demo@pocmdmserver.com</wsse:Username>', `<wsse:Username>${ACCOUNT}</wsse:Username>`)
      .replace(/(<wsse:Password[^>]*>)demo(<\/wsse:Password>)/, `$1${pkg.secret}$2`);
    const answer = await soap(enrollmentUrl(), captured);
    expect({ status: answer.status, fault: parseSoapFault(answer.text) }).toEqual({ status: 200, fault: undefined });
    const doc = parseProvisioningDoc(parseRstr(answer.text).provisioningDoc);
    const path = openssl.write('captured.pem', certificateOf(doc).toString());
    expect(openssl.verify(['-CAfile', caPath, path])).toMatchObject({ ok: true });
    const devices = await service.admin('GET', '/v1/devices?serialNumber=1E08C6E95D8BB843B1278FF45BC60CC6');
    expect(devices.body.items).toEqual([expect.objectContaining({ enrollmentType: 'windowsBulkUserless', packageId: pkg.packageId })]);
  });

  it('gives each device nonces of its own, and a repeated request the same certificate', async () => {
    const pkg = await enrollmentPackage();
    const credentials = { username: ACCOUNT, password: pkg.secret };
    const [a, b] = [newDevice(), newDevice()];
    const [docA, docA2, docB] = await Promise.all([enroll(a, credentials), enroll(a, credentials), enroll(b, credentials)]);
    expect(docA2.deviceThumbprint).toBe(docA.deviceThumbprint);
    expect(docA2.application.auth).toEqual(docA.application.auth);
    const noncesOfA = new Set(docA.application.auth.map((auth) => auth.data));
    expect(noncesOfA.size).toBe(2);
    expect(docB.application.auth.filter((auth) => noncesOfA.has(auth.data))).toEqual([]);
    const devices = await service.admin('GET', `/v1/devices?enrollmentType=windowsBulkUserless&limit=500`);
    expect(devices.body.items.filter((listed: any) => listed.serialNumber === a.deviceId)).toHaveLength(1);
  });

  it('re-enrolls a device that brings a new key: same device object, new certificate, the old one revoked', async () => {
    const pkg = await enrollmentPackage();
    const credentials = { username: ACCOUNT, password: pkg.secret };
    const device = newDevice();
    const first = certificateOf(await enroll(device, credentials));
    const second = certificateOf(await enroll(device, credentials, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey));
    expect(second.serialNumber).not.toBe(first.serialNumber);
    expect(second.subject).toBe(first.subject);
    const crlPath = openssl.write(`crl-${device.deviceId}.pem`, (await service.api('GET', '/v1/pki/crl?format=pem')).text);
    const firstPath = openssl.write(`first-${device.deviceId}.pem`, first.toString());
    const secondPath = openssl.write(`second-${device.deviceId}.pem`, second.toString());
    expect(openssl.verify(['-crl_check', '-CAfile', caPath, '-CRLfile', crlPath, firstPath]).output).toContain('certificate revoked');
    expect(openssl.verify(['-crl_check', '-CAfile', caPath, '-CRLfile', crlPath, secondPath])).toMatchObject({ ok: true });
  });

  it('holds maxUses exactly when devices race through the enrollment service', async () => {
    const pkg = await enrollmentPackage({ maxUses: 3 });
    const credentials = { username: ACCOUNT, password: pkg.secret };
    const answers = await pooled(
      Array.from({ length: 8 }, () => newDevice()).map((device) => () => soap(enrollmentUrl(), rst(device, credentials))),
      8,
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(3);
    const faults = answers.filter((answer) => answer.status !== 200).map((answer) => parseSoapFault(answer.text));
    expect(faults).toHaveLength(5);
    for (const fault of faults) expect(fault).toMatchObject({ subcode: expect.stringMatching(/Authorization$/), errorType: 'DeviceCapReached' });
  });

  describe('faults, each from its cause', () => {
    let pkg: Awaited<ReturnType<typeof enrollmentPackage>>;
    beforeAll(async () => {
      pkg = await enrollmentPackage();
    });

    async function faultOf(answer: Promise<Answer>) {
      const { status, text, headers } = await answer;
      return { status, contentType: headers.get('content-type'), fault: parseSoapFault(text) };
    }

    it.each([
      ['a wrong secret', () => ({ username: ACCOUNT, password: `${pkg.secret}x` }), 'Authentication'],
      ['an unknown account', () => ({ username: 'nobody@contoso.com', password: pkg.secret }), 'Authentication'],
    ])('answers %s with an Authentication fault', async (_, credentials, subcode) => {
      const answer = await faultOf(soap(enrollmentUrl(), rst(newDevice(), credentials())));
      expect(answer).toMatchObject({ status: 500, contentType: SOAP, fault: { subcode: expect.stringMatching(new RegExp(`${subcode}$`)) } });
      const policies = await faultOf(
        soap(`${service.baseUrl}/EnrollmentServer/Policy.svc`, renderGetPoliciesRequest({ messageId: MESSAGE_ID, to: 'x', credentials: credentials() })),
      );
      expect(policies.fault?.subcode).toMatch(/Authentication$/);
    });

    it('answers a message without its Security header with an InvalidSecurity fault', async () => {
      const body = rst(newDevice(), { username: ACCOUNT, password: pkg.secret }).replace(/<(\w+:)?Security\b[\s\S]*<\/(\w+:)?Security>/, '');
      expect(body).not.toContain(pkg.secret);
      expect((await faultOf(soap(enrollmentUrl(), body))).fault?.subcode).toMatch(/InvalidSecurity$/);
    });

    it('answers a revoked token with an Authorization fault', async () => {
      const revoked = await enrollmentPackage();
      expect((await service.admin('DELETE', `/v1/bulk-tokens/${revoked.tokenId}`)).status).toBeLessThan(300);
      const answer = await faultOf(soap(enrollmentUrl(), rst(newDevice(), { username: ACCOUNT, password: revoked.secret })));
      expect(answer.fault?.subcode).toMatch(/Authorization$/);
    });

    it('answers a weak key with a CertificateRequest fault', async () => {
      const device = newDevice();
      const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
      const answer = await faultOf(soap(enrollmentUrl(), rst(device, { username: ACCOUNT, password: pkg.secret }, weak)));
      expect(answer.fault).toMatchObject({ subcode: expect.stringMatching(/CertificateRequest$/), reason: expect.stringContaining('2048') });
    });

    it.each([
      ['not XML', 'hello'],
      [
        'an entity expansion',
        '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>&b;</s:Body></s:Envelope>',
      ],
      [
        'an external entity',
        '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>&x;</s:Body></s:Envelope>',
      ],
      ['JSON', '{"packageId":"x"}'],
    ])('answers %s with a MessageFormat fault and enqueues nothing', async (_, body) => {
      const before = await service.jobCounts('bulk-enrollment');
      const answer = await faultOf(soap(enrollmentUrl(), body, body.startsWith('{') ? 'application/json' : SOAP));
      expect(answer.fault?.subcode).toMatch(/MessageFormat$/);
      expect(answer.status).toBeLessThan(600);
      expect(JSON.stringify(answer.fault)).not.toContain('root:');
      expect(await service.jobCounts('bulk-enrollment')).toEqual(before);
    });

    it('answers a renewal that presents no device certificate with an InvalidSecurity fault', async () => {
      const body = rst(newDevice(), { username: ACCOUNT, password: pkg.secret }, undefined, 'Renew');
      expect((await faultOf(soap(enrollmentUrl(), body))).fault?.subcode).toMatch(/InvalidSecurity$/);
    });
  });

  describe('when no worker answers in time', () => {
    const slow = new TestService('mde2-wait');
    afterAll(() => slow.stop());

    it('answers an EnrollmentServer fault naming the request, and the retry joins the same request', async () => {
      await slow.start(0, { MDE2_ENROLLMENT_WAIT_MS: '500' });
      const pkg = await enrollmentPackage({}, slow);
      const body = rst(newDevice(), { username: ACCOUNT, password: pkg.secret }).replace(service.baseUrl, slow.baseUrl);
      const url = `${slow.baseUrl}/EnrollmentServer/Enrollment.svc`;
      const pending = await soap(url, body);
      expect(parseSoapFault(pending.text)).toMatchObject({ subcode: expect.stringMatching(/EnrollmentServer$/), errorType: 'EnrollmentServerBusy' });
      const traceId = /<(?:\w+:)?TraceId>\s*([^<\s]+)/.exec(pending.text)?.[1];
      expect(traceId).toMatch(/^[0-9a-f-]{36}$/);
      await slow.startWorker();
      // Windows retries until it gets its token; every retry joins the same request.
      const retried = await waitFor(
        async () => {
          const answer = await soap(url, body);
          return answer.status === 200 ? answer : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 100, what: 'the retried enrollment to be answered' },
      );
      expect(parseRstrRequestId(retried.text)).toBe(traceId);
      const devices = await slow.admin('GET', '/v1/devices?limit=50');
      expect(devices.body.items).toHaveLength(1);
    });
  });
});

function spki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/** The RSTR's RequestID, which this service sets to the request id of the enrollment. */
function parseRstrRequestId(xml: string): string {
  const match = /<(?:\w+:)?RequestID[^>]*>\s*([^<\s]+)\s*</.exec(xml);
  if (!match) throw new Error('the answer has no RequestID');
  return match[1];
}
