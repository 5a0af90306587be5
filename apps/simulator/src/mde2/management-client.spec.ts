import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  parseSyncml,
  renderSyncml,
  replyHeader,
  statusFor,
  statusForHeader,
  SYNCML_CONTENT_TYPE,
  type SyncmlAlert,
  type SyncmlCommand,
  type SyncmlItemCommand,
  type SyncmlMessage,
  type SyncmlResults,
  type SyncmlStatus,
} from '@app/enrollment';
import { ApiClient } from '../api-client';
import { md5Credential } from './dm-credential';
import type { DmEnrollment } from './dm-enrollment';
import { WindowsDmClient } from './management-client';

const DEVICE_ID = '5F7B4A1E2C3D4E5F8A9B0C1D2E3F4A5B';
const CERT_PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const MDM_PATH = '/ManagementServer/MDM.svc';

/** What the fake server is given for each device message: the message, and its reply number in the session. */
type Script = (received: SyncmlMessage, reply: number) => SyncmlMessage | string;

/**
 * A management server reduced to the codec: it records what it got, and answers each message with what
 * the test's script makes of it.
 */
class FakeDmServer {
  readonly received: SyncmlMessage[] = [];
  readonly headers: IncomingHttpHeaders[] = [];
  script: Script = (received) => this.answer(received, []);
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const message = parseSyncml(Buffer.concat(chunks).toString('utf8'));
        this.received.push(message);
        this.headers.push(request.headers);
        const reply = this.script(message, this.received.length);
        const body = typeof reply === 'string' ? reply : renderSyncml(reply);
        response.writeHead(200, { 'content-type': SYNCML_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The well-behaved reply: a Status for the header and for every command but Status and Results, then `commands`. */
  answer(
    received: SyncmlMessage,
    commands: SyncmlCommand[],
    options: { final?: boolean; nextNonce?: string; headerCode?: string; maxMsgSize?: number } = {},
  ): SyncmlMessage {
    let cmdId = 1;
    const headerStatus: SyncmlStatus = statusForHeader(received.header, options.headerCode ?? '200', cmdId++);
    if (options.nextNonce) headerStatus.chal = { format: 'b64', type: 'syncml:auth-md5', nextNonce: options.nextNonce };
    const statuses = received.commands.flatMap((command) =>
      command.kind === 'Status' || command.kind === 'Results' ? [] : [statusFor(command, received.header.msgId, '200', cmdId++)],
    );
    return {
      header: {
        ...replyHeader(received.header, `http://mdm.example.com${MDM_PATH}`, received.header.msgId),
        ...(options.maxMsgSize && { maxMsgSize: options.maxMsgSize }),
      },
      commands: [headerStatus, ...statuses, ...commands.map((command, index) => ({ ...command, cmdId: cmdId + index }))],
      final: options.final ?? true,
    };
  }
}

const get = (...targets: string[]): SyncmlItemCommand => ({ kind: 'Get', cmdId: 0, items: targets.map((target) => ({ target })) });
const ofKind = <K extends SyncmlCommand['kind']>(message: SyncmlMessage, kind: K) =>
  message.commands.filter((command): command is Extract<SyncmlCommand, { kind: K }> => command.kind === kind);

describe(WindowsDmClient.name, () => {
  const server = new FakeDmServer();
  const other = new FakeDmServer();
  let client: ApiClient;
  let sut: WindowsDmClient;
  const enrollment = (): DmEnrollment => ({
    deviceId: DEVICE_ID,
    managementUrl: `http://mdm.example.com${MDM_PATH}`,
    providerId: 'EnrollmentOrchestrator',
    certificatePem: CERT_PEM,
    clientAuth: { secret: 'EnrollmentOrchestrator', nonce: 'AAECAwQFBgcICQoLDA0ODw==' },
  });
  const session = (options: Parameters<WindowsDmClient['session']>[0] = {}) => sut.session({ baseUrls: [server.url], ...options });

  beforeAll(async () => {
    await Promise.all([server.start(), other.start()]);
    client = new ApiClient([server.url]);
  });
  afterAll(async () => {
    client.close();
    await Promise.all([server.stop(), other.stop()]);
  });
  beforeEach(() => {
    server.received.length = other.received.length = 0;
    server.headers.length = other.headers.length = 0;
    server.script = (received) => server.answer(received, []);
    other.script = (received) => other.answer(received, []);
    sut = new WindowsDmClient(client, enrollment(), 'unused-key', 'W-K3ZQ-0');
  });

  it("opens with package 1 as Windows sends it, and ends without another message when the server's reply is Final with statuses only", async () => {
    const transcript = await session();

    expect(server.received).toHaveLength(1);
    const [package1] = server.received;
    expect(package1.header).toMatchObject({
      verDTD: '1.2',
      verProto: 'DM/1.2',
      msgId: 1,
      target: `http://mdm.example.com${MDM_PATH}`,
      source: DEVICE_ID,
      maxMsgSize: 65536,
      cred: { type: 'syncml:auth-md5', format: 'b64', data: md5Credential(DEVICE_ID, 'EnrollmentOrchestrator', 'AAECAwQFBgcICQoLDA0ODw==') },
    });
    expect(package1.header.sessionId).toMatch(/^[0-9A-F]+$/);
    expect(package1.commands).toEqual([
      { kind: 'Alert', cmdId: 2, data: '1201', items: [] },
      { kind: 'Alert', cmdId: 3, data: '1224', items: [{ meta: { type: 'com.microsoft/MDM/LoginStatus' }, data: 'user' }] },
      {
        kind: 'Replace',
        cmdId: 4,
        items: [
          { source: './DevInfo/DevId', data: DEVICE_ID },
          { source: './DevInfo/Man', data: 'Dell Inc.' },
          { source: './DevInfo/Mod', data: 'Latitude 5420' },
          { source: './DevInfo/DmV', data: '1.3' },
          { source: './DevInfo/Lang', data: 'en-US' },
        ],
      },
    ]);
    expect(package1.final).toBe(true);
    expect(server.headers[0]['content-type']).toBe(SYNCML_CONTENT_TYPE);
    expect(decodeURIComponent(server.headers[0]['x-client-certificate'] as string)).toBe(CERT_PEM);
    expect(transcript).toMatchObject({ ended: 'final', problems: [], executed: [], reboots: 0, unenrolled: false, sessionId: package1.header.sessionId });
    expect(transcript.statuses.map((status) => status.cmd)).toEqual(['SyncHdr', 'Alert', 'Alert', 'Replace']);
  });

  it('opens with 1200 when the server asked for the session, and counts sessions in hex SessionIDs', async () => {
    await session({ trigger: 'server' });
    await session();
    expect(server.received[0].commands[0]).toMatchObject({ kind: 'Alert', data: '1200' });
    expect(server.received[1].commands[0]).toMatchObject({ kind: 'Alert', data: '1201' });
    expect(parseInt(server.received[1].header.sessionId, 16)).toBe(parseInt(server.received[0].header.sessionId, 16) + 1);
  });

  it("carries out the server's commands, answers each with its Status and a Get with Results, and updates its tree", async () => {
    server.script = (received, reply) =>
      reply === 1
        ? server.answer(received, [
            get('./DevDetail/SwV', './DevDetail/Ext/Microsoft/SMBIOSSerialNumber'),
            get('./Vendor/MSFT/Nothing/Here'),
            {
              kind: 'Replace',
              cmdId: 0,
              items: [{ target: './Device/Vendor/MSFT/Policy/Config/Update/ActiveHoursStart', meta: { format: 'int' }, data: '8' }],
            },
            { kind: 'Exec', cmdId: 0, items: [{ target: './Device/Vendor/MSFT/Reboot/RebootNow' }] },
            { kind: 'Replace', cmdId: 0, items: [{ target: './DevInfo/Man', data: 'Someone' }] },
            { kind: 'Unknown', name: 'Copy', cmdId: 0 },
          ])
        : server.answer(received, []);
    // The codec's renderer refuses unmodelled commands: the fake server writes the Copy itself.
    const render = server.script;
    server.script = (received, reply) => {
      const message = render(received, reply);
      if (typeof message === 'string' || reply !== 1) return message;
      const copy = message.commands.find((command) => command.kind === 'Unknown')!;
      const xml = renderSyncml({ ...message, commands: message.commands.filter((command) => command !== copy) });
      return xml.replace('<Final/>', `<Copy><CmdID>${copy.cmdId}</CmdID></Copy><Final/>`);
    };

    const transcript = await session();

    expect(server.received).toHaveLength(2);
    const second = server.received[1];
    const statuses = ofKind(second, 'Status');
    expect(statuses.map((status) => [status.cmd, status.cmdRef, status.msgRef, status.data])).toEqual([
      ['SyncHdr', 0, 1, '200'],
      ['Get', 5, 1, '200'],
      ['Get', 6, 1, '404'],
      ['Replace', 7, 1, '200'],
      ['Exec', 8, 1, '200'],
      ['Replace', 9, 1, '405'],
      ['Copy', 10, 1, '406'],
    ]);
    const results = ofKind(second, 'Results');
    expect(results).toEqual<SyncmlResults[]>([
      {
        kind: 'Results',
        cmdId: expect.any(Number) as number,
        msgRef: 1,
        cmdRef: 5,
        items: [
          { source: './DevDetail/SwV', meta: { format: 'chr' }, data: '10.0.19045.3803' },
          { source: './DevDetail/Ext/Microsoft/SMBIOSSerialNumber', meta: { format: 'chr' }, data: expect.stringMatching(/^[0-9A-Z]{7}$/) as string },
        ],
      },
    ]);
    expect(new Set(second.commands.map((command) => command.cmdId)).size).toBe(second.commands.length);
    expect(transcript).toMatchObject({ ended: 'final', reboots: 1, unenrolled: false, problems: [] });
    expect(transcript.executed.map((executed) => [executed.command, executed.statusCode])).toEqual([
      ['Get', '200'],
      ['Get', '404'],
      ['Replace', '200'],
      ['Exec', '200'],
      ['Replace', '405'],
      ['Copy', '406'],
    ]);
    expect(sut.tree.get('./Vendor/MSFT/Policy/Config/Update/ActiveHoursStart')).toMatchObject({ code: '200', value: '8', format: 'int' });
    expect(sut.reboots).toBe(1);
  });

  it('asks for the next message with Alert 1222 when the server reply is not Final', async () => {
    server.script = (received, reply) =>
      reply === 1 ? server.answer(received, [get('./DevDetail/SwV')], { final: false }) : server.answer(received, [], { final: true });

    const transcript = await session();

    expect(server.received).toHaveLength(2);
    const alerts = ofKind(server.received[1], 'Alert');
    expect(alerts).toEqual<SyncmlAlert[]>([
      { kind: 'Alert', cmdId: expect.any(Number) as number, data: '1222', items: [{ target: `http://mdm.example.com${MDM_PATH}`, source: DEVICE_ID }] },
    ]);
    expect(ofKind(server.received[1], 'Results')).toHaveLength(1);
    expect(transcript).toMatchObject({ ended: 'final', problems: [] });
  });

  it("splits its own answers by the server's MaxMsgSize, going on when the server asks with 1222", async () => {
    const many = Array.from({ length: 12 }, () => './DevDetail/Ext/Microsoft/SMBIOSSerialNumber');
    server.script = (received, reply) => {
      if (reply === 1)
        return server.answer(
          received,
          many.map((target) => get(target)),
          { maxMsgSize: 1500 },
        );
      if (!received.final) return server.answer(received, [{ kind: 'Alert', cmdId: 0, data: '1222', items: [] }], { maxMsgSize: 1500 });
      return server.answer(received, [], { maxMsgSize: 1500 });
    };

    const transcript = await session();

    const answers = server.received.slice(1);
    expect(answers.length).toBeGreaterThan(2);
    expect(answers.slice(0, -1).every((message) => !message.final)).toBe(true);
    expect(answers.at(-1)!.final).toBe(true);
    for (const message of answers) expect(Buffer.byteLength(renderSyncml(message))).toBeLessThanOrEqual(1500);
    expect(answers.flatMap((message) => ofKind(message, 'Results'))).toHaveLength(12);
    expect(transcript).toMatchObject({ ended: 'final', problems: [] });
  });

  it('aborts with Alert 1223 at the message asked, and sends nothing after it', async () => {
    server.script = (received) => server.answer(received, [get('./DevDetail/SwV')], { final: true });

    const transcript = await session({ abortAtMessage: 2 });

    expect(server.received).toHaveLength(2);
    expect(server.received[1].commands).toEqual([
      { kind: 'Status', cmdId: 1, msgRef: 1, cmdRef: 0, cmd: 'SyncHdr', data: '200', targetRef: [DEVICE_ID], sourceRef: [`http://mdm.example.com${MDM_PATH}`] },
      { kind: 'Alert', cmdId: 2, data: '1223', items: [] },
    ]);
    expect(transcript).toMatchObject({ ended: 'aborted', problems: [] });
  });

  it('asks to be unenrolled with Alert 1226 userrequest in package 1, and opens no session after it', async () => {
    const transcript = await session({ unenroll: true });

    expect(server.received[0].commands.filter((command) => command.kind === 'Alert').map((alert) => alert.data)).toEqual(['1201', '1224', '1226']);
    expect(server.received[0].commands[2]).toEqual({
      kind: 'Alert',
      cmdId: 4,
      data: '1226',
      items: [{ meta: { format: 'int', type: 'com.microsoft:mdm.unenrollment.userrequest' }, data: '1' }],
    });
    expect(transcript).toMatchObject({ ended: 'unenrolled', unenrolled: true, problems: [] });
    expect(await session()).toMatchObject({ ended: 'not-enrolled', exchanges: [] });
    expect(server.received).toHaveLength(1);
  });

  it('acknowledges the DMClient Unenroll Exec with 200 and is unenrolled once the session ends', async () => {
    server.script = (received, reply) =>
      reply === 1
        ? server.answer(received, [{ kind: 'Exec', cmdId: 0, items: [{ target: './Vendor/MSFT/DMClient/Unenroll', data: 'EnrollmentOrchestrator' }] }])
        : server.answer(received, []);

    const transcript = await session();

    expect(ofKind(server.received[1], 'Status').find((status) => status.cmd === 'Exec')?.data).toBe('200');
    expect(transcript).toMatchObject({ ended: 'final', unenrolled: true });
    expect(sut.unenrolled).toBe(true);
  });

  it("takes the header Status's NextNonce for the next session's Cred", async () => {
    const next = Buffer.from('fresh-nonce-0001').toString('base64');
    server.script = (received) => server.answer(received, [], { nextNonce: next });

    await session();
    await session();

    expect(sut.nonce).toBe(next);
    expect(server.received[1].header.cred?.data).toBe(md5Credential(DEVICE_ID, 'EnrollmentOrchestrator', next));
  });

  it('sends its commands again with a Cred from the challenge when the server answers the header 401', async () => {
    const next = Buffer.from('challenge-nonce!').toString('base64');
    server.script = (received, reply) => (reply === 1 ? server.answer(received, [], { headerCode: '401', nextNonce: next }) : server.answer(received, []));

    const transcript = await session();

    expect(server.received).toHaveLength(2);
    expect(server.received[1].header).toMatchObject({ msgId: 2, cred: { data: md5Credential(DEVICE_ID, 'EnrollmentOrchestrator', next) } });
    expect(server.received[1].commands.map((command) => command.kind)).toEqual(['Alert', 'Alert', 'Replace']);
    expect(transcript).toMatchObject({ ended: 'final', problems: [] });
  });

  it('ends as refused when the challenge is refused again', async () => {
    server.script = (received) => server.answer(received, [], { headerCode: '401', nextNonce: 'AAAA' });
    expect(await session()).toMatchObject({ ended: 'refused' });
    expect(server.received).toHaveLength(2);
  });

  it("names the server's mistakes: a missing Status, a Status for nothing sent, a wrong Cmd", async () => {
    server.script = (received) => {
      const reply = server.answer(received, []);
      const statuses = reply.commands as SyncmlStatus[];
      return {
        ...reply,
        commands: [statuses[0], { ...statuses[1], cmd: 'Replace' }, { ...statuses[2], cmdRef: 40 }],
      };
    };

    const transcript = await session();

    expect(transcript.problems).toEqual([
      'Status 2 names Replace for Alert CmdID 2 of message 1',
      'Status 3 answers MsgRef 1 CmdRef 40, which awaits no Status',
      'no Status for Alert CmdID 3 of message 1',
      'no Status for Replace CmdID 4 of message 1',
    ]);
  });

  it('sends each message of a session to the next orchestrator, on the management path', async () => {
    const script: Script = (received) => server.answer(received, received.header.msgId === 1 ? [get('./DevInfo/Lang')] : []);
    server.script = other.script = script;

    const transcript = await sut.session({ baseUrls: [server.url, other.url] });

    expect(transcript.exchanges.map((exchange) => exchange.url)).toEqual([`${server.url}${MDM_PATH}`, `${other.url}${MDM_PATH}`]);
    expect(server.received).toHaveLength(1);
    expect(other.received).toHaveLength(1);
    expect(transcript).toMatchObject({ ended: 'final', problems: [] });
  });

  it('ends as malformed when the answer is not SyncML', async () => {
    const refusing = new FakeDmServer();
    await refusing.start();
    try {
      refusing.script = () => '';
      const transcript = await sut.session({ baseUrls: [refusing.url] });
      expect(transcript.ended).toBe('malformed');
    } finally {
      await refusing.stop();
    }
  });
});
