import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { XMLParser } from 'fast-xml-parser';
import {
  BULK_ENROLLMENT_QUEUE,
  BulkEnrollmentJob,
  bulkSubject,
  CertificateRecord,
  EnrollJobData,
  enrollmentJobOptions,
  MdmEnrollment,
  mdmNonceBox,
  openManagementNonces,
  RedisCertificateRepository,
  RedisRequestRepository,
} from '@app/enrollment';
import { OpensslWorkspace } from './support/openssl';
import { TestService } from './support/service';
import { waitFor } from './support/wait';

const DAY = 24 * 3600 * 1000;
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false });

/**
 * A device that applied a package with `mdmEnrollment` enrolls by itself and reports who it is. There is
 * no HTTP way in for that yet, so these tests queue the jobs as the intake would, and let a real worker
 * run them against real Redis.
 */
describe('bulk enrollment of devices that enroll by themselves (worker)', () => {
  const service = new TestService('selfenroll');
  const openssl = new OpensslWorkspace();
  let queue: Queue;
  let requests: RedisRequestRepository;
  let token: { id: string; token: string };
  let pkg: { id: string; mdmEnrollment?: { userPrincipalName: string } };
  let csr: string;

  beforeAll(async () => {
    await service.start(1);
    queue = new Queue(BULK_ENROLLMENT_QUEUE, { connection: service.redis, prefix: service.keyNames.bullPrefix });
    requests = new RedisRequestRepository(service.redis, service.keyNames);
    csr = openssl.csr().pem;
    token = (await service.admin('POST', '/v1/bulk-tokens', { expiresAt: new Date(Date.now() + 30 * DAY).toISOString() })).body;
    const created = await service.admin('POST', '/v1/provisioning-packages', {
      name: 'Contoso self-enrolling',
      deviceNameTemplate: 'CONTOSO-%RAND:4%',
      bulkTokenId: token.id,
      mdmEnrollment: { userPrincipalName: 'Enroll@Contoso.com' },
    });
    expect(created.status).toBe(201);
    pkg = created.body;
  });
  afterAll(async () => {
    await queue.close();
    await service.stop();
    openssl.dispose();
  });

  /** Records the request and queues its job, as the intake does; `jobId` defaults to the request id. */
  async function submit(data: EnrollJobData, jobIds = [data.requestId]): Promise<any> {
    const { packageId, serialNumber, osVersion } = data;
    await requests.createUnlessInFlight(
      {
        id: data.requestId,
        flow: 'bulk-enrollment',
        owner: `bulk-token:${data.tokenId}`,
        deviceObjectId: data.deviceObjectId,
        subject: { packageId, serialNumber, osVersion },
      },
      bulkSubject(packageId, serialNumber),
    );
    const options = enrollmentJobOptions({ attempts: 3, backoffMs: 100 });
    await Promise.all(jobIds.map((jobId) => queue.add(BulkEnrollmentJob.Enroll, data, { ...options, jobId })));
    await requests.confirmQueued(data.requestId);
    return service.finished(data.requestId, 60_000);
  }

  function job(serialNumber: string, extra: Partial<EnrollJobData> = {}): EnrollJobData {
    return {
      packageId: pkg.id,
      serialNumber,
      osVersion: '10.0.19045',
      csr,
      requestId: randomUUID(),
      deviceObjectId: randomUUID(),
      tokenId: token.id,
      ...extra,
    };
  }

  const reported = (deviceName: string, mdmDeviceId: string) => ({
    reported: { deviceName, mdmDeviceId, enrollmentScope: 'device' as const, macAddresses: ['00:1A:2B:3C:4D:5E'] },
  });

  async function certificatesOf(deviceObjectId: string): Promise<CertificateRecord[]> {
    const repository = new RedisCertificateRepository(service.redis, service.keyNames);
    const serials = (await service.keys('pki:cert:*')).map((key) => key.slice(key.lastIndexOf(':') + 1));
    const certificates = await Promise.all(serials.map((serial) => repository.get(serial)));
    return certificates.filter((certificate): certificate is CertificateRecord => certificate?.deviceObjectId === deviceObjectId);
  }

  async function crlText(): Promise<string> {
    const pem = await service.api('GET', '/v1/pki/crl?format=pem');
    expect(pem.status).toBe(200);
    return execFileSync('openssl', ['crl', '-in', openssl.write(`crl-${randomUUID()}.pem`, pem.text), '-noout', '-text'], { encoding: 'utf8' });
  }

  it('shows the package as enrolling into this service, and its customizations.xml says so', async () => {
    expect(pkg.mdmEnrollment).toEqual({ userPrincipalName: 'enroll@contoso.com' });
    const response = await service.admin('GET', `/v1/provisioning-packages/${pkg.id}/customizations.xml`);
    const common = xml.parse(response.text).WindowsCustomizations.Settings.Customizations.Common;
    expect(common.Accounts).toEqual({ ComputerAccount: { ComputerName: 'CONTOSO-%RAND:4%' } });
    expect(common.Workplace.Enrollments.UPN).toMatchObject({
      '@UPN': 'enroll@contoso.com',
      AuthPolicy: 'OnPremise',
      DiscoveryServiceFullUrl: `${service.baseUrl}/EnrollmentServer/Discovery.svc`,
      PolicyServiceFullUrl: `${service.baseUrl}/EnrollmentServer/Policy.svc`,
      EnrollmentServiceFullUrl: `${service.baseUrl}/EnrollmentServer/Enrollment.svc`,
      Secret: token.token,
    });
  });

  describe('a device that reports its name, then asks for a new certificate', () => {
    const mdmDeviceId = `{${randomUUID().toUpperCase()}}`;
    let first: any;
    let enrollment: MdmEnrollment;

    beforeAll(async () => {
      first = await submit(job(mdmDeviceId, reported('CONTOSO-7001', mdmDeviceId)));
      enrollment = JSON.parse((await service.redis.get(service.keyNames.mdmEnrollment(first.mdmEnrollment.id)))!);
    });

    it('is named as it reports, and enrolled into this service', () => {
      expect(first.status).toBe('succeeded');
      expect(first.device).toMatchObject({ displayName: 'CONTOSO-7001', enrollmentType: 'windowsBulkUserless', serialNumber: mdmDeviceId });
      expect(first.mdmEnrollment).toMatchObject({ enrollmentType: 'windowsBulkUserless', userless: true });
      expect(enrollment.management).toMatchObject({ mdmDeviceId, certificateStore: 'System' });
    });

    it('keeps its management nonces sealed: nowhere in Redis, the request or its events in the clear', async () => {
      const { clientNonce, serverNonce } = openManagementNonces(enrollment, mdmNonceBox('test-ca-passphrase-0123456789'));
      expect(Buffer.from(clientNonce, 'base64')).toHaveLength(16);
      expect(Buffer.from(serverNonce, 'base64')).toHaveLength(16);
      const shown = [
        JSON.stringify(first),
        (await service.admin('GET', `/v1/events?requestId=${first.requestId}`)).text,
        (await service.admin('GET', `/v1/devices/${first.device.id}`)).text,
      ];
      for (const key of await service.keys('*')) shown.push(await dump(key));
      for (const text of shown) {
        expect(text.includes(clientNonce)).toBe(false);
        expect(text.includes(serverNonce)).toBe(false);
      }
      expect(shown[0].includes(enrollment.management!.clientNonce)).toBe(false);
    });

    it('refuses the same name to another device with NAME_COLLISION', async () => {
      const other = `{${randomUUID().toUpperCase()}}`;
      const refused = await submit(job(other, reported('CONTOSO-7001', other)));
      expect(refused.status).toBe('failed');
      expect(refused.error.code).toBe('NAME_COLLISION');
    });

    describe('enrolling again with its certificate', () => {
      let again: EnrollJobData;
      let second: any;

      beforeAll(async () => {
        again = job(mdmDeviceId, {
          ...reported('CONTOSO-7001', mdmDeviceId),
          deviceObjectId: first.device.id,
          reenroll: { certificateSerial: first.certificate.serialNumber },
        });
        // Delivered twice at once: the request must still make one certificate.
        second = await submit(again, [again.requestId, `${again.requestId}-redelivered`]);
      });

      it('gives the same device object a new certificate, and keeps its name and enrollment', async () => {
        expect(second.status).toBe('succeeded');
        expect(second.certificate.serialNumber).not.toBe(first.certificate.serialNumber);
        const device = (await service.admin('GET', `/v1/devices/${first.device.id}`)).body;
        expect(device).toMatchObject({ id: first.device.id, displayName: 'CONTOSO-7001', status: 'active' });
        expect(device.certificate.serialNumber).toBe(second.certificate.serialNumber);
        expect(second.mdmEnrollment.id).toBe(enrollment.id);
        expect(await service.redis.get(service.keyNames.mdmEnrollmentByDevice(first.device.id))).toBe(enrollment.id);
        const kept: MdmEnrollment = JSON.parse((await service.redis.get(service.keyNames.mdmEnrollment(enrollment.id)))!);
        expect(kept.management).toEqual(enrollment.management);
      });

      it('leaves exactly one new certificate, and revokes the old one in the CRL', async () => {
        const certificates = await certificatesOf(first.device.id);
        expect(certificates.map((certificate) => certificate.serialNumber).sort()).toEqual(
          [first.certificate.serialNumber, second.certificate.serialNumber].sort(),
        );
        expect(certificates.find((c) => c.serialNumber === first.certificate.serialNumber)!.status).toBe('revoked');
        expect(certificates.find((c) => c.serialNumber === second.certificate.serialNumber)!.status).toBe('valid');
        const crl = (await crlText()).toLowerCase();
        expect(crl).toContain(first.certificate.serialNumber.toLowerCase());
        expect(crl).not.toContain(second.certificate.serialNumber.toLowerCase());
      });

      it('uses no more of the bulk token', async () => {
        const listed = (await service.admin('GET', '/v1/bulk-tokens')).body.items.find((item: any) => item.id === token.id);
        expect(listed.uses).toBe(1);
      });

      it('does nothing more when the job is delivered again after it finished', async () => {
        await queue.add(BulkEnrollmentJob.Enroll, again, { ...enrollmentJobOptions({ attempts: 3, backoffMs: 100 }), jobId: `${again.requestId}-late` });
        await waitFor(async () => ((await queue.getJobState(`${again.requestId}-late`)) === 'completed' ? true : undefined), {
          what: 'the late delivery to complete',
        });
        expect((await certificatesOf(first.device.id)).length).toBe(2);
      });
    });
  });

  /** A key's value as text, whatever its type, for scanning. */
  async function dump(key: string): Promise<string> {
    switch (await service.redis.type(key)) {
      case 'string':
        return (await service.redis.get(key)) ?? '';
      case 'hash':
        return JSON.stringify(await service.redis.hgetall(key));
      case 'list':
        return JSON.stringify(await service.redis.lrange(key, 0, -1));
      case 'set':
        return JSON.stringify(await service.redis.smembers(key));
      case 'zset':
        return JSON.stringify(await service.redis.zrange(key, 0, -1));
      case 'stream':
        return JSON.stringify(await service.redis.xrange(key, '-', '+'));
      default:
        return '';
    }
  }
});
