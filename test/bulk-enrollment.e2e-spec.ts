import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { pooled } from '@app/enrollment';
import { OpensslWorkspace } from './support/openssl';
import { TestService } from './support/service';

const DAY = 24 * 3600 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false });

describe('bulk enrollment (end to end)', () => {
  const service = new TestService('bulk');
  const openssl = new OpensslWorkspace();
  // A few device keys, reused across devices: key generation is not what these tests are about.
  let csrs: string[];
  let caPath: string;

  beforeAll(async () => {
    await service.start(2);
    csrs = Array.from({ length: 6 }, () => openssl.csr().pem);
    caPath = openssl.write('ca.pem', (await service.api('GET', '/v1/pki/ca.pem')).text);
  });
  afterAll(async () => {
    await service.stop();
    openssl.dispose();
  });

  async function token(body: Record<string, unknown> = { expiresAt: inDays(30) }) {
    const response = await service.admin('POST', '/v1/bulk-tokens', body);
    expect(response.status).toBe(201);
    return response.body as { id: string; token: string; expiresAt: string; maxUses: number | null };
  }

  async function provisioningPackage(bulkTokenId: string, fields: Record<string, unknown> = {}) {
    const response = await service.admin('POST', '/v1/provisioning-packages', {
      name: 'Contoso desktops',
      deviceNameTemplate: 'CONTOSO-%RAND:4%',
      bulkTokenId,
      ...fields,
    });
    expect(response.status).toBe(201);
    return response.body as { id: string };
  }

  function enroll(bearer: string, packageId: string, serialNumber: string, osVersion = '10.0.17134.1') {
    const csr = csrs[serialNumber.length % csrs.length];
    return service.api('POST', '/v1/bulk-enrollments', {
      token: bearer,
      body: { packageId, serialNumber, hardwareId: `HW-${serialNumber}`, osVersion, csr },
    });
  }

  async function enrolled(bearer: string, packageId: string, serialNumber: string) {
    const accepted = await enroll(bearer, packageId, serialNumber);
    expect(accepted.status).toBe(202);
    return service.finished(accepted.body.requestId, 120_000);
  }

  describe('a wave of 200 devices applying one package', () => {
    let issued: Awaited<ReturnType<typeof token>>;
    let pkg: { id: string };
    let requests: any[];

    beforeAll(async () => {
      issued = await token();
      pkg = await provisioningPackage(issued.id, { wifi: { ssid: 'Contoso <Corp>', networkType: 'wpa2-personal', key: 'k&y"123\'45' } });
      const serials = Array.from({ length: 200 }, (_, i) => `SN${String(i).padStart(5, '0')}`);
      const accepted = await pooled(
        serials.map((serial) => () => enroll(issued.token, pkg.id, serial)),
        50,
      );
      expect(accepted.map((response) => response.status)).toEqual(serials.map(() => 202));
      requests = await pooled(
        accepted.map((response) => () => service.finished(response.body.requestId, 120_000)),
        50,
      );
    });

    it('puts the bulk token and the wizard settings in customizations.xml', async () => {
      const response = await service.admin('GET', `/v1/provisioning-packages/${pkg.id}/customizations.xml`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/xml');
      const common = xml.parse(response.text).WindowsCustomizations.Settings.Customizations.Common;
      expect(common.Accounts.Azure.BPRT).toBe(issued.token);
      // Devices join Entra ID there, never at this service's own address.
      expect(common.Accounts.Azure.Authority).toBe('https://login.microsoftonline.com/common');
      expect(common.Workplace).toBeUndefined();
      expect(common.Accounts.ComputerAccount.ComputerName).toBe('CONTOSO-%RAND:4%');
      const wlan = common.ConnectivityProfiles.WLAN.WLANSetting.WLANConfig;
      expect(wlan['@SSID']).toBe('Contoso <Corp>');
      expect(wlan.WLANXmlSettings.SecurityKey).toBe('k&y"123\'45');
      // The stored package never shows the key or the token.
      const stored = await service.admin('GET', `/v1/provisioning-packages/${pkg.id}`);
      expect(stored.text).not.toContain('k&y');
      expect(stored.text).not.toContain(issued.token);
    });

    it('enrolls every device once, each with a unique name', () => {
      expect(requests.filter((request) => request.status === 'succeeded')).toHaveLength(200);
      const names = requests.map((request) => request.device.displayName);
      expect(new Set(names).size).toBe(200);
      for (const name of names) expect(name).toMatch(/^CONTOSO-\d{4}$/);
      for (const request of requests) {
        expect(request.device).toMatchObject({ trustType: 'AzureAd', status: 'active', enrollmentType: 'windowsBulkAzureDomainJoin' });
        expect(request.mdmEnrollment).toMatchObject({ userless: true, conditionalAccessEligible: true, osBuild: 17134 });
      }
    });

    it('issues certificates that all pass openssl verify', () => {
      const paths = requests.map((request, i) => openssl.write(`wave-${i}.pem`, request.certificate.pem));
      const verified = openssl.verify(['-CAfile', caPath, ...paths]);
      expect(verified.ok).toBe(true);
      expect(verified.output.match(/: OK/g)).toHaveLength(200);
    });

    it('has exactly one directory object, one MDM record and one certificate per device', async () => {
      const devices = await service.admin('GET', `/v1/devices?trustType=AzureAd&enrollmentType=windowsBulkAzureDomainJoin&limit=500`);
      const ofPackage = devices.body.items.filter((device: any) => device.packageId === pkg.id);
      expect(ofPackage).toHaveLength(200);
      expect(new Set(ofPackage.map((device: any) => device.serialNumber)).size).toBe(200);
      const mdmRecords = await Promise.all((await service.keys('mdm:enrollment:*')).map((key) => service.redis.get(key)));
      expect(mdmRecords.map((raw) => JSON.parse(raw!)).filter((record) => ofPackage.some((d: any) => d.id === record.deviceObjectId))).toHaveLength(200);
      const certificates = new Set(requests.map((request) => request.certificate.serialNumber));
      expect(certificates.size).toBe(200);
      const tokens = await service.admin('GET', '/v1/bulk-tokens');
      expect(tokens.body.items.find((listed: any) => listed.id === issued.id).uses).toBe(200);
      expect(tokens.text).not.toContain(issued.token);
    });

    it('gives a device that enrolls again its existing objects, not new ones', async () => {
      const first = requests[7];
      const again = await enroll(issued.token, pkg.id, first.subject.serialNumber);
      expect(again.status).toBe(200);
      expect(again.body.device.id).toBe(first.device.id);
      expect(again.body.certificate.serialNumber).toBe(first.certificate.serialNumber);
      expect(again.body.mdmEnrollment.id).toBe(first.mdmEnrollment.id);
    });

    it('reads back the events of one device in order, as Windows Event XML', async () => {
      const device = requests[3].device;
      const response = await service.admin('GET', `/v1/devices/${device.id}/events?format=xml`);
      const events = [xml.parse(response.text).Events.Event].flat();
      expect(events.map((event: any) => Number(event.System.EventID))).toEqual([20, 30, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 31, 21]);
      const categories = events
        .filter((event: any) => Number(event.System.EventID) === 11)
        .map((event: any) => [event.EventData.Data].flat().find((data: any) => data['@Name'] === 'Category')['#text']);
      expect(categories).toEqual(['Accounts/Azure', 'ComputerName', 'Certificates', 'Accounts/ComputerAccount', 'Workplace/Enrollments']);
      for (const event of events) {
        expect(event.System.Channel).toBe('Microsoft-Windows-Provisioning-Diagnostics-Provider/Admin');
        expect(event.System.Correlation['@ActivityID']).toBe(`{${requests[3].requestId.toUpperCase()}}`);
      }
      expect(events.at(-1).System.Computer).toBe(device.displayName);
    });

    it('lets a bulk token read the requests it made, and only those', async () => {
      const other = await token();
      const own = await service.api('GET', `/v1/requests/${requests[0].requestId}`, { token: issued.token });
      expect(own.status).toBe(200);
      const foreign = await service.api('GET', `/v1/requests/${requests[0].requestId}`, { token: other.token });
      expect(foreign.status).toBe(404);
    });
  });

  describe('tokens that may not enroll', () => {
    async function expectRefused(bearer: string, packageId: string, code: string) {
      const before = await service.jobCounts('bulk-enrollment');
      const response = await enroll(bearer, packageId, `SN-${randomUUID().slice(0, 8)}`);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe(code);
      expect(await service.jobCounts('bulk-enrollment')).toEqual(before);
    }

    it('refuses an unknown token', async () => {
      const { id } = await provisioningPackage((await token()).id);
      await expectRefused(`eobt_${'x'.repeat(43)}`, id, 'BULK_TOKEN_INVALID');
    });

    it('refuses an expired token', async () => {
      const expiring = await token();
      const { id } = await provisioningPackage(expiring.id);
      // Tokens cannot be issued already expired, so this one's expiry is moved into the past in the store.
      await service.redis.hset(service.keyNames.bulkToken(expiring.id), 'expiresAt', Date.now() - 1000);
      await expectRefused(expiring.token, id, 'BULK_TOKEN_EXPIRED');
    });

    it('refuses a revoked token, and a package cannot be made from it', async () => {
      const revoked = await token();
      const { id } = await provisioningPackage(revoked.id);
      expect((await service.admin('DELETE', `/v1/bulk-tokens/${revoked.id}`)).body.state).toBe('revoked');
      await expectRefused(revoked.token, id, 'BULK_TOKEN_REVOKED');
      const refused = await service.admin('POST', '/v1/provisioning-packages', {
        name: 'late',
        deviceNameTemplate: 'LATE-%RAND:3%',
        bulkTokenId: revoked.id,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('BULK_TOKEN_NOT_USABLE');
    });

    it('refuses an exhausted token', async () => {
      const single = await token({ expiresAt: inDays(1), maxUses: 1 });
      const { id } = await provisioningPackage(single.id);
      expect((await enrolled(single.token, id, 'SN-FIRST')).status).toBe('succeeded');
      await expectRefused(single.token, id, 'BULK_TOKEN_EXHAUSTED');
    });

    it('fails a waiting request in the authenticate step when its token is revoked before a worker takes it', async () => {
      const doomed = await token();
      const { id } = await provisioningPackage(doomed.id);
      await Promise.all(service.workers.map((worker) => worker.stop()));
      service.workers.length = 0;
      const accepted = await enroll(doomed.token, id, 'SN-WAITING');
      expect(accepted.status).toBe(202);
      await service.admin('DELETE', `/v1/bulk-tokens/${doomed.id}`);
      await service.startWorker();
      await service.startWorker();
      const request = await service.finished(accepted.body.requestId);
      expect(request.status).toBe('failed');
      expect(request.error.code).toBe('BULK_TOKEN_REVOKED');
      expect(request.steps[0]).toMatchObject({ name: 'authenticate', status: 'failed', attempts: 1 });
    });
  });

  it('lets exactly 50 of 80 racing devices through a token with maxUses 50', async () => {
    const limited = await token({ expiresAt: inDays(7), maxUses: 50 });
    const { id } = await provisioningPackage(limited.id, { deviceNameTemplate: 'RACE-%RAND:6%' });
    const serials = Array.from({ length: 80 }, (_, i) => `RACE${i}`);
    const responses = await Promise.all(serials.map((serial) => enroll(limited.token, id, serial)));
    const finished = await Promise.all(
      responses.filter((response) => response.status === 202).map((response) => service.finished(response.body.requestId, 120_000)),
    );
    const succeeded = finished.filter((request) => request.status === 'succeeded');
    expect(succeeded).toHaveLength(50);
    const refusedLater = finished.filter((request) => request.status === 'failed');
    for (const request of refusedLater) expect(request.error.code).toBe('BULK_TOKEN_EXHAUSTED');
    const refusedAtOnce = responses.filter((response) => response.status === 401);
    for (const response of refusedAtOnce) expect(response.body.error.code).toBe('BULK_TOKEN_EXHAUSTED');
    expect(succeeded.length + refusedLater.length + refusedAtOnce.length).toBe(80);
    const devices = await service.admin('GET', '/v1/devices?trustType=AzureAd&limit=500');
    expect(devices.body.items.filter((device: any) => device.packageId === id)).toHaveLength(50);
    const listed = (await service.admin('GET', '/v1/bulk-tokens')).body.items.find((item: any) => item.id === limited.id);
    expect(listed).toMatchObject({ uses: 50, maxUses: 50, state: 'exhausted' });
  });

  it('fails a serial too long for the template with NAME_TOO_LONG, never truncating, and gives the use back', async () => {
    const issued = await token();
    const { id } = await provisioningPackage(issued.id, { deviceNameTemplate: 'CONTOSO-%SERIAL%' });
    const request = await enrolled(issued.token, id, 'ABCDEFGHIJKL');
    expect(request.status).toBe('failed');
    expect(request.error.code).toBe('NAME_TOO_LONG');
    expect(request.steps.map((step: any) => step.status)).toEqual(['succeeded', 'failed', 'pending', 'pending', 'pending']);
    expect(request.device).toBeUndefined();
    const listed = (await service.admin('GET', '/v1/bulk-tokens')).body.items.find((item: any) => item.id === issued.id);
    expect(listed.uses).toBe(0);
    const fits = await enrolled(issued.token, id, 'ABC123');
    expect(fits.device.displayName).toBe('CONTOSO-ABC123');
  });

  it('fails a second device whose serial-based name is taken with NAME_COLLISION', async () => {
    const issued = await token();
    const first = await provisioningPackage(issued.id, { deviceNameTemplate: 'DUP-%SERIAL%' });
    const second = await provisioningPackage(issued.id, { deviceNameTemplate: 'DUP-%SERIAL%' });
    expect((await enrolled(issued.token, first.id, 'SAME1')).status).toBe('succeeded');
    const clash = await enrolled(issued.token, second.id, 'SAME1');
    expect(clash.error.code).toBe('NAME_COLLISION');
  });

  it('refuses Windows builds before 1703 and a token of another package', async () => {
    const issued = await token();
    const { id } = await provisioningPackage(issued.id);
    const old = await enroll(issued.token, id, 'OLD1', '10.0.14393');
    expect(old.status).toBe(400);
    expect(old.body.error.code).toBe('OS_BUILD_UNSUPPORTED');
    const other = await token();
    const wrong = await enroll(other.token, id, 'WRONG1');
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('BULK_TOKEN_WRONG_PACKAGE');
  });

  it('records Conditional Access as not eligible below build 17134', async () => {
    const issued = await token();
    const { id } = await provisioningPackage(issued.id);
    const accepted = await enroll(issued.token, id, 'CA1709', '10.0.16299.15');
    const request = await service.finished(accepted.body.requestId);
    expect(request.mdmEnrollment).toMatchObject({ conditionalAccessEligible: false, osBuild: 16299 });
  });

  describe('admin endpoints', () => {
    it.each([
      ['in the past', { expiresAt: new Date(Date.now() - DAY).toISOString() }],
      ['more than 180 days away', { expiresAt: inDays(181) }],
      ['with zero uses', { expiresAt: inDays(1), maxUses: 0 }],
    ])('refuse a token expiring %s', async (_, body) => {
      const response = await service.admin('POST', '/v1/bulk-tokens', body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    });

    it.each([
      ['a template that cannot fit 15 characters', { deviceNameTemplate: 'AVERYLONGPREFIX-%SERIAL%' }, 'NAME_TEMPLATE_INVALID'],
      ['a template with an underscore', { deviceNameTemplate: 'PC_%RAND:4%' }, 'NAME_TEMPLATE_INVALID'],
      [
        'Wi-Fi with user-targeted certificates',
        { wifi: { ssid: 'Corp', networkType: 'certificate', certificateTarget: 'user' } },
        'WIFI_USER_CERTIFICATE_UNSUPPORTED',
      ],
    ])('refuse a package with %s', async (_, fields, code) => {
      const issued = await token();
      const response = await service.admin('POST', '/v1/provisioning-packages', {
        name: 'bad',
        deviceNameTemplate: 'OK-%RAND:4%',
        bulkTokenId: issued.id,
        ...fields,
      });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe(code);
    });

    it.each(['/v1/bulk-tokens', '/v1/provisioning-packages'])('page %s like /v1/devices, newest first', async (path) => {
      const issued = await token();
      await provisioningPackage(issued.id);
      await provisioningPackage(issued.id);
      const first = await service.admin('GET', `${path}?limit=1`);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ offset: 0, limit: 1, total: expect.any(Number) });
      expect(first.body.items).toHaveLength(1);
      const all = await service.admin('GET', `${path}?limit=500`);
      expect(all.body.items).toHaveLength(first.body.total);
      expect(first.body.items).toEqual([all.body.items[0]]);
      const created = all.body.items.map((item: any) => Date.parse(item.createdAt));
      expect(created).toEqual([...created].sort((a, b) => b - a));
      const second = await service.admin('GET', `${path}?offset=1&limit=1`);
      expect(second.body.items).toEqual([all.body.items[1]]);
      expect((await service.admin('GET', `${path}?limit=501`)).body.error.code).toBe('VALIDATION_FAILED');
      expect((await service.admin('GET', `${path}?offset=-1`)).status).toBe(400);
    });

    it('require the admin key', async () => {
      expect((await service.api('GET', '/v1/bulk-tokens')).status).toBe(401);
      const issued = await token();
      expect((await service.api('GET', '/v1/bulk-tokens', { token: issued.token })).status).toBe(401);
    });
  });
});
