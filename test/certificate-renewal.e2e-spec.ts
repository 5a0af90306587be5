import { Queue } from 'bullmq';
import { createHash, createPublicKey, generateKeyPairSync, KeyObject, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEVICE_MANAGEMENT_QUEUE,
  DeviceManagementJob,
  deviceManagementJobId,
  parseProvisioningDoc,
  parseRstr,
  parseSoapFault,
  renderRequestSecurityToken,
} from '@app/enrollment';
import { renewalRequest } from '@app/enrollment/pki/testing/renewal-request';
import { selfSignedServerCertificate } from '@app/enrollment/pki/testing/server-certificate';
import { windowsCsr } from '@app/enrollment/pki/testing/windows-csr';
import { OpensslWorkspace } from './support/openssl';
import { AppProcess, freePort, spawnApp, TestService } from './support/service';
import { waitFor } from './support/wait';

const SOAP = 'application/soap+xml; charset=utf-8';
const ACCOUNT = 'enroll@contoso.com';
const MESSAGE_ID = 'urn:uuid:748132ec-a575-4329-b01b-6171a9cf8478';
const DAY = 24 * 3600 * 1000;

interface Answer {
  status: number;
  text: string;
}

/** How the device's certificate reaches the orchestrator: none, on the TLS connection, or in a proxy's header from an address. */
type Presenting = { via: 'none' } | { via: 'header'; certificatePem: string; from: string } | { via: 'tls'; certificatePem: string; key: KeyObject };

/** One POST on a connection of its own, so that the address it comes from and its client certificate are its own. */
function post(url: string, body: string, presenting: Presenting, serverCa?: string): Promise<Answer> {
  const headers: Record<string, string | number> = { 'content-type': SOAP, 'content-length': Buffer.byteLength(body) };
  if (presenting.via === 'header') headers['x-client-certificate'] = encodeURIComponent(presenting.certificatePem);
  const options = {
    method: 'POST',
    headers,
    agent: false as const,
    ...(presenting.via === 'header' && { localAddress: presenting.from }),
    ...(presenting.via === 'tls' && { cert: presenting.certificatePem, key: presenting.key.export({ type: 'pkcs8', format: 'pem' }), ca: serverCa }),
    ...(presenting.via === 'none' && serverCa && { ca: serverCa }),
  };
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const request = send(url, options, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
    request.setTimeout(30_000, () => request.destroy(new Error(`no answer from ${url}`)));
    request.end(body);
  });
}

/** The device certificate of a renewal's provisioning document (it carries no account, so the full parser does not apply). */
function renewedCertificate(answer: Answer): X509Certificate {
  expect({ status: answer.status, fault: parseSoapFault(answer.text) }).toEqual({ status: 200, fault: undefined });
  const doc = parseRstr(answer.text).provisioningDoc;
  expect(doc).not.toContain('DMClient');
  const base64 =
    /<characteristic type="My"><characteristic type="(?:System|User)"><characteristic type="[0-9A-F]{40}"><parm name="EncodedCertificate" value="([^"]+)"/.exec(
      doc,
    )?.[1];
  if (!base64) throw new Error(`no device certificate in ${doc}`);
  return new X509Certificate(Buffer.from(base64, 'base64'));
}

const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' }).toString('base64');
const commonName = (certificate: X509Certificate) => /^CN=(.*)$/m.exec(certificate.subject)?.[1];
const newKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

describe('MS-WSTEP certificate renewal (end to end)', () => {
  // The orchestrator trusts X-Client-Certificate from 127.0.0.1 only; the test also connects from 127.0.0.2.
  const service = new TestService('renewal', { TRUSTED_PROXY_CIDRS: '127.0.0.1/32', CERT_RENEWAL_GRACE_S: '8', MDE2_ENROLLMENT_WAIT_MS: '20000' });
  const openssl = new OpensslWorkspace();
  const dir = mkdtempSync(join(tmpdir(), 'eo-e2e-renewal-'));
  const server = selfSignedServerCertificate({ names: ['localhost', '127.0.0.1'] });
  let https: AppProcess;
  let httpsUrl: string;
  let caPath: string;
  let secret: string;

  const device = { deviceId: createHash('md5').update(`renewal-${Date.now()}`).digest('hex').toUpperCase(), name: 'RENEW-PC-1', key: newKey() };
  let enrolled: X509Certificate;
  /** The device's certificate and key after the renewals. */
  let latest: { certificate: X509Certificate; key: KeyObject };

  beforeAll(async () => {
    await service.start(1);
    caPath = openssl.write('ca.pem', (await service.api('GET', '/v1/pki/ca.pem')).text);
    // A second orchestrator on the same store, serving HTTPS and asking for client certificates.
    const files = { TLS_CERT_FILE: join(dir, 'server.crt'), TLS_KEY_FILE: join(dir, 'server.key') };
    writeFileSync(files.TLS_CERT_FILE, server.cert);
    writeFileSync(files.TLS_KEY_FILE, server.key, { mode: 0o600 });
    const port = await freePort();
    httpsUrl = `https://127.0.0.1:${port}`;
    https = spawnApp('orchestrator', service.env({ PORT: String(port), PUBLIC_URL: httpsUrl, ...files }));
    await Promise.race([
      waitFor(async () => ((await post(`${httpsUrl}/EnrollmentServer/Discovery.svc`, '', { via: 'none' }, server.cert)).status > 0 ? true : undefined), {
        what: 'the HTTPS orchestrator to answer',
      }).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${https.output}`);
      }),
      https.exited.then((code) => {
        throw new Error(`the HTTPS orchestrator exited with ${code}:\n${https.output}`);
      }),
    ]);

    const token = await service.admin('POST', '/v1/bulk-tokens', { expiresAt: new Date(Date.now() + 30 * DAY).toISOString(), maxUses: 1 });
    const pkg = await service.admin('POST', '/v1/provisioning-packages', {
      name: 'Contoso MDM',
      deviceNameTemplate: 'CONTOSO-%RAND:5%',
      bulkTokenId: token.body.id,
      mdmEnrollment: { userPrincipalName: ACCOUNT },
    });
    expect(pkg.status).toBe(201);
    secret = token.body.token;
    const answer = await post(enrollmentUrl(), rst('Issue', windowsCsr({ commonName: device.deviceId, privateKey: device.key }).der), { via: 'none' });
    expect(answer.status).toBe(200);
    enrolled = new X509Certificate(Buffer.from(parseProvisioningDoc(parseRstr(answer.text).provisioningDoc).deviceCertificateBase64, 'base64'));
  });

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed
    await https?.stop();
    await service.stop();
    openssl.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  function enrollmentUrl(base = service.baseUrl): string {
    return `${base}/EnrollmentServer/Enrollment.svc`;
  }

  /** The RST Windows sends: Issue with the account and a PKCS#10, Renew with a PKCS#7 (ROBO sends the same account header, empty). */
  function rst(requestType: 'Issue' | 'Renew', token: Buffer, base = service.baseUrl): string {
    return renderRequestSecurityToken({
      messageId: MESSAGE_ID,
      to: enrollmentUrl(base),
      credentials: { username: ACCOUNT, password: requestType === 'Issue' ? secret : '' },
      csrBase64: token.toString('base64'),
      requestType,
      context: [
        ['DeviceID', device.deviceId],
        ['DeviceName', device.name],
        ['EnrollmentType', 'Device'],
        ['OSVersion', '10.0.19045.2006'],
        ['HWDevID', createHash('sha256').update(device.deviceId).digest('hex').toUpperCase()],
      ],
    });
  }

  /** A renewal request for `key`, signed with the certificate being renewed. */
  function renewalBody(certificate: X509Certificate, signingKey: KeyObject, key: KeyObject, base?: string): string {
    const csrDer = windowsCsr({ commonName: device.deviceId, privateKey: key }).der;
    return rst('Renew', renewalRequest({ csrDer, certificatePem: certificate.toString(), privateKey: signingKey }), base);
  }

  async function deviceView(id: string) {
    const view = await service.admin('GET', `/v1/devices/${id}`);
    expect(view.status).toBe(200);
    return view.body;
  }

  function crlLists(certificate: X509Certificate, crl: string, name: string): boolean {
    const path = openssl.write(`${name}.pem`, certificate.toString());
    const crlPath = openssl.write(`${name}-crl.pem`, crl);
    return openssl.verify(['-crl_check', '-CAfile', caPath, '-CRLfile', crlPath, path]).output.includes('certificate revoked');
  }

  describe('presenting the current certificate', () => {
    const renewedKey = newKey();
    let renewed: X509Certificate;
    let answer: Answer;

    beforeAll(async () => {
      answer = await post(enrollmentUrl(), renewalBody(enrolled, device.key, renewedKey), {
        via: 'header',
        certificatePem: enrolled.toString(),
        from: '127.0.0.1',
      });
      renewed = renewedCertificate(answer);
    });

    it('through a trusted proxy, issues a certificate for the new key that openssl verifies, for the same device object', async () => {
      expect(spki(renewed.publicKey)).toBe(spki(createPublicKey(renewedKey)));
      expect(openssl.verify(['-CAfile', caPath, '-purpose', 'sslclient', openssl.write('renewed.pem', renewed.toString())])).toMatchObject({ ok: true });
      expect(commonName(renewed)).toBe(commonName(enrolled));
      expect(renewed.serialNumber).not.toBe(enrolled.serialNumber);
      const view = await deviceView(commonName(enrolled)!);
      expect(view).toMatchObject({ status: 'active', certificate: { serialNumber: renewed.serialNumber.toLowerCase() } });
    });

    it('runs the bulk enrollment flow for the device without the bulk token (its only use is spent)', async () => {
      const requestId = /<(?:\w+:)?RequestID[^>]*>\s*([^<\s]+)\s*</.exec(answer.text)![1];
      const request = await service.finished(requestId);
      expect(request).toMatchObject({ status: 'succeeded', flow: 'bulk-enrollment' });
      expect(request.device.id).toBe(commonName(enrolled));
      const events = await service.admin('GET', `/v1/events?requestId=${requestId}&limit=200`);
      expect(events.body.items.length).toBeGreaterThan(0);
    });

    it('keeps the old certificate valid and schedules its revocation after the grace period', async () => {
      const crl = (await service.api('GET', '/v1/pki/crl?format=pem')).text;
      expect(crlLists(enrolled, crl, 'old')).toBe(false);
      const queue = new Queue(DEVICE_MANAGEMENT_QUEUE, { connection: service.redis, prefix: service.keyNames.bullPrefix });
      try {
        const job = await queue.getJob(deviceManagementJobId.revokeRenewed(enrolled.serialNumber.toLowerCase()));
        expect(job).toMatchObject({
          name: DeviceManagementJob.RevokeRenewedCertificate,
          data: { deviceObjectId: commonName(enrolled), serialNumber: enrolled.serialNumber.toLowerCase() },
          opts: expect.objectContaining({ delay: 8000 }),
        });
      } finally {
        await queue.close();
      }
    });

    it('answers the same request again, with the previous certificate still in its grace period, with the same new certificate', async () => {
      const body = renewalBody(enrolled, device.key, renewedKey);
      const again = renewedCertificate(await post(enrollmentUrl(), body, { via: 'header', certificatePem: enrolled.toString(), from: '127.0.0.1' }));
      expect(again.fingerprint256).toBe(renewed.fingerprint256);
    });

    it('natively over HTTPS, renews again with the client certificate of the TLS connection', async () => {
      const nextKey = newKey();
      const next = renewedCertificate(
        await post(
          enrollmentUrl(httpsUrl),
          renewalBody(renewed, renewedKey, nextKey, httpsUrl),
          { via: 'tls', certificatePem: renewed.toString(), key: renewedKey },
          server.cert,
        ),
      );
      expect(spki(next.publicKey)).toBe(spki(createPublicKey(nextKey)));
      expect(commonName(next)).toBe(commonName(enrolled));
      expect(openssl.verify(['-CAfile', caPath, openssl.write('next.pem', next.toString())])).toMatchObject({ ok: true });
      expect(await deviceView(commonName(enrolled)!)).toMatchObject({ certificate: { serialNumber: next.serialNumber.toLowerCase() } });
      latest = { certificate: next, key: nextKey };
    });
  });

  describe('after the grace period', () => {
    it('revokes the certificate renewed away from: the CRL lists it (openssl verify -crl_check)', async () => {
      await waitFor(async () => (crlLists(enrolled, (await service.api('GET', '/v1/pki/crl?format=pem')).text, 'graced') ? true : undefined), {
        timeoutMs: 30_000,
        what: 'the CRL to list the certificate renewed away from',
      });
      expect(crlLists(latest.certificate, (await service.api('GET', '/v1/pki/crl?format=pem')).text, 'latest')).toBe(false);
    });
  });

  describe('refusals', () => {
    const faultOf = (answer: Answer) => ({ status: answer.status, subcode: parseSoapFault(answer.text)?.subcode.replace(/^\w+:/, '') });

    it.each([
      ['no certificate at all', () => ({ via: 'none' }) as const],
      ['the header from an address that is not a trusted proxy', () => ({ via: 'header', certificatePem: enrolled.toString(), from: '127.0.0.2' }) as const],
    ])('answers %s with an InvalidSecurity fault', async (_, presenting) => {
      const answer = await post(enrollmentUrl(), renewalBody(enrolled, device.key, newKey()), presenting());
      expect(faultOf(answer)).toEqual({ status: 500, subcode: 'InvalidSecurity' });
    });

    it('answers a certificate this service did not issue, naming the device, with an Authentication fault', async () => {
      const foreignKey = newKey();
      const foreign = selfSignedServerCertificate({ names: [commonName(enrolled)!] });
      const answer = await post(enrollmentUrl(), renewalBody(enrolled, foreignKey, newKey()), {
        via: 'header',
        certificatePem: foreign.cert,
        from: '127.0.0.1',
      });
      expect(faultOf(answer)).toEqual({ status: 500, subcode: 'Authentication' });
    });

    it('answers a renewal signed with another key than the certificate presented with a CertificateRequest fault', async () => {
      const { certificate, key } = latest;
      const answer = await post(
        enrollmentUrl(httpsUrl),
        renewalBody(certificate, newKey(), newKey(), httpsUrl),
        { via: 'tls', certificatePem: certificate.toString(), key },
        server.cert,
      );
      expect(faultOf(answer)).toEqual({ status: 500, subcode: 'CertificateRequest' });
    });

    it('answers a certificate revoked by a re-enrollment with a new key with an Authentication fault', async () => {
      const { certificate, key } = latest;
      const reenrolled = await post(enrollmentUrl(), rst('Issue', windowsCsr({ commonName: device.deviceId, privateKey: newKey() }).der), { via: 'none' });
      expect(reenrolled.status).toBe(200);
      await waitFor(async () => (crlLists(certificate, (await service.api('GET', '/v1/pki/crl?format=pem')).text, 'revoked') ? true : undefined), {
        timeoutMs: 10_000,
        what: 'the CRL to list the revoked certificate',
      });
      const answer = await post(enrollmentUrl(), renewalBody(certificate, key, newKey()), {
        via: 'header',
        certificatePem: certificate.toString(),
        from: '127.0.0.1',
      });
      expect(faultOf(answer)).toEqual({ status: 500, subcode: 'Authentication' });
    });
  });
});
