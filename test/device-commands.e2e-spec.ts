import { randomBytes } from 'node:crypto';
import { enrollOverMde2, mde2Package } from './support/mde2-device';
import { OpensslWorkspace } from './support/openssl';
import { TestService } from './support/service';
import { waitFor } from './support/wait';

const DAY = 24 * 3600 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const UNKNOWN = '6f1c2d3e-0000-4000-8000-000000000001';

/** A device enrolled over MS-MDE2 by the test: its object id and the certificate it was given. */
interface EnrolledDevice {
  id: string;
  certificatePath: string;
}

describe('Device commands and unenrollment (end to end)', () => {
  const service = new TestService('device-commands');
  const openssl = new OpensslWorkspace();
  let caPath: string;
  let secret: string;
  let device: EnrolledDevice;
  let jsonEnrolled: string;

  beforeAll(async () => {
    await service.start(1, { MDE2_ENROLLMENT_WAIT_MS: '20000' });
    caPath = openssl.write('ca.pem', (await service.api('GET', '/v1/pki/ca.pem')).text);
    secret = await mde2Package(service);
    device = await enrollDevice();
    jsonEnrolled = await enrollOverJson();
  });
  afterAll(async () => {
    await service.stop();
    openssl.dispose();
  });

  async function enrollDevice(): Promise<EnrolledDevice> {
    const enrolled = await enrollOverMde2(service, secret);
    return { id: enrolled.id, certificatePath: openssl.write(`${enrolled.id}.pem`, enrolled.certificatePem) };
  }

  /** A device bulk-enrolled through the JSON API: it joins Entra ID and never talks to this management server. */
  async function enrollOverJson(): Promise<string> {
    const token = await service.admin('POST', '/v1/bulk-tokens', { expiresAt: inDays(30) });
    const pkg = await service.admin('POST', '/v1/provisioning-packages', { name: 'Entra join', deviceNameTemplate: 'EJ-%RAND:6%', bulkTokenId: token.body.id });
    const enrolled = await service.api('POST', '/v1/bulk-enrollments', {
      token: token.body.token,
      body: { packageId: pkg.body.id, serialNumber: `SN${randomBytes(4).toString('hex')}`, osVersion: '10.0.19045.1', csr: openssl.csr().pem },
    });
    const request = await service.finished(enrolled.body.requestId);
    expect(request.status).toBe('succeeded');
    return request.device.id;
  }

  const commandsOf = (id: string) => service.admin('GET', `/v1/devices/${id}/commands`);

  async function crlVerify(certificatePath: string) {
    const crl = openssl.write(`crl-${randomBytes(4).toString('hex')}.pem`, (await service.api('GET', '/v1/pki/crl?format=pem')).text);
    return openssl.verify(['-crl_check', '-CAfile', caPath, '-CRLfile', crl, certificatePath]);
  }

  describe('queued for a device enrolled over MS-MDE2', () => {
    let target: EnrolledDevice;
    beforeAll(async () => {
      target = await enrollDevice();
    });

    it('queues any verb, a reboot and a policy as pending commands, and lists them oldest first with their data', async () => {
      const get = await service.admin('POST', `/v1/devices/${target.id}/commands`, { verb: 'Get', target: './DevDetail/SwV' });
      const replace = await service.admin('POST', `/v1/devices/${target.id}/commands`, {
        verb: 'Replace',
        target: './Device/Vendor/MSFT/Policy/Config/Start/HideShutDown',
        data: '1',
        format: 'int',
        ttlSeconds: 3600,
      });
      const reboot = await service.admin('POST', `/v1/devices/${target.id}/commands/reboot`);
      const policy = await service.admin('POST', `/v1/devices/${target.id}/commands/policy`, { area: 'Camera', policy: 'AllowCamera', value: 0 });

      expect([get, replace, reboot, policy].map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
      expect(get.body).toMatchObject({ verb: 'Get', target: './DevDetail/SwV', origin: 'admin', status: 'pending', deliveries: 0 });
      expect(Date.parse(get.body.expiresAt) - Date.parse(get.body.createdAt)).toBe(7 * DAY);
      expect(Date.parse(replace.body.expiresAt) - Date.parse(replace.body.createdAt)).toBe(3600 * 1000);
      expect(reboot.body).toMatchObject({ verb: 'Exec', target: './Device/Vendor/MSFT/Reboot/RebootNow', format: 'null' });
      expect(policy.body).toMatchObject({ verb: 'Replace', target: './Device/Vendor/MSFT/Policy/Config/Camera/AllowCamera', data: '0', format: 'int' });

      const listed = await commandsOf(target.id);
      expect(listed.status).toBe(200);
      expect(listed.body.total).toBe(4);
      expect(listed.body.items.map((command: any) => command.id)).toEqual([get, replace, reboot, policy].map((answer) => answer.body.id));
      expect(listed.body.items[1]).toMatchObject({ data: '1', format: 'int', status: 'pending' });
      expect((await service.admin('GET', `/v1/devices/${target.id}/commands/${reboot.body.id}`)).body).toEqual(reboot.body);
    });

    it('queues one command for a repeated Idempotency-Key (201, then 200 with it), and refuses the key for another command', async () => {
      const key = `reboot-${randomBytes(4).toString('hex')}`;
      const send = (path: string, body?: unknown) =>
        service.api('POST', `/v1/devices/${target.id}/commands${path}`, { token: service.adminKey, body, headers: { 'idempotency-key': key } });
      const first = await send('/reboot');
      const again = await send('/reboot');
      const other = await send('', { verb: 'Get', target: './DevInfo/Mod' });

      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body).toEqual(first.body);
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect((await commandsOf(target.id)).body.items.filter((command: any) => command.id === first.body.id)).toHaveLength(1);
    });

    it.each([
      ['a LocURI not under ./', { verb: 'Get', target: 'Device/Vendor' }, /^target: must be a relative LocURI/],
      ['a LocURI with a control character', { verb: 'Get', target: './DevInfo/\u001b' }, /^target: must not contain control characters/],
      ['a LocURI of 1025 characters', { verb: 'Get', target: `./${'a'.repeat(1023)}` }, /^target: must be at most 1024 characters/],
      ['data over 48 KiB', { verb: 'Replace', target: './A', data: 'a'.repeat(48 * 1024 + 1) }, /^data: must be at most 48 KiB/],
      ['an unknown format', { verb: 'Replace', target: './A', data: '1', format: 'float' }, /^format: /],
      ['an unknown verb', { verb: 'Copy', target: './A' }, /^verb: /],
      ['a time to live over 30 days', { verb: 'Get', target: './A', ttlSeconds: 31 * 24 * 3600 }, /^ttlSeconds: /],
    ])('refuses %s with 400 VALIDATION_FAILED, queuing nothing', async (_, body, message) => {
      const before = (await commandsOf(target.id)).body.total;
      const refused = await service.admin('POST', `/v1/devices/${target.id}/commands`, body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(message) });
      expect((await commandsOf(target.id)).body.total).toBe(before);
    });

    it('refuses a body over 64 KiB with 413 before reading it', async () => {
      const refused = await service.admin('POST', `/v1/devices/${target.id}/commands`, { verb: 'Replace', target: './A', data: 'a'.repeat(64 * 1024) });
      expect([refused.status, refused.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    });

    it('refuses a policy whose area would leave the Policy CSP', async () => {
      const refused = await service.admin('POST', `/v1/devices/${target.id}/commands/policy`, { area: '../../DMClient', policy: 'Unenroll', value: 1 });
      expect(refused.status).toBe(400);
    });
  });

  it('answers 404 for an unknown device or command, and 409 DEVICE_NOT_MANAGED for a device not enrolled over MS-MDE2', async () => {
    const unknown = await service.admin('POST', `/v1/devices/${UNKNOWN}/commands`, { verb: 'Get', target: './DevInfo/Mod' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'DEVICE_NOT_FOUND']);
    expect((await commandsOf(UNKNOWN)).status).toBe(404);
    const noCommand = await service.admin('GET', `/v1/devices/${device.id}/commands/${UNKNOWN}`);
    expect([noCommand.status, noCommand.body.error.code]).toEqual([404, 'DEVICE_COMMAND_NOT_FOUND']);

    for (const answer of [
      await service.admin('POST', `/v1/devices/${jsonEnrolled}/commands`, { verb: 'Get', target: './DevInfo/Mod' }),
      await service.admin('POST', `/v1/devices/${jsonEnrolled}/commands/reboot`),
      await service.admin('DELETE', `/v1/devices/${jsonEnrolled}/enrollment`),
      await service.admin('DELETE', `/v1/devices/${jsonEnrolled}/enrollment?force=true`),
    ]) {
      expect([answer.status, answer.body.error.code]).toEqual([409, 'DEVICE_NOT_MANAGED']);
    }
    expect((await commandsOf(jsonEnrolled)).body).toMatchObject({ items: [], total: 0 });
    expect((await service.admin('GET', '/v1/devices/x/commands')).status).toBe(404);
  });

  it('asks the device to unenroll: the DMClient unenroll command of this provider is queued once, and revoke points there', async () => {
    const target = await enrollDevice();

    const asked = await service.admin('DELETE', `/v1/devices/${target.id}/enrollment`);
    const again = await service.admin('DELETE', `/v1/devices/${target.id}/enrollment`);

    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ status: 'pending', commandId: expect.any(String), commandUrl: `/v1/devices/${target.id}/commands/${asked.body.commandId}` });
    expect(again.body).toEqual(asked.body);
    const { items } = (await commandsOf(target.id)).body;
    expect(items).toEqual([
      expect.objectContaining({
        id: asked.body.commandId,
        verb: 'Exec',
        target: './Vendor/MSFT/DMClient/Provider/EnrollmentOrchestrator/Unenroll',
        data: 'EnrollmentOrchestrator',
        format: 'chr',
        origin: 'unenroll',
        status: 'pending',
      }),
    ]);
    expect((await service.admin('GET', `/v1/devices/${target.id}`)).body.status).toBe('active');
    expect(await crlVerify(target.certificatePath)).toMatchObject({ ok: true });

    const revoke = await service.admin('POST', `/v1/devices/${target.id}/revoke`);
    expect(revoke.status).toBe(409);
    expect(revoke.body.error).toMatchObject({
      code: 'DEVICE_REVOKE_UNSUPPORTED',
      message: expect.stringContaining(`DELETE /v1/devices/${target.id}/enrollment`),
    });
  });

  it('forces the unenrollment: the device object is removed and its certificate is in the CRL (openssl verify -crl_check)', async () => {
    expect(await crlVerify(device.certificatePath)).toMatchObject({ ok: true });

    const forced = await service.admin('DELETE', `/v1/devices/${device.id}/enrollment?force=true`);

    expect(forced.status).toBe(202);
    expect(forced.body).toEqual({ status: 'unenrolling' });
    const removed = await waitFor(
      async () => {
        const { body } = await service.admin('GET', `/v1/devices/${device.id}`);
        return body.status === 'removed' ? body : undefined;
      },
      { what: 'the device object to be removed' },
    );
    expect(removed.removedAt).toEqual(expect.any(String));
    const verified = await crlVerify(device.certificatePath);
    expect(verified.ok).toBe(false);
    expect(verified.output).toContain('certificate revoked');
    const after = await service.admin('POST', `/v1/devices/${device.id}/commands/reboot`);
    expect([after.status, after.body.error.code]).toEqual([409, 'DEVICE_REMOVED']);
    expect((await commandsOf(device.id)).status).toBe(200);
  });
});
