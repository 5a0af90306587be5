import { X509Certificate } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { renderSyncml, SYNCML_CONTENT_TYPE, type SyncmlMessage, type SyncmlStatus } from '@app/enrollment';
import { selfSignedServerCertificate } from '@app/enrollment/pki/testing/server-certificate';
import { ApiClient } from '../apps/simulator/src/api-client';
import { WindowsDmClient } from '../apps/simulator/src/mde2/management-client';
import type { ManagedWindowsDevice } from '../apps/simulator/src/mde2/management-phase';
import type { DmSessionTranscript } from '../apps/simulator/src/mde2/dm-session.types';
import { runSimulation } from '../apps/simulator/src/simulation';
import { OpensslWorkspace } from './support/openssl';
import { TestService } from './support/service';
import { waitFor } from './support/wait';

const MDM_PATH = '/ManagementServer/MDM.svc';

interface Answer {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

/** One POST of a SyncML body on a connection of its own, from `from`, presenting `certificatePem` in the proxy header if given. */
function postSyncml(url: string, body: string, options: { certificatePem?: string; from?: string; contentType?: string } = {}): Promise<Answer> {
  const headers: Record<string, string | number> = { 'content-type': options.contentType ?? SYNCML_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) };
  if (options.certificatePem) headers['x-client-certificate'] = encodeURIComponent(options.certificatePem);
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers, agent: false, localAddress: options.from ?? '127.0.0.1' }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text, headers: response.headers }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Package 1 of a session as a device with `deviceId` opens it, without credentials. */
function package1(deviceId: string, sessionId: string, target: string): string {
  const message: SyncmlMessage = {
    header: { verDTD: '1.2', verProto: 'DM/1.2', sessionId, msgId: 1, target, source: deviceId, maxMsgSize: 65536 },
    commands: [
      { kind: 'Alert', cmdId: 2, data: '1201', items: [] },
      { kind: 'Replace', cmdId: 3, items: [{ source: './DevInfo/DevId', data: deviceId }] },
    ],
    final: true,
  };
  return renderSyncml(message);
}

const objectIdOf = (device: ManagedWindowsDevice) => /^CN=(.*)$/m.exec(new X509Certificate(device.enrollment.certificatePem).subject)![1];
const received = (transcript: DmSessionTranscript) => transcript.exchanges.map((exchange) => exchange.received!);
const statusesOf = (message: SyncmlMessage) => message.commands.filter((command): command is SyncmlStatus => command.kind === 'Status');

describe('OMA-DM management sessions (end to end)', () => {
  // X-Client-Certificate is trusted from 127.0.0.1 only; some cases connect from 127.0.0.2.
  const service = new TestService('management', { TRUSTED_PROXY_CIDRS: '127.0.0.1/32', MDE2_ENROLLMENT_WAIT_MS: '20000' });
  const openssl = new OpensslWorkspace();
  let devices: ManagedWindowsDevice[] = [];
  let api: ApiClient;
  let caPath: string;
  /** One Windows client per enrolled device, so that session ids and nonces carry on from test to test. */
  const clients = new Map<ManagedWindowsDevice, WindowsDmClient>();
  const dm = (device: ManagedWindowsDevice) => {
    let client = clients.get(device);
    if (!client) clients.set(device, (client = new WindowsDmClient(api, device.enrollment, device.privateKeyPem, device.deviceName)));
    return client;
  };

  beforeAll(async () => {
    await service.start(2);
    api = new ApiClient([service.baseUrl]);
    caPath = openssl.write('ca.pem', (await service.api('GET', '/v1/pki/ca.pem')).text);
    const report = await runSimulation({
      baseUrls: [service.baseUrl],
      adminKey: service.adminKey,
      pcs: 0,
      usersPerPc: 1,
      leaveRatio: 0,
      bulkDevices: 8,
      bulkProtocol: 'mde2',
      keyPoolSize: 8,
      onManagedDevices: (managed) => (devices = managed),
    });
    expect(report.failures).toEqual([]);
    expect(devices).toHaveLength(8);
  });
  afterAll(async () => {
    await service.stop();
    openssl.dispose();
  });

  const deviceView = async (device: ManagedWindowsDevice) => (await service.admin('GET', `/v1/devices/${objectIdOf(device)}`)).body;
  const commandsOf = async (device: ManagedWindowsDevice): Promise<any[]> => {
    const answer = await service.admin('GET', `/v1/devices/${objectIdOf(device)}/commands`);
    expect(answer.status).toBe(200);
    return answer.body.items ?? answer.body;
  };
  const queue = async (device: ManagedWindowsDevice, body: Record<string, unknown>, path = 'commands') => {
    const answer = await service.admin('POST', `/v1/devices/${objectIdOf(device)}/${path}`, body);
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };
  const crlPath = async () => openssl.write('crl.pem', (await service.api('GET', '/v1/pki/crl?format=pem')).text);
  const revoked = async (device: ManagedWindowsDevice) => {
    const certificate = openssl.write(`device-${objectIdOf(device)}.pem`, device.enrollment.certificatePem);
    return openssl.verify(['-crl_check', '-CAfile', caPath, '-CRLfile', await crlPath(), certificate]).output.includes('certificate revoked');
  };

  describe('a device that just enrolled', () => {
    let first: DmSessionTranscript;
    beforeAll(async () => {
      first = await dm(devices[0]).session();
    });

    it('opens with package 1 and is answered a Status for its header and for every command, by MsgRef and CmdRef', () => {
      expect({ ended: first.ended, problems: first.problems, detail: first.detail }).toEqual({ ended: 'final', problems: [], detail: undefined });
      const [sent, reply] = [first.exchanges[0].sent, first.exchanges[0].received!];
      expect(reply.header).toMatchObject({
        sessionId: sent.header.sessionId,
        msgId: 1,
        target: sent.header.source,
        source: devices[0].enrollment.managementUrl,
      });
      const statuses = statusesOf(reply);
      // The header's Cred is accepted (212) and a fresh nonce is issued for the next one.
      expect(statuses[0]).toMatchObject({ msgRef: 1, cmdRef: 0, cmd: 'SyncHdr', data: '212' });
      expect(statuses[0].chal?.nextNonce).toMatch(/^[A-Za-z0-9+/]+=*$/);
      const answerable = sent.commands.filter((command) => command.kind !== 'Status' && command.kind !== 'Results');
      expect(statuses.slice(1).map((status) => [status.cmdRef, status.cmd, status.data])).toEqual(
        answerable.map((command) => [command.cmdId, command.kind, '200']),
      );
    });

    it('is asked its DevInfo and DevDetail, and the inventory is on its device object with the check-in time', async () => {
      const asked = first.executed.filter((command) => command.command === 'Get').flatMap((command) => command.targets);
      expect(asked).toEqual(expect.arrayContaining(['./DevDetail/SwV', './DevInfo/Man', './DevInfo/Mod', './DevDetail/Ext/Microsoft/SMBIOSSerialNumber']));
      const tree = dm(devices[0]).tree;
      const view = await waitFor(async () => {
        const device = await deviceView(devices[0]);
        return device.management?.inventory?.osVersion ? device : undefined;
      });
      expect(view.management.inventory).toMatchObject({
        osVersion: tree.get('./DevDetail/SwV').value,
        manufacturer: tree.get('./DevInfo/Man').value,
        model: tree.get('./DevInfo/Mod').value,
        firmwareVersion: tree.get('./DevDetail/FwV').value,
        serialNumber: tree.get('./DevDetail/Ext/Microsoft/SMBIOSSerialNumber').value,
      });
      expect(Date.parse(view.management.lastCheckInAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(JSON.stringify(view)).not.toMatch(/nonce/i);
    });

    it('then polls: a session with nothing queued ends at the first answer, without asking the inventory again', async () => {
      const poll = await dm(devices[0]).session();
      expect({ ended: poll.ended, problems: poll.problems, executed: poll.executed }).toEqual({ ended: 'final', problems: [], executed: [] });
      expect(poll.exchanges).toHaveLength(1);
      expect(received(poll)[0].final).toBe(true);
    });

    it('writes the session on the DeviceManagement channel, started and ended', async () => {
      const events = await waitFor(async () => {
        const answer = await service.admin('GET', `/v1/devices/${objectIdOf(devices[0])}/events`);
        const items: any[] = answer.body.items;
        return items.filter((event) => event.eventId === 209).length >= 2 ? items : undefined;
      });
      const management = events.filter((event) => event.channel === 'Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin');
      expect(management.filter((event) => event.eventId === 208)).toHaveLength(2);
      expect(management.filter((event) => event.eventId === 209)).toHaveLength(2);
    });
  });

  describe('commands from admins', () => {
    it('are delivered at the next session, in order, once, and their status and results recorded', async () => {
      const device = devices[1];
      await dm(device).session();
      const get = await queue(device, { verb: 'Get', target: './DevDetail/SwV' });
      const policy = await queue(device, { area: 'Update', policy: 'ActiveHoursStart', value: '9' }, 'commands/policy');
      const reboot = await queue(device, {}, 'commands/reboot');
      const missing = await queue(device, { verb: 'Get', target: './Vendor/MSFT/NoSuchNode' });

      const session = await dm(device).session();
      expect({ ended: session.ended, problems: session.problems }).toEqual({ ended: 'final', problems: [] });
      expect(session.executed.map((command) => [command.command, command.targets, command.statusCode])).toEqual([
        ['Get', ['./DevDetail/SwV'], '200'],
        ['Replace', ['./Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart'], '200'],
        ['Exec', ['./Device/Vendor/MSFT/Reboot/RebootNow'], '200'],
        ['Get', ['./Vendor/MSFT/NoSuchNode'], '404'],
      ]);
      expect(session.reboots).toBe(1);

      const recorded = await waitFor(async () => {
        const commands = await commandsOf(device);
        return commands.every((command) => command.status === 'succeeded' || command.status === 'failed') ? commands : undefined;
      });
      const byId = new Map(recorded.map((command) => [command.id, command]));
      expect(byId.get(get)).toMatchObject({ status: 'succeeded', statusCode: '200', deliveries: 1 });
      expect(byId.get(get).results).toEqual([expect.objectContaining({ source: './DevDetail/SwV', data: dm(device).tree.get('./DevDetail/SwV').value })]);
      expect(byId.get(policy)).toMatchObject({ status: 'succeeded', statusCode: '200' });
      expect(byId.get(reboot)).toMatchObject({ status: 'succeeded', statusCode: '200' });
      expect(byId.get(missing)).toMatchObject({ status: 'failed', statusCode: '404' });

      // Answered commands do not go out again.
      const next = await dm(device).session();
      expect(next.executed).toEqual([]);
    });

    it('expire when no session takes them within their time to live, with their own status', async () => {
      const device = devices[2];
      const id = await queue(device, { verb: 'Get', target: './Vendor/MSFT/Test/Expiring', ttlSeconds: 1 });
      const expiresAt = Date.parse((await commandsOf(device)).find((command) => command.id === id).expiresAt);
      await waitFor(() => (Date.now() > expiresAt ? true : undefined), { what: 'the command to outlive its time to live' });

      const session = await dm(device).session();
      expect(session.ended).toBe('final');
      expect(session.executed.flatMap((executed) => executed.targets)).not.toContain('./Vendor/MSFT/Test/Expiring');
      const command = (await commandsOf(device)).find((candidate) => candidate.id === id);
      expect(command).toMatchObject({ status: 'expired', deliveries: 0 });
    });

    it("are split across messages by the device's MaxMsgSize, each message within it, and all carried out in order", async () => {
      const device = devices[3];
      await dm(device).session();
      const data = 'x'.repeat(1500);
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push(await queue(device, { verb: 'Replace', target: `./Vendor/MSFT/Test/Setting${i}`, data, format: 'chr' }));

      const session = await dm(device).session({ maxMsgSize: 4096 });
      expect({ ended: session.ended, problems: session.problems }).toEqual({ ended: 'final', problems: [] });
      expect(session.exchanges.length).toBeGreaterThan(2);
      for (const exchange of session.exchanges) expect(Buffer.byteLength(renderSyncml(exchange.received!))).toBeLessThanOrEqual(4096);
      // Each answer that left commands for later is not Final; the one with the last commands is, and so is the closing one.
      const answers = received(session);
      const carrying = answers.filter((message) => message.commands.some((command) => command.kind === 'Replace'));
      expect(carrying.map((message) => message.final)).toEqual([...Array<boolean>(carrying.length - 1).fill(false), true]);
      expect(answers.at(-1)!.commands.every((command) => command.kind === 'Status')).toBe(true);
      expect(session.executed.flatMap((command) => command.targets)).toEqual(ids.map((_, i) => `./Vendor/MSFT/Test/Setting${i}`));
      await waitFor(async () => ((await commandsOf(device)).every((command) => command.status === 'succeeded') ? true : undefined));
    });
  });

  describe('a session', () => {
    it('continues on another orchestrator: any orchestrator answers any message of it', async () => {
      const other = await service.startOrchestrator();
      const device = devices[4];
      await dm(device).session();
      for (let i = 0; i < 4; i++) await queue(device, { verb: 'Replace', target: `./Vendor/MSFT/Test/Moved${i}`, data: 'y'.repeat(1500), format: 'chr' });

      const session = await dm(device).session({ maxMsgSize: 4096, baseUrls: [service.baseUrl, other] });
      expect({ ended: session.ended, problems: session.problems }).toEqual({ ended: 'final', problems: [] });
      expect(new Set(session.exchanges.map((exchange) => new URL(exchange.url).origin))).toEqual(new Set([service.baseUrl, other]));
      expect(session.executed).toHaveLength(4);
    });

    it('ends cleanly when the device aborts it (Alert 1223), the commands not answered going out again later', async () => {
      const device = devices[5];
      await dm(device).session();
      for (let i = 0; i < 3; i++) await queue(device, { verb: 'Replace', target: `./Vendor/MSFT/Test/Abort${i}`, data: 'z'.repeat(1500), format: 'chr' });

      const aborted = await dm(device).session({ maxMsgSize: 4096, abortAtMessage: 2 });
      expect(aborted.ended).toBe('aborted');
      const last = aborted.exchanges.at(-1)!;
      expect(last.received!.final).toBe(true);
      expect(last.received!.commands.every((command) => command.kind === 'Status')).toBe(true);
      await waitFor(async () => {
        const events: any[] = (await service.admin('GET', `/v1/devices/${objectIdOf(device)}/events`)).body.items;
        return events.some((event) => event.eventId === 209 && /1223|abort/i.test(event.message)) ? true : undefined;
      });

      const resumed = await dm(device).session({ maxMsgSize: 4096 });
      expect(resumed.ended).toBe('final');
      const done = new Set([...aborted.executed, ...resumed.executed].flatMap((command) => command.targets));
      expect(done).toEqual(new Set([0, 1, 2].map((i) => `./Vendor/MSFT/Test/Abort${i}`)));
    });

    it('answers a message sent again (its answer lost) with the same answer, and records it once', async () => {
      const device = devices[6];
      const body = package1(device.enrollment.deviceId, 'A1', device.enrollment.managementUrl);
      const [first, again] = [
        await postSyncml(`${service.baseUrl}${MDM_PATH}`, body, { certificatePem: device.enrollment.certificatePem }),
        await postSyncml(`${service.baseUrl}${MDM_PATH}`, body, { certificatePem: device.enrollment.certificatePem }),
      ];
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toBe(SYNCML_CONTENT_TYPE);
      expect(Number(first.headers['content-length'])).toBe(Buffer.byteLength(first.text));
      expect(again.text).toBe(first.text);
      const managed = await waitFor(async () => ((await deviceView(device)).management?.sessions >= 1 ? (await deviceView(device)).management : undefined));
      expect(managed.sessions).toBe(1);
    });

    it('starts again after a wrong digest: the header is answered 401 with a new nonce, which the device then uses', async () => {
      const client = dm(devices[7]);
      client.enrollment.clientAuth.nonce = Buffer.from('not the nonce the server gave').toString('base64');
      const session = await client.session();
      expect({ ended: session.ended, problems: session.problems }).toEqual({ ended: 'final', problems: [] });
      const headerStatuses = session.statuses.filter((status) => status.cmdRef === 0);
      // Refused, then accepted with the nonce the refusal gave; the session's later messages carry no Cred.
      expect(headerStatuses.map((status) => status.data).slice(0, 2)).toEqual(['401', '212']);
      expect(headerStatuses.slice(2).every((status) => status.data === '200')).toBe(true);
      expect(headerStatuses[0].chal?.nextNonce).toBeDefined();
    });
  });

  describe('who is talking', () => {
    it('refuses a message without a certificate (401), from an untrusted proxy address (401), or with a foreign certificate (403), recording nothing', async () => {
      const device = devices[6];
      const url = `${service.baseUrl}${MDM_PATH}`;
      const before = (await deviceView(device)).management;
      const body = package1(device.enrollment.deviceId, 'B1', device.enrollment.managementUrl);
      const foreign = selfSignedServerCertificate({ names: [objectIdOf(device)] });

      expect((await postSyncml(url, body)).status).toBe(401);
      expect((await postSyncml(url, body, { certificatePem: device.enrollment.certificatePem, from: '127.0.0.2' })).status).toBe(401);
      expect((await postSyncml(url, body, { certificatePem: foreign.cert })).status).toBe(403);
      expect((await postSyncml(url, body, { certificatePem: devices[7].enrollment.certificatePem })).status).toBe(403);
      expect((await postSyncml(url, body, { certificatePem: device.enrollment.certificatePem, contentType: 'text/xml' })).status).toBe(415);
      expect((await postSyncml(url, '<SyncML>', { certificatePem: device.enrollment.certificatePem })).status).toBe(400);

      expect((await deviceView(device)).management).toEqual(before);
    });
  });

  describe('unenrollment', () => {
    it('by the device (Alert 1226): unenrolled, its certificate revoked in the CRL, its next session refused', async () => {
      const device = devices[0];
      const session = await dm(device).session({ unenroll: true });
      expect(session.ended).toBe('unenrolled');
      const statuses = statusesOf(received(session)[0]);
      expect(statuses.find((status) => status.cmd === 'Alert' && status.cmdRef === session.exchanges[0].sent.commands[0].cmdId)?.data).toBe('200');

      const view = await waitFor(async () => {
        const current = await deviceView(device);
        // Marked unenrolled first, the object removed last: the unenrollment is over when both show.
        return current.management?.unenrolledAt && current.status === 'removed' ? current : undefined;
      });
      expect(view).toMatchObject({ status: 'removed', management: { unenrollReason: 'device' } });
      expect(await revoked(device)).toBe(true);
      const events: any[] = (await service.admin('GET', `/v1/devices/${objectIdOf(device)}/events`)).body.items;
      expect(events.some((event) => event.eventId === 1210)).toBe(true);

      const refused = await postSyncml(`${service.baseUrl}${MDM_PATH}`, package1(device.enrollment.deviceId, 'C1', device.enrollment.managementUrl), {
        certificatePem: device.enrollment.certificatePem,
      });
      expect(refused.status).toBe(403);
    });

    it("by an admin: the DMClient unenroll command at the device's next session, then the same", async () => {
      const device = devices[1];
      const asked = await service.admin('DELETE', `/v1/devices/${objectIdOf(device)}/enrollment`);
      expect(asked.status).toBe(202);

      const session = await dm(device).session();
      expect(session.executed.map((command) => [command.command, command.targets])).toContainEqual([
        'Exec',
        [`./Vendor/MSFT/DMClient/Provider/${device.enrollment.providerId}/Unenroll`],
      ]);
      expect(session.unenrolled).toBe(true);
      const view = await waitFor(async () => {
        const current = await deviceView(device);
        // Marked unenrolled first, the object removed last: the unenrollment is over when both show.
        return current.management?.unenrolledAt && current.status === 'removed' ? current : undefined;
      });
      expect(view).toMatchObject({ status: 'removed', management: { unenrollReason: 'admin' } });
      expect(await revoked(device)).toBe(true);
    });

    it('by an admin with ?force=true: at once, without the device', async () => {
      const device = devices[2];
      const forced = await service.admin('DELETE', `/v1/devices/${objectIdOf(device)}/enrollment?force=true`);
      expect(forced.status).toBe(202);
      const view = await waitFor(async () => {
        const current = await deviceView(device);
        return current.management?.unenrolledAt && current.status === 'removed' ? current : undefined;
      });
      expect(view.management).toMatchObject({ unenrollReason: 'forced' });
      expect(await revoked(device)).toBe(true);
      const session = await dm(device).session();
      expect(session.exchanges[0].httpStatus).toBe(403);
    });
  });
});
